/**
 * Issue 16, point 4: SIGINT / SIGTERM in the middle of a render stop it, remove this run's
 * staged WAVs and float spill (and the folder it made), and exit 130 / 143 with one line. Runs the
 * installed command (bin/cuebed.js over dist/) in a child process, since a signal is per process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../cli/run';
import { ROOT } from '../paths';
import { tinyXmeml } from './helpers';
import { createWavEncoder } from '../../src/audio';
import { planScore } from '../../src/plan';
import { scoreRecordJson } from '../../src/regen';
import { readTimelineFile } from '../../src/timeline';

const BIN = path.join(ROOT, 'bin', 'cuebed.js');
const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

/** Starts a 40-minute render into cwd/o, sends `signal` once its spill exists; resolves with the outcome. */
function interruptedRender(signal: NodeJS.Signals, cwd: string): Promise<{ code: number | null; stderr: string; sawSpill: boolean }> {
  const minutes = 40;
  const clips = Array.from({ length: 8 }, (_, i) => [i * minutes * 25 * 60 / 8, (i + 1) * minutes * 25 * 60 / 8] as [number, number]);
  fs.writeFileSync(path.join(cwd, 'long.xml'), tinyXmeml(clips));
  return interrupted(['score', 'long.xml', '--out', 'o', '--quiet'], signal, cwd, '.spill');
}

/** Runs the CLI in cwd and sends `signal` once a file ending in `started` appears in cwd/o. */
function interrupted(argv: string[], signal: NodeJS.Signals, cwd: string, started: string): Promise<{ code: number | null; stderr: string; sawSpill: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, timeout: 100_000, killSignal: 'SIGKILL' });
    let stderr = '';
    let sawSpill = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      const spill = listFiles(path.join(cwd, 'o')).some((f) => f.endsWith(started));
      if (spill && !sawSpill) {
        sawSpill = true;
        // a little rendering into the spill first, so there is something to clean up
        setTimeout(() => child.kill(signal), 300);
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, sawSpill });
    });
  });
}

describe.skipIf(!BUILT)(`SIGINT and SIGTERM during a render${BUILT ? '' : ' (skipped: dist/ is not built; run npx tsc -p tsconfig.build.json)'}`, () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, one line, no spill, no temp, no folder left`, async () => {
      const cwd = tempDir();
      const run = await interruptedRender(signal, cwd);
      expect(run.sawSpill).toBe(true);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('cuebed: warning:'))).toEqual([
        `cuebed: interrupted by ${signal}; stopped, this run's temporary files are removed and any earlier render is unchanged`,
      ]);
      expect(fs.existsSync(path.join(cwd, 'o'))).toBe(false);
      expect(listFiles(cwd)).toEqual(['long.xml']);
    }, 120_000);
  }
});

/**
 * A previous render of a 3-minute sequence at 25 fps (its plan, render.json, and a silent
 * score.wav of the right length: regeneration reads only its samples) and the same sequence at
 * 24 fps, which regeneration re-plans and re-renders whole: a few seconds of work to interrupt.
 */
function previousRender(cwd: string): void {
  const clips = Array.from({ length: 6 }, (_, i) => [i * 30 * 25, (i + 1) * 30 * 25] as [number, number]);
  const timeline = readTimelineFile(tinyXmeml(clips), 'prev.xml');
  const options = { brief: 'calm underscore', seed: 5, sampleRate: 48000, bitDepth: 16 as const };
  const plan = planScore(timeline, options);
  const dir = path.join(cwd, 'prev');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  fs.writeFileSync(path.join(dir, 'render.json'), scoreRecordJson(options, { gainDb: 0, integratedLufs: -23, truePeakDb: -1 }, 'Cuebed test'));
  const frames = plan.sequence.durationSamples;
  const e = createWavEncoder({ frames, channels: 2, sampleRate: 48000, bitDepth: 16, ditherSeed: null });
  fs.writeFileSync(path.join(dir, 'score.wav'), Buffer.concat([e.header, Buffer.alloc(frames * 4), e.trailer]));
  fs.writeFileSync(path.join(cwd, 'edit.xml'), tinyXmeml(clips, { timebase: 24 }));
}

describe.skipIf(!BUILT)(`SIGINT and SIGTERM during a regeneration${BUILT ? '' : ' (skipped: dist/ is not built; run npx tsc -p tsconfig.build.json)'}`, () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, one line, no temp, no folder left, the previous render untouched`, async () => {
      const cwd = tempDir();
      previousRender(cwd);
      const before = new Map(listFiles(path.join(cwd, 'prev')).map((f) => [f, fs.readFileSync(path.join(cwd, 'prev', f))]));
      // the staged score.wav appears when the regeneration starts writing
      const run = await interrupted(['regen', 'edit.xml', '--from', 'prev', '--out', 'o', '--no-speech', '--quiet'], signal, cwd, '.tmp');
      expect(run.sawSpill).toBe(true);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('cuebed: warning:'))).toEqual([
        `cuebed: interrupted by ${signal}; stopped, this run's temporary files are removed and any earlier render is unchanged`,
      ]);
      expect(fs.existsSync(path.join(cwd, 'o'))).toBe(false);
      expect(listFiles(cwd)).toEqual(['edit.xml', ...[...before.keys()].map((f) => path.join('prev', f))]);
      for (const [f, bytes] of before) expect(fs.readFileSync(path.join(cwd, 'prev', f)).equals(bytes), f).toBe(true);
    }, 120_000);
  }
});
