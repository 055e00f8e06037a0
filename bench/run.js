'use strict';
/**
 * `npm run bench`: one run, side by side, against the anchors in /work/shared/DESIGN.md:
 *  1. realtime factor of a full 10-minute arrangement (planner + arranger output), streamed;
 *  2. the same note events through node-web-audio-api's OfflineAudioContext (bench/webaudio.js; the package is bench/peer's, installed on the first run, and the section says why when it cannot run);
 *  3. WAV writing: our incremental encoder vs wavefile's own packing;
 *  4. peak memory of a 60-minute streamed render (child process, spill + WAV on disk);
 *  5–10. planning, regeneration, sampled instruments (bench/sampler.js), dense planning and the CLI
 *  (bench/perf.js), the mix per palette (bench/mix.js).
 * Needs the compiled output: run `npm run build` first. CPU times are process user time, so
 * other processes on the machine skew them less than wall time (both are shown).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const dist = path.resolve(__dirname, '..', 'dist');
if (!fs.existsSync(path.join(dist, 'synth', 'index.js')) || !fs.existsSync(path.join(dist, 'audio', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const synth = require(path.join(dist, 'synth'));
const { layersFor } = require(path.join(dist, 'synth', 'instruments'));
const { createWavEncoder, streamScore } = require(path.join(dist, 'audio'));
const { WaveFile } = require('wavefile');
const { denseArrangement, longArrangement, fileIo } = require('./arrangement');

const SR = 48000;

if (process.argv[2] === '--stream-child') {
  // 4. run alone in a child so its peak RSS is its own
  const minutes = Number(process.argv[3]);
  const arr = longArrangement(minutes * 60, SR);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bench-'));
  const t = process.hrtime.bigint(), cu = process.cpuUsage();
  const io = fileIo(dir);
  const r = streamScore(arr, { targetLufs: -18, bitDepth: 24, meta: { title: 'bench' }, ditherSeed: () => 'bench' }, io);
  const wall = Number(process.hrtime.bigint() - t) / 1e6, cpu = process.cpuUsage(cu).user / 1000;
  const size = fs.statSync(path.join(dir, 'score.wav')).size;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ wall, cpu, maxRssMb: ownPeakRssMb(), lufs: r.integratedLufs, tp: r.truePeakDb, size }));
  process.exit(0);
}

/**
 * This process's own peak RSS. On Linux, getrusage's ru_maxrss (process.resourceUsage().maxRSS)
 * survives fork + exec: a spawned child starts out reporting the parent's RSS at the moment of the
 * spawn (measured: a 463 MB parent made an idle 41 MB child report 404 MB), so after sections 1–3
 * it showed the bench parent, not the render. VmHWM is the high-water mark of the child's own
 * address space, which exec starts afresh.
 */
function ownPeakRssMb() {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // no procfs (macOS, Windows): ru_maxrss, which there is the child's own
  }
  return process.resourceUsage().maxRSS / 1024;
}

const { timed } = require('./timing');
const { renderStreamed } = require('./two-passes');
const best = (runs, k) => Math.min(...runs.map((r) => r[k]));
const x = (seconds, ms) => `${((seconds * 1000) / ms).toFixed(0).padStart(5)}×`;
const pad = (s, n = 44) => s.padEnd(n);

/** pass 1 rendered straight into pass 2 (a reused gain: regeneration), to a discarding sink. */
function renderOnePass(arr, gainDb) {
  const r = new synth.ArrangementRenderer(arr);
  return synth.finalise({ sampleRate: arr.sampleRate, lengthSamples: arr.lengthSamples, tracks: 2, gainDb }, (o, n, t) => { r.renderChunk(t); }, () => {});
}

