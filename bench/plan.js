'use strict';
/**
 * Planner speed: a generated 2-hour timeline with 3,000 cuts and 500 dialogue regions (goal
 * < 200 ms), and the same density at 750 / 1,500 / 3,000 cuts to show the cost grows near-linearly.
 * Plain Node over the compiled dist/: run `npx tsc -p tsconfig.build.json` (or `npm run build`) first.
 * Exported as `benchPlan()` for bench/run.js; prints when run directly.
 */
const fs = require('fs');
const path = require('path');

const dist = path.resolve(__dirname, '..', 'dist');

const TICKS_PER_SECOND = 254016000000;
const RATE = { num: 24000, den: 1001 };
const ticksOfFrame = (f) => Math.round((f * RATE.den * TICKS_PER_SECOND) / RATE.num);

/** A Timeline (src/timeline/model.ts) built directly: varied shot lengths, dialogue between shots. */
function generatedTimeline(seconds, cutCount, dialogueCount, seed = 1) {
  // the project's own seeded generator: the bench timeline is the same on every run
  const rand = require(path.join(dist, 'plan', 'random')).seededRandom('bench-timeline', seed);
  const totalFrames = Math.round((seconds * RATE.num) / RATE.den);
  const weights = Array.from({ length: cutCount + 1 }, () => {
    const r = rand();
    return r < 0.25 ? 0.4 + rand() * 0.4 : r < 0.8 ? 0.8 + rand() * 0.8 : 1.6 + rand() * 1.6;
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const frames = new Set();
  let acc = 0;
  for (let i = 0; i < cutCount; i++) {
    acc += weights[i];
    const f = Math.round((acc / sum) * totalFrames);
    if (f > 0 && f < totalFrames) frames.add(f);
  }
  const cutFrames = [...frames].sort((a, b) => a - b);
  const edges = [0, ...cutFrames, totalFrames];
  const videoClips = edges.slice(1).map((e, i) => ({
    name: `shot ${i}`, start: ticksOfFrame(edges[i]), end: ticksOfFrame(e), enabled: true, coverage: 'opaque', track: 1,
  }));
  // Dialogue: one region per slot of seconds/dialogueCount, 2–9 s long, placed at random in it.
  const slot = seconds / dialogueCount;
  const dialogue = [];
  const audioClips = [];
  for (let i = 0; i < dialogueCount; i++) {
    const len = Math.min(slot * 0.8, 2 + rand() * 7);
    const a = i * slot + rand() * (slot - len);
    const start = Math.round(a * TICKS_PER_SECOND);
    const end = Math.round((a + len) * TICKS_PER_SECOND);
    dialogue.push({ start, end, source: 'A1 Interview' });
    audioClips.push({ name: `line ${i}`, start, end, inPoint: 0, outPoint: end - start, mediaPath: `/nonexistent/line${i}.wav`, enabled: true, track: 1 });
  }
  const markers = [];
  for (let i = 1; i <= 12; i++) {
    const f = cutFrames[Math.floor((i * cutFrames.length) / 13)];
    markers.push({ start: ticksOfFrame(f), end: ticksOfFrame(f), name: i % 3 === 0 ? 'hit' : `Scene ${i}`, comment: '' });
  }
  return {
    source: 'bench', name: `bench ${seconds}s ${cutCount} cuts`, frameRate: RATE,
    range: { start: 0, end: ticksOfFrame(totalFrames) },
    videoClips, audioClips,
    cuts: cutFrames.map((f) => ({ frame: f, time: ticksOfFrame(f) })),
    dialogue, markers, dialogueTracks: [1], warnings: [],
  };
}

function benchPlan(log = console.log) {
  if (!fs.existsSync(path.join(dist, 'plan', 'index.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first.');
  const { planScore } = require(path.join(dist, 'plan'));
  const opts = { brief: 'bright, forward-moving corporate underscore', seed: 1, sampleRate: 48000, stingers: 'scenes' };
  const time = (timeline, runs) => {
    const ms = [];
    let plan;
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      plan = planScore(timeline, opts);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    return { ms: ms[Math.floor(ms.length / 2)], plan };
  };
  // Warm the JIT on a small plan first, as a panel session would be.
  time(generatedTimeline(600, 250, 40, 7), 3);
  const full = generatedTimeline(7200, 3000, 500);
  const main = time(full, 5);
  const p = main.plan;
  log(`plan: 2 h timeline, ${p.cuts.length} cuts, ${p.dialogue.length} dialogue regions`);
  log(`  plan             ${main.ms.toFixed(1).padStart(8)} ms   (median of 5; goal < 200 ms)`);
  log(`  result           ${p.sections.length} sections, hit rate ${(p.hitRate * 100).toFixed(1)}%, max tempo change ${p.maxTempoChangePct.toFixed(2)}%, ${p.stingers.length} stingers, ${p.ducking.length} duck keys`);
  const scaling = [];
  for (const cuts of [750, 1500, 3000]) {
    const r = time(generatedTimeline((7200 * cuts) / 3000, cuts, Math.round((500 * cuts) / 3000)), 5);
    scaling.push({ cuts, ms: r.ms });
    log(`  ${String(cuts).padStart(5)} cuts       ${r.ms.toFixed(1).padStart(8)} ms   ${(r.ms / cuts * 1000).toFixed(1)} µs/cut`);
  }
  const growth = scaling[2].ms / scaling[0].ms;
  log(`  growth 750→3000 cuts: ×${growth.toFixed(2)} (linear would be ×4)`);
  return { ms: main.ms, scaling, growth };
}

module.exports = { benchPlan, generatedTimeline };

if (require.main === module) {
  try {
    benchPlan();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
