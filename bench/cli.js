'use strict';
/**
 * The path users run, measured as whole processes: `cuebed score` (start-up, parse, plan, both
 * passes, packing, file I/O) and `cuebed regen` from that streamed render after one shot in the
 * middle is trimmed by 12 frames (a ripple). Each command is its own child process (bench/peak.js
 * reports its own peak RSS and CPU). Runs are paired and alternated (score, regen, score, regen…)
 * so machine load hits both alike; medians and ranges are printed with the load average.
 * Needs the compiled output (`npm run build`). Exported for bench/run.js; runs alone as
 * `node bench/cli.js [minutes…]`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { demoXml } = require('../scripts/make-demo');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'cuebed.js');
const PEAK = path.join(__dirname, 'peak.js');

/** A seeded edit of `minutes` at 23.976 fps: shots of 1–6 s, an interview line every ~45 s, a marker every ~5 minutes. */
function editOf(minutes, seed = 1) {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const frames = Math.round((minutes * 60 * 24000) / 1001);
  const shots = [];
  for (let t = 0, i = 0; t < frames; i++) {
    const len = Math.min(frames - t, 24 + Math.floor(rand() * 120));
    shots.push([`shot_${i}`, len]);
    t += len;
  }
  const dialogue = [];
  for (let t = 600; t + 400 < frames; t += 900 + Math.floor(rand() * 400)) dialogue.push([`line_${dialogue.length}.wav`, t, t + 150 + Math.floor(rand() * 250)]);
  const markers = [];
  for (let t = 7200; t < frames; t += 7200) markers.push([`Scene ${markers.length + 2}`, '', t]);
  return { shots, dialogue, markers };
}

/** The same edit with shot k trimmed by `by` frames at its tail (everything after it ripples). */
function trimmed(edit, k, by) {
  const at = edit.shots.slice(0, k + 1).reduce((a, s) => a + s[1], 0) - by;
  const move = (f) => (f >= at + by ? f - by : f > at ? at : f);
  return {
    shots: edit.shots.map((s, i) => (i === k ? [s[0], s[1] - by] : s)),
    dialogue: edit.dialogue.map(([n, a, b]) => [n, move(a), move(b)]),
    markers: edit.markers.map(([n, c, f]) => [n, c, move(f)]),
  };
}

function writeXml(file, edit) {
  fs.writeFileSync(file, demoXml(edit.shots, edit.dialogue, edit.markers));
}

/** Runs the CLI in a child: wall ms (spawn to exit, node start-up included), its own peak RSS and CPU. */
function runCli(args, env = {}) {
  const peakFile = path.join(os.tmpdir(), `cuebed-peak-${process.pid}-${Date.now()}.json`);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PEAK, CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env, CUEBED_BENCH_PEAK: peakFile } });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`cuebed ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const peak = JSON.parse(fs.readFileSync(peakFile, 'utf8'));
  fs.rmSync(peakFile, { force: true });
  return { wall, ...peak, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const range = (xs, f = (v) => v.toFixed(0)) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const load = () => os.loadavg()[0].toFixed(2);

/**
 * score and regen at `minutes`, alternated over `rounds`; returns the numbers. `scoreArgs` are
 * extra score flags (e.g. ['--stems']).
 */
function benchCli(minutes, { rounds = 3, log = console.log, scoreArgs = [], env = {}, label = '' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-cli-bench-'));
  try {
    const edit = editOf(minutes);
    const input = path.join(dir, 'in.xml'), edited = path.join(dir, 'edited.xml');
    writeXml(input, edit);
    writeXml(edited, trimmed(edit, Math.floor(edit.shots.length / 2), 12));
    const seconds = minutes * 60;
    const score = [], regen = [], loads = [];
    for (let i = 0; i < rounds; i++) {
      loads.push(os.loadavg()[0]);
      const a = path.join(dir, `score-${i}`), b = path.join(dir, `regen-${i}`);
      score.push(runCli(['score', input, '--out', a, '--quiet', ...scoreArgs], env));
      regen.push(runCli(['regen', edited, '--from', a, '--out', b, '--quiet'], env));
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
    const w = score.map((r) => r.wall), g = regen.map((r) => r.wall);
    const ratios = regen.map((r, i) => r.wall / score[i].wall);
    const synth = /([\d.]+) s of [\d.]+ s synthesised/.exec(regen[0].stdout);
    log(`  ${minutes}-min ${pad(`cuebed score ${scoreArgs.join(' ')}${label}`.trim())} wall ${median(w).toFixed(0).padStart(6)} ms (${range(w)}) = ${(seconds * 1000 / median(w)).toFixed(0)}× realtime (${range(w.map((v) => seconds * 1000 / v), (v) => v.toFixed(0))}), cpu ${median(score.map((r) => r.userMs + r.systemMs)).toFixed(0)} ms, peak RSS ${median(score.map((r) => r.maxRssMb)).toFixed(0)} MB`);
    log(`  ${minutes}-min ${pad('cuebed regen (one shot trimmed)')} wall ${median(g).toFixed(0).padStart(6)} ms (${range(g)}) = ${(100 * median(ratios)).toFixed(1)}% of score (${range(ratios.map((v) => 100 * v), (v) => v.toFixed(1))}; goal ≤ 15%), peak RSS ${median(regen.map((r) => r.maxRssMb)).toFixed(0)} MB = ${(median(regen.map((r) => r.maxRssMb)) / median(score.map((r) => r.maxRssMb))).toFixed(2)}× score's (goal ≤ 2×)${synth ? `; ${synth[1]} s synthesised` : ''}`);
    log(`  ${' '.repeat(String(minutes).length + 5)}${pad('')} ${rounds} paired rounds, alternated; load average ${range(loads, (v) => v.toFixed(2))} at their starts`);
    return { minutes, score, regen, ratio: median(ratios), loads };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s, n = 34) => s.padEnd(n);

module.exports = { benchCli, editOf, trimmed, writeXml, runCli, median, range };

if (require.main === module) {
  const mins = process.argv.slice(2).map(Number).filter((m) => m > 0);
  console.log(`load average ${load()}`);
  for (const m of mins.length ? mins : [10]) benchCli(m);
}
