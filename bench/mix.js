'use strict';
/**
 * `npm run bench` section 10: the mix against produced music (issue 13 point 5). Every palette
 * (src/music/palette.ts PALETTE_DEMOS) renders the bundled demo and a 3-minute sequence (cuts
 * every 2.5–7 s, two interview stretches) through the sound bank; src/report/mix-analysis.ts
 * measures each beside the range of produced library music (Debian's wesnoth and hyperrogue
 * music, measured with the same code: see test/sound/produced-music.test.ts), and where the bed's
 * energy sits under dialogue against between lines.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { syntheticShots } = require('./arrangement');

const dist = path.resolve(__dirname, '..', 'dist');
const SR = 48000;

/** The issue's produced-music table: median [min..max]. */
const PRODUCED = 'produced music (issue 13 table): low −4.7 [−15…−2.5] dB, mid −1.9 [−3.6…−0.3] dB, centroid 1,600 [924…2,795] Hz, ' +
  'rolloff 2,648 Hz, flatness −51 [−62…−33] dB, change ≥ 0.50, corr 0.34 [−0.10…0.67], side/mid −3.1 [−7…+0.9] dB';

function threeMinutes() {
  const { buildTimeline } = require(path.join(dist, 'timeline', 'build'));
  const { TICKS_PER_SECOND } = require(path.join(dist, 'time', 'ticks'));
  const tpf = TICKS_PER_SECOND / 25;
  const clips = syntheticShots(180, 4242, TICKS_PER_SECOND);
  const talk = [[40, 58], [118, 134]].map(([a, b], k) => ({ name: `interview ${k}`, start: a * 25 * tpf, end: b * 25 * tpf, enabled: true, mediaPath: `/media/talk${k}.wav` }));
  return buildTimeline({
    source: 'bench', name: 'bench 3 min', frameRate: { num: 25, den: 1 }, audioSampleRate: SR, markers: [], warnings: [],
    tracks: [{ kind: 'video', index: 1, name: 'V1', enabled: true, clips }, { kind: 'audio', index: 1, name: 'Interview', enabled: true, clips: talk }],
  });
}

/**
 * Where the bed's energy sits under dialogue against between lines (the speech dip,
 * src/synth/speech-dip.ts): shares below 120 Hz, 120–300 Hz, 300 Hz–4 kHz and above 4 kHz.
 */
function underDialogue([L, R], plan, bandSharesDb) {
  const bands = [[20, 120], [120, 300], [300, 4000], [4000, 24000]];
  const under = [], between = [];
  let prev = 0;
  for (const d of plan.dialogue) {
    under.push([d.startSample + 0.4 * SR, d.endSample]);
    if (d.startSample - SR - prev > 3 * SR) between.push([prev, d.startSample - SR]);
    prev = d.endSample + 2 * SR;
  }
  if (L.length - 2 * SR - prev > 3 * SR) between.push([prev, L.length - 2 * SR]);
  const mean = (spans) => {
    const acc = bands.map(() => 0);
    for (const [a, b] of spans) bandSharesDb(L, R, SR, Math.round(a), Math.round(b), bands).forEach((v, i) => (acc[i] += v / spans.length));
    return acc.map((v) => v.toFixed(1)).join(' / ');
  };
  return `under dialogue <120 / 120–300 / 300–4k / >4k Hz: ${mean(under)} dB; between lines ${mean(between)} dB`;
}

async function benchMix() {
  const { loadSoundBank } = require(path.join(dist, 'io', 'bank'));
  const { readTimelineFile } = require(path.join(dist, 'timeline'));
  const { planScore } = require(path.join(dist, 'plan'));
  const { arrange } = require(path.join(dist, 'music'));
  const { PALETTES, PALETTE_DEMOS } = require(path.join(dist, 'music', 'palette'));
  const { renderArrangement } = require(path.join(dist, 'synth'));
  const { analyseMix, bandSharesDb, formatFigures, missedTargets } = require(path.join(dist, 'report', 'mix-analysis'));
  console.log(`\n10. mix against produced music, every palette through the sound bank (load average ${os.loadavg()[0].toFixed(2)})`);
  console.log(`  ${PRODUCED}`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bench-mix-'));
  try {
    const sampler = await loadSoundBank({ cacheDir });
    const demo = readTimelineFile(fs.readFileSync(path.resolve(__dirname, '..', 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml');
    const sequences = [['demo', demo], ['3 min', threeMinutes()]];
    // every palette by its demo preset and brief, and the presets that reach a palette their own way
    const runs = [...PALETTES.map((name) => [name, PALETTE_DEMOS[name]]), ['e-learning', { preset: 'e-learning', brief: '' }], ['ai-film', { preset: 'ai-film', brief: '' }]];
    for (const [name, { preset, brief }] of runs) {
      for (const [label, timeline] of sequences) {
        const plan = planScore(timeline, { brief, preset, seed: 1, sampleRate: SR, stingers: 'scenes' });
        const r = renderArrangement({ ...arrange(plan), sampler }, { targetLufs: plan.targetLufs });
        const f = analyseMix(r.mix[0], r.mix[1], SR);
        const missed = missedTargets(f);
        console.log(`  ${`${name}, ${label}`.padEnd(20)} ${formatFigures(f)}${missed.length ? `   MISSES ${missed.join('; ')}` : ''}`);
        if (plan.dialogue.length) console.log(`  ${''.padEnd(20)} ${underDialogue(r.mix, plan, bandSharesDb)}`);
      }
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

module.exports = { benchMix };
if (require.main === module) benchMix();
