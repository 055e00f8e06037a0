'use strict';
/**
 * `npm run bench`: speed of the synth, the BS.1770 meter and WAV packing, against the anchors in
 * /work/shared/DESIGN.md. Needs the compiled output: run `npm run build` first.
 */
const fs = require('fs');
const path = require('path');

const dist = path.resolve(__dirname, '..', 'dist');
if (!fs.existsSync(path.join(dist, 'synth', 'index.js')) || !fs.existsSync(path.join(dist, 'audio', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const { renderArrangement, measureLoudness } = require(path.join(dist, 'synth'));
const { layersFor } = require(path.join(dist, 'synth', 'instruments'));
const { gatedLoudness } = require(path.join(dist, 'synth', 'loudness'));
const { truePeak } = require(path.join(dist, 'synth', 'truepeak'));
const os = require('os');
const { encodeWav, decodeWav } = require(path.join(dist, 'audio'));
const { WaveFile } = require('wavefile');
const { denseArrangement } = require('./arrangement');

const SR = 48000;
console.log(`node ${process.version}, ${os.cpus().length} cpu(s) ${os.cpus()[0].model}, load average ${os.loadavg()[0].toFixed(2)} (other processes skew these numbers)`);
let peakRss = 0;
function sampleRss() { peakRss = Math.max(peakRss, process.memoryUsage().rss); }
function time(fn) {
  const t = process.hrtime.bigint();
  const out = fn();
  sampleRss();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
}
function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function fmt(x, d = 0) { return x.toFixed(d).padStart(8); }

// --- synth ---------------------------------------------------------------------------------
const arr = denseArrangement(60, SR);
let layerSamples = 0, tonal = 0;
for (const e of arr.events) for (const s of layersFor(e, SR)) {
  const d = s.sustain > 0 ? s.gate + 4.6 * s.releaseTau : Math.min(s.gate + 4.6 * s.releaseTau, s.attack + 6.9 * s.decayTau);
  layerSamples += d;
  if (e.group !== 'percussion' && e.group !== 'stingers') tonal += d;
}
console.log(`synth: 60 s dense arrangement, ${arr.events.length} events, ~${(tonal / arr.lengthSamples).toFixed(1)} concurrent tonal voices, ~${(layerSamples / arr.lengthSamples).toFixed(1)} layers incl. percussion, reverb + delay + bus + limiter`);
const runs = [];
let render;
for (let i = 0; i < 3; i++) { const r = time(() => renderArrangement(arr, { targetLufs: -16 })); runs.push(r.ms); render = r.out; }
console.log(`  render           ${fmt(median(runs))} ms   ${fmt(60000 / median(runs), 1)} × realtime  (median of 3; goal ≥ 200×)`);
console.log(`  result           ${render.integratedLufs.toFixed(2)} LUFS, ${render.truePeakDb.toFixed(2)} dBTP, gain ${render.gainDb.toFixed(2)} dB`);
const withStems = time(() => renderArrangement(arr, { targetLufs: -16, stems: true }));
console.log(`  render + stems   ${fmt(withStems.ms)} ms   ${fmt(60000 / withStems.ms, 1)} × realtime`);

// --- meter ---------------------------------------------------------------------------------
const meterRuns = [];
for (let i = 0; i < 5; i++) meterRuns.push(time(() => measureLoudness(render.mix, SR)).ms);
console.log(`meter: BS.1770-4 integrated + momentary + 4× true peak on the 60 s mix`);
console.log(`  measureLoudness  ${fmt(median(meterRuns), 1)} ms   ${fmt(60000 / median(meterRuns), 0)} × realtime  (goal ≥ 1000×)`);
const gatedRuns = [], tpRuns = [];
for (let i = 0; i < 5; i++) {
  gatedRuns.push(time(() => gatedLoudness(render.mix, SR)).ms);
  tpRuns.push(time(() => truePeak(render.mix[0]) + truePeak(render.mix[1])).ms);
}
console.log(`    of which gated loudness ${fmt(median(gatedRuns), 1)} ms (${(60000 / median(gatedRuns)).toFixed(0)}×), true peak ${fmt(median(tpRuns), 1)} ms (${(60000 / median(tpRuns)).toFixed(0)}×; worst case, a steady full-scale tone, ~350×)`);

// --- WAV -----------------------------------------------------------------------------------
const minutes = 10;
const N = SR * 60 * minutes;
const L = new Float32Array(N), R = new Float32Array(N);
for (let i = 0; i < N; i++) { const m = render.mix[0].length; L[i] = render.mix[0][i % m]; R[i] = render.mix[1][i % m]; }
console.log(`wav: ${minutes} min 48 kHz stereo`);
for (const depth of [24, '32f']) {
  const enc = time(() => encodeWav([L, R], SR, depth, { title: 'bench' }, 'bench'));
  const dec = time(() => decodeWav(enc.out));
  // wavefile's own packing on a shorter piece, scaled (it takes minutes at full length)
  const seconds = depth === 24 ? 20 : 5;
  const n = SR * seconds;
  const toSamples = (x) => {
    const out = new Float64Array(n);
    if (depth === 24) for (let i = 0; i < n; i++) out[i] = Math.max(-8388608, Math.min(8388607, Math.round(x[i] * 8388608)));
    else for (let i = 0; i < n; i++) out[i] = x[i];
    return out;
  };
  const sl = toSamples(L), sr = toSamples(R);
  const wf = time(() => { const w = new WaveFile(); w.fromScratch(2, SR, String(depth), [sl, sr]); return w.toBuffer(); });
  const wfFull = (wf.ms * (60 * minutes)) / seconds;
  console.log(`  ${String(depth).padEnd(3)} hand-packed encode ${fmt(enc.ms)} ms (dithered: ${depth === 24}), decode ${fmt(dec.ms)} ms, ${(enc.out.length / 1e6).toFixed(0)} MB`);
  console.log(`  ${String(depth).padEnd(3)} wavefile packing   ${fmt(wfFull)} ms (measured ${wf.ms.toFixed(0)} ms on ${seconds} s, scaled)  → hand-packed is ${(wfFull / enc.ms).toFixed(0)}× faster (goal ${depth === 24 ? '≥ 10×' : '≥ 50×'})`);
}

sampleRss();
const maxRssKb = process.resourceUsage().maxRSS;
console.log(`memory: peak rss ${(Math.max(peakRss, maxRssKb * 1024) / 1048576).toFixed(0)} MB (10 min stereo float buffers + encoded files dominate)`);
