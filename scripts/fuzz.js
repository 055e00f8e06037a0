#!/usr/bin/env node
'use strict';
/**
 * The long fuzz run (`npm run fuzz`): the property suite of test/robustness/fuzz.test.ts with many
 * more cases and a fresh seed, then its counts on one line. It covers the readers (mutations,
 * entity and nesting attacks, DOCTYPE literals, trailing content, control characters, padding),
 * the CLI end to end, damaged regen folders (plan.json, render.json, and score.wav headers in
 * RIFF and RF64 form), dialogue media for the speech detector and the host
 * bridge. A missing shared-fixture folder fails the run (it is never skipped).
 *
 *   node scripts/fuzz.js [RUNS] [--seed N]
 *
 * RUNS scales every property (default 20000, i.e. 100x the CI sample: about 15 minutes on one
 * core). A failure prints fast-check's counterexample and the seed; replay it with --seed.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
let runs = 20000;
let seed;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed') seed = args[++i];
  else if (/^\d+$/.test(args[i])) runs = Number(args[i]);
  else {
    process.stderr.write(`usage: node scripts/fuzz.js [RUNS] [--seed N] (got "${args[i]}")\n`);
    process.exit(2);
  }
}
if (seed === undefined) seed = String(Date.now() % 2 ** 31);
const root = path.resolve(__dirname, '..');
const statsFile = path.join(os.tmpdir(), `cuebed-fuzz-${process.pid}.json`);
process.stdout.write(`fuzz: ${runs} runs per property (CI: 200), seed ${seed}\n`);
const started = Date.now();
const res = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/robustness/fuzz.test.ts', '--testTimeout', '0'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CUEBED_FUZZ_RUNS: String(runs), CUEBED_FUZZ_SEED: seed, CUEBED_FUZZ_STATS: statsFile },
});
let stats;
try {
  stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  fs.rmSync(statsFile, { force: true });
} catch {
  // vitest failed before the suite finished
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (stats) {
  process.stdout.write(
    `fuzz: ${res.status === 0 ? 'passed' : 'FAILED'} in ${minutes} min, seed ${stats.seed}: ${stats.cases} reader cases ` +
      `(${stats.timelines} read, ${stats.planned} planned, ${stats.refusedByScoreable} refused as too long, ${stats.refused} refused with a message), ` +
      `${stats.cliCases} CLI cases (${stats.cliScored} scored, ${stats.cliRefused} exit 2), ${stats.regenCases} damaged regen folders (${stats.regenRefused} exit 2), ` +
      `${stats.wavCases} damaged previous score.wav, RIFF and RF64 (${stats.wavRefused} exit 2), ` +
      `${stats.mediaCases} dialogue media (${stats.mediaUnsure} ducked whole), ${stats.bridgeCases} host-bridge calls, slowest case ${Math.round(stats.slowest)} ms\n`,
  );
}
process.exit(res.status === null ? 1 : res.status);
