'use strict';
/**
 * Regeneration cost: a 10-minute sequence is scored (plan, arrange, render, encode, render.json,
 * as `cuebed score` does), then one shot in the middle is trimmed by half a second (a ripple) and
 * the edit is regenerated from the previous render (diff, re-plan, copy + partial render, encode).
 * Goal: regeneration < 15% of the full render. File reading/writing is left out of both.
 * Plain Node over the compiled dist/: run `npx tsc -p tsconfig.build.json` (or `npm run build`) first.
 * Exported as `benchRegen()` for bench/run.js; prints when run directly.
 */
const fs = require('fs');
const path = require('path');
const { generatedTimeline } = require('./plan');

const dist = path.resolve(__dirname, '..', 'dist');
const TICKS_PER_SECOND = 254016000000;

/** The timeline with the shot ending at cut `k` trimmed by `frames` (everything after it ripples left). */
function trimShot(tl, k, frames) {
  const tpf = (TICKS_PER_SECOND * tl.frameRate.den) / tl.frameRate.num;
  const cut = tl.cuts[k];
  const d = Math.round(frames * tpf);
  const at = cut.time;
  const move = (t) => (t >= at ? t - d : t > at - d ? at - d : t);
  const clip = (c) => ({ ...c, start: move(c.start), end: move(c.end) });
  return {
    ...tl,
    range: { start: tl.range.start, end: move(tl.range.end) },
    cuts: tl.cuts.filter((c, i) => i === k || c.time <= at - d || c.time >= at).map((c) => (c.time >= at ? { frame: c.frame - frames, time: c.time - d } : c)),
    videoClips: tl.videoClips.map(clip).filter((c) => c.end > c.start),
    audioClips: tl.audioClips.map(clip).filter((c) => c.end > c.start),
    dialogue: tl.dialogue.map(clip).filter((c) => c.end > c.start),
    markers: tl.markers.map((m) => ({ ...m, start: move(m.start), end: move(m.end) })),
  };
}

function benchRegen(log = console.log) {
  if (!fs.existsSync(path.join(dist, 'regen', 'index.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first.');
  const { planScore } = require(path.join(dist, 'plan'));
  const { arrange } = require(path.join(dist, 'music'));
  const { renderArrangement } = require(path.join(dist, 'synth'));
  const { encodeWav } = require(path.join(dist, 'audio'));
  const { regenerate, scoreRecordJson, parseRenderRecord } = require(path.join(dist, 'regen'));
  const options = { brief: 'bright, forward-moving corporate underscore', seed: 1, sampleRate: 48000, bitDepth: 24 };
  const timeline = generatedTimeline(600, 250, 40, 3);
  const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

  // Warm the JIT on a short score first, as a panel session would be.
  const warm = generatedTimeline(30, 12, 2, 9);
  const warmPlan = planScore(warm, options);
  encodeWav(renderArrangement(arrange(warmPlan), { targetLufs: warmPlan.targetLufs }).mix, options.sampleRate, options.bitDepth, {}, 'warm');

  let t = process.hrtime.bigint();
  const plan = planScore(timeline, options);
  const render = renderArrangement(arrange(plan), { targetLufs: plan.targetLufs });
  const wav = encodeWav(render.mix, options.sampleRate, options.bitDepth, {}, `${plan.seed}:score`);
  const recordText = scoreRecordJson(options, render, 'bench');
  const full = ms(t);
  const planText = JSON.stringify(plan);

  const k = Math.floor(timeline.cuts.length / 2);
  const edited = trimShot(timeline, k, 12);
  const runs = [];
  let result;
  for (let i = 0; i < 3; i++) {
    t = process.hrtime.bigint();
    const prev = { plan: JSON.parse(planText), record: parseRenderRecord(recordText, 'render.json'), wav, folder: 'previous' };
    result = regenerate(edited, prev);
    runs.push(ms(t));
  }
  runs.sort((a, b) => a - b);
  const regen = runs[1];
  const synthesised = result.renderedSpans.reduce((a, [s, e]) => a + (e - s), 0) / options.sampleRate;
  log(`regen: 10 min sequence, ${plan.sections.length} sections, one shot trimmed by 12 frames at ${(timeline.cuts[k].time / TICKS_PER_SECOND).toFixed(1)} s`);
  log(`  full render      ${full.toFixed(0).padStart(8)} ms   (plan, arrange, render, encode 24-bit, render.json)`);
  log(`  regeneration     ${regen.toFixed(0).padStart(8)} ms   (median of 3; ${result.kept.length} kept, ${result.shifted.length} shifted, ${result.rendered.length} re-rendered, ${synthesised.toFixed(1)} s synthesised)`);
  log(`  ratio            ${((100 * regen) / full).toFixed(1).padStart(8)} %    (goal < 15%)`);
  log(`  loudness         ${result.integratedLufs.toFixed(2)} LUFS after regeneration at the reused gain (full render ${render.integratedLufs.toFixed(2)} LUFS)`);
  return { fullMs: full, regenMs: regen, ratio: regen / full };
}

module.exports = { benchRegen, trimShot };

if (require.main === module) {
  try {
    benchRegen();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
