'use strict';
/**
 * Issue 17's goals, measured where users meet them (bench/run.js sections 8–9; alone:
 * `node bench/perf.js [plan|cli|stems [minutes] [threads]]`):
 *  8. planning dense cuts: 10 minutes with 1,000 / 3,000 / 10,000 cuts in-process (goal: 10,000
 *     in < 1 s), and 100,000 clips (~2 h 13 min) read and planned by `cuebed plan` as a whole
 *     process, from a host snapshot and from FCP7 XML (goal < 10 s, < 1 GB);
 *  9. the CLI end to end (bench/cli.js) on the synth palette (--sound-bank none): `cuebed score`
 *     at 10 and 60 minutes (goal ≥ 200× realtime wall, whole process) on one core
 *     (CUEBED_RENDER_THREADS=1) and on two (a worker thread renders one of the two voice parts,
 *     src/io/render-worker.ts; the WAVs are written by a thread of their own either way), and `cuebed regen` after a one-shot trim from that streamed render
 *     (goal ≤ 15 % of the score's wall time, ≤ 2× its peak RSS), then `--stems` (goal ≤ 1.5× the
 *     mix-only run; temporary disk, as the float spill's furthest byte written (bench/peak.js), vs
 *     the final WAVs). Every pair alternated, ≥ 3 rounds, medians and ranges with the load average.
 *     CPU is the whole process's, worker included.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generatedTimeline } = require('./plan');
const { benchCli, runCli, median, range } = require('./cli');

const dist = path.resolve(__dirname, '..', 'dist');
const TPF25 = 254016000000 / 25;
/** Issue 17's whole-run and stems goals are on the synth palette. */
const SYNTH = ['--sound-bank', 'none'];

function benchDensePlanning(log = console.log) {
  const { planScore } = require(path.join(dist, 'plan'));
  const opts = { brief: 'bright, forward-moving corporate underscore', seed: 1, sampleRate: 48000, stingers: 'scenes' };
  planScore(generatedTimeline(600, 250, 40, 7), opts);
  log(`  load average ${os.loadavg()[0].toFixed(2)}`);
  const out = {};
  for (const cuts of [1000, 3000, 10000]) {
    const tl = generatedTimeline(600, cuts, 40);
    const ms = [];
    let plan;
    for (let i = 0; i < 3; i++) {
      const u = process.cpuUsage();
      const t = process.hrtime.bigint();
      plan = planScore(tl, opts);
      ms.push({ wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: process.cpuUsage(u).user / 1000 });
    }
    const w = ms.map((m) => m.wall), c = ms.map((m) => m.cpu);
    out[cuts] = { wall: median(w), cpu: median(c), hitRate: plan.hitRate };
    log(`  10 min, ${String(plan.cuts.length).padStart(5)} cuts   plan wall ${median(w).toFixed(0).padStart(5)} ms (${range(w)}), cpu ${median(c).toFixed(0)} ms; hit rate ${(plan.hitRate * 100).toFixed(1)}%, max tempo change ${plan.maxTempoChangePct.toFixed(1)}%${cuts === 10000 ? '   (goal < 1 s)' : ''}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-plan-bench-'));
  try {
    const { json, xml, minutes } = bigInputs(dir, 100000);
    for (const [kind, file] of [['host snapshot', json], ['FCP7 XML', xml]]) {
      const r = runCli(['plan', file, '--max-input-mb', '400']);
      log(`  100,000 clips (${minutes.toFixed(0)} min), ${kind.padEnd(13)} \`cuebed plan\` wall ${(r.wall / 1000).toFixed(1)} s, cpu ${((r.userMs + r.systemMs) / 1000).toFixed(1)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB (goal < 10 s, < 1 GB; load ${os.loadavg()[0].toFixed(2)})`);
      out[kind] = r;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** 100,000 shots of 1–3 frames at 25 fps as a host snapshot and as FCP7 XML (23.976). */
function bigInputs(dir, count) {
  let s = 5;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const lens = Array.from({ length: count }, () => 1 + Math.floor(rand() * 3));
  const total = lens.reduce((a, b) => a + b, 0);
  const snap = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'test', 'fixtures', 'snapshots', 'contract.json'), 'utf8'));
  let t = 0;
  const clips = lens.map((len, i) => {
    const c = { name: `s${i}`, start: String(t * TPF25), end: String((t + len) * TPF25), inPoint: '0', outPoint: String(len * TPF25), mediaPath: `/m/${i}.mov`, enabled: true, mediaType: 'Video' };
    t += len;
    return c;
  });
  Object.assign(snap.sequence, { end: String(total * TPF25), zeroPoint: '0', playhead: '0', inPoint: null, outPoint: null });
  snap.videoTracks = [{ index: 1, name: 'Video 1', enabled: true, clips }];
  snap.audioTracks = snap.audioTracks.map((tr) => ({ ...tr, clips: [] }));
  snap.markers = [];
  const json = path.join(dir, 'big.json'), xml = path.join(dir, 'big.xml');
  fs.writeFileSync(json, JSON.stringify(snap));
  const { demoXml } = require('../scripts/make-demo');
  fs.writeFileSync(xml, demoXml(lens.map((len, i) => [`s${i}`, len]), [['a.wav', 100, 400]], []));
  return { json, xml, minutes: total / 25 / 60 };
}