async function main() {
  console.log(`node ${process.version}, ${os.cpus().length} cpu(s) ${os.cpus()[0].model}, load average ${os.loadavg()[0].toFixed(2)} (other processes skew these numbers)`);

  // --- 1. synth -------------------------------------------------------------------------------
  const minutes = 10;
  const arr = longArrangement(minutes * 60, SR);
  const concurrency = (a) => {
    let n = 0;
    for (const e of a.events) for (const s of layersFor(e, SR)) n += s.sustain > 0 ? s.gate + 4.4 * s.releaseTau : Math.min(s.gate + 4.4 * s.releaseTau, s.attack + 6.9 * s.decayTau);
    return n / a.lengthSamples;
  };
  console.log(`\n1. synth: ${minutes}-minute arrangement from the planner and arranger (${arr.events.length} events, ~${concurrency(arr).toFixed(1)} concurrent layers), reverb + delay + bus + duck + limiter + meters`);
  const streamed = [];
  for (let i = 0; i < 3; i++) streamed.push(timed(() => renderStreamed(arr)));
  const sec = arr.lengthSamples / SR;
  console.log(`  ${pad('two passes (measure, then normalise + limit)')} cpu ${best(streamed, 'cpu').toFixed(0).padStart(6)} ms ${x(sec, best(streamed, 'cpu'))} realtime   wall ${best(streamed, 'wall').toFixed(0).padStart(6)} ms ${x(sec, best(streamed, 'wall'))}   (best of 3; goal ≥ 200×)`);
  console.log(`  ${pad('result')} ${streamed[0].out.integratedLufs.toFixed(2)} LUFS (target −18), ${streamed[0].out.truePeakDb.toFixed(2)} dBTP`);
  const one = [];
  for (let i = 0; i < 3; i++) one.push(timed(() => renderOnePass(arr, 0)));
  console.log(`  ${pad('one pass (reused gain, regeneration)')} cpu ${best(one, 'cpu').toFixed(0).padStart(6)} ms ${x(sec, best(one, 'cpu'))} realtime   wall ${best(one, 'wall').toFixed(0).padStart(6)} ms ${x(sec, best(one, 'wall'))}`);
  const dense = denseArrangement(60, SR);
  const d = [];
  for (let i = 0; i < 3; i++) d.push(timed(() => renderStreamed(dense)));
  console.log(`  ${pad(`stress: dense 60 s (~${concurrency(dense).toFixed(0)} layers, every instrument)`)} cpu ${best(d, 'cpu').toFixed(0).padStart(6)} ms ${x(60, best(d, 'cpu'))} realtime`);
  const mem = timed(() => synth.renderArrangement(dense, { targetLufs: -16, stems: true }));
  console.log(`  ${pad('stress + stems, in memory (renderArrangement)')} cpu ${mem.cpu.toFixed(0).padStart(6)} ms ${x(60, mem.cpu)} realtime`);

  // --- 2. Web Audio ---------------------------------------------------------------------------
  const waSeconds = 60;
  const piece = { ...arr, lengthSamples: waSeconds * SR, events: arr.events.filter((e) => e.start < waSeconds * SR), duck: [] };
  const layers = piece.events.flatMap((e) => layersFor(e, SR));
  console.log(`\n2. the same note events (first ${waSeconds} s: ${piece.events.length} events, ${layers.length} layers) — Cuebed vs node-web-audio-api OfflineAudioContext, paired`);
  // paired and alternated with equal warm-up, the same reverb shape on both sides (bench/fair.js)
  await require('./fair').benchWebAudioFair({ layers, seconds: waSeconds, sr: SR, ours: () => renderStreamed(piece) });

  // --- 3. WAV ---------------------------------------------------------------------------------
  const N = SR * 60 * minutes;
  const sig = renderOnePass(denseArrangement(20, SR), 0) && synth.renderArrangement(denseArrangement(20, SR), { targetLufs: -16 }).mix;
  console.log(`\n3. WAV writing: ${minutes} min 48 kHz stereo, incremental encoder (4096-frame blocks, as the CLI streams) vs wavefile`);
  for (const depth of [24, '32f']) {
    const enc = timed(() => {
      const e = createWavEncoder({ frames: N, channels: 2, sampleRate: SR, bitDepth: depth, meta: { title: 'bench' }, ditherSeed: 'bench' });
      let bytes = e.header.length + e.trailer.length;
      const block = [new Float32Array(4096), new Float32Array(4096)];
      for (let at = 0; at < N; at += 4096) {
        const n = Math.min(4096, N - at), o = at % (sig[0].length - 4096);
        block[0].set(sig[0].subarray(o, o + n)); block[1].set(sig[1].subarray(o, o + n));
        bytes += e.encodeBlock(block, n).length;
      }
      return bytes;
    });
    const seconds = depth === 24 ? 20 : 5;
    const n = SR * seconds;
    const toSamples = (ch) => {
      const out = new Float64Array(n);
      if (depth === 24) for (let i = 0; i < n; i++) out[i] = Math.max(-8388608, Math.min(8388607, Math.round(ch[i % ch.length] * 8388608)));
      else for (let i = 0; i < n; i++) out[i] = ch[i % ch.length];
      return out;
    };
    const sl = toSamples(sig[0]), sr = toSamples(sig[1]);
    const wf = timed(() => { const w = new WaveFile(); w.fromScratch(2, SR, String(depth), [sl, sr]); return w.toBuffer(); });
    const wfFull = (wf.cpu * (60 * minutes)) / seconds;
    console.log(`  ${pad(`${depth === 24 ? '24-bit, TPDF dither' : '32-bit float'}: Cuebed`)} cpu ${enc.cpu.toFixed(0).padStart(6)} ms (${(enc.out / 1e6).toFixed(0)} MB)   wavefile ${wfFull.toFixed(0)} ms (measured ${wf.cpu.toFixed(0)} ms on ${seconds} s, scaled) → ${(wfFull / enc.cpu).toFixed(0)}× faster (goal ≥ ${depth === 24 ? 10 : 50}×, DESIGN.md)`);
  }

  // --- 4. memory ------------------------------------------------------------------------------
  const long = 60;
  console.log(`\n4. memory: ${long}-minute streamed render in a child process (float spill + 24-bit score.wav on disk)`);
  const child = spawnSync(process.execPath, [__filename, '--stream-child', String(long)], { encoding: 'utf8' });
  if (child.status !== 0) {
    console.log(`  failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  } else {
    const r = JSON.parse(child.stdout.trim().split('\n').pop());
    console.log(`  ${pad('peak RSS')} ${r.maxRssMb.toFixed(0)} MB (goal < 400 MB) for ${(r.size / 1e9).toFixed(2)} GB of WAV; ${r.lufs.toFixed(2)} LUFS, ${r.tp.toFixed(2)} dBTP; cpu ${(r.cpu / 1000).toFixed(1)} s (${x(long * 60, r.cpu)}), wall ${(r.wall / 1000).toFixed(1)} s (${x(long * 60, r.wall)}) incl. disk`);
  }
}

async function all() {
  await main();
  // --- 5. planning and 6. regeneration (their own scripts, also runnable alone) ---------------
  console.log('\n5. planning: 2-hour timeline, 3,000 cuts, 500 dialogue regions (goal < 200 ms, near-linear)');
  require('./plan').benchPlan();
  console.log('\n6. regeneration after a one-shot trim in a 10-minute sequence vs a full render (goal < 15%)');
  require('./regen').benchRegen();
  console.log('\n7. sampled instruments (issue 13): bank load, cold/warm render, speed vs spessasynth_core, 60-min memory');
  await require('./sampler').benchSampler();
  // --- 8. dense planning and 9. the CLI as users run it (bench/perf.js) ------------------------
  require('./perf').benchPerf();
  // --- 10. the mix against produced music (issue 13 point 5) --------------------------------
  await require('./mix').benchMix();
}

all().catch((e) => { console.error(e); process.exit(1); });