function benchPerf(which = 'all', log = console.log) {
  if (which === 'all' || which === 'plan') {
    log('\n8. planning dense cuts (goal: 10,000 cuts in 10 minutes < 1 s; 100,000 clips read + planned < 10 s and < 1 GB)');
    benchDensePlanning(log);
  }
  if (which === 'all' || which === 'cli') {
    log('\n9. the CLI as users run it: whole processes (start-up, parse, plan, both passes, packing, file I/O), paired and alternated');
    log(`  load average ${os.loadavg()[0].toFixed(2)}; synth palette; 1 core = CUEBED_RENDER_THREADS=1, 2 cores = a voice part on a worker thread`);
    const out = {};
    for (const minutes of [10, 60]) {
      for (const threads of [1, 2]) {
        out[`${minutes}/${threads}`] = benchCli(minutes, { log, scoreArgs: SYNTH, env: { CUEBED_RENDER_THREADS: String(threads) }, label: ` (${threads} core${threads > 1 ? 's' : ''})` });
      }
    }
    // issue 13's instruments as users get them by default; its own speed goal (≥ 150× on one core)
    // is the synthesis alone, section 7
    log('  the sound bank (the default palette), 10 minutes: reported, no goal of its own here');
    for (const threads of [1, 2]) {
      out[`bank/${threads}`] = benchCli(10, { log, env: { CUEBED_RENDER_THREADS: String(threads) }, label: ` (sound bank, ${threads} core${threads > 1 ? 's' : ''})` });
    }
    out.stems = benchStems(10, log);
    return out;
  }
  return null;
}

/** `cuebed score` with and without --stems, alternated; temporary disk as the spill's furthest byte written. */
function benchStems(minutes, log, env = {}) {
  const { editOf, writeXml } = require('./cli');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-stems-bench-'));
  try {
    const input = path.join(dir, 'in.xml');
    writeXml(input, editOf(minutes));
    const mix = [], stems = [], loads = [];
    let wavBytes = 0, stemCount = 0;
    for (let i = 0; i < 3; i++) {
      loads.push(os.loadavg()[0]);
      const a = path.join(dir, `a${i}`), b = path.join(dir, `b${i}`);
      mix.push(runCli(['score', input, '--out', a, '--quiet', ...SYNTH], env));
      stems.push(runCli(['score', input, '--out', b, '--quiet', '--stems', ...SYNTH], env));
      const files = [path.join(b, 'score.wav'), ...fs.readdirSync(path.join(b, 'stems')).map((f) => path.join(b, 'stems', f))];
      stemCount = files.length - 1;
      wavBytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
    const ratio = stems.map((s, i) => s.wall / mix[i].wall);
    const cpu = (r) => r.userMs + r.systemMs;
    const cpuRatio = stems.map((s, i) => cpu(s) / cpu(mix[i]));
    const spill = Math.max(...stems.map((s) => s.spillBytes));
    const mixSpill = Math.max(...mix.map((s) => s.spillBytes));
    log(`  ${minutes}-min cuebed score --stems (${stemCount} stems) wall ${median(stems.map((s) => s.wall)).toFixed(0).padStart(6)} ms = ${median(ratio).toFixed(2)}× mix-only (${range(ratio, (v) => v.toFixed(2))}; goal ≤ 1.5×), cpu ${median(cpuRatio).toFixed(2)}× (${range(cpuRatio, (v) => v.toFixed(2))}), peak RSS ${median(stems.map((s) => s.maxRssMb)).toFixed(0)} MB`);
    log(`  ${' '.repeat(String(minutes).length + 4)}temporary disk (float spill)          ${(spill / 1e9).toFixed(2)} GB with stems (mix-only ${(mixSpill / 1e9).toFixed(2)} GB) vs ${(wavBytes / 1e9).toFixed(2)} GB of final WAVs (goal ≤ 1×: ${(spill / wavBytes).toFixed(2)}×); load ${range(loads, (v) => v.toFixed(2))}`);
    return { ratio: median(ratio), cpuRatio: median(cpuRatio), spill, wavBytes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { benchPerf, benchDensePlanning, benchStems, bigInputs };

if (require.main === module) {
  if (process.argv[2] === 'stems') benchStems(Number(process.argv[3]) || 10, console.log, process.argv[4] ? { CUEBED_RENDER_THREADS: process.argv[4] } : {});
  else benchPerf(process.argv[2] || 'all');
}
