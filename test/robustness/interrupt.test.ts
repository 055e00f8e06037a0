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

const BIN = path.join(ROOT, 'bin', 'cuebed.js');
const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

/** Starts a 40-minute render into cwd/o, sends `signal` once its spill exists; resolves with the outcome. */
function interruptedRender(signal: NodeJS.Signals, cwd: string): Promise<{ code: number | null; stderr: string; sawSpill: boolean }> {
  const minutes = 40;
  const clips = Array.from({ length: 8 }, (_, i) => [i * minutes * 25 * 60 / 8, (i + 1) * minutes * 25 * 60 / 8] as [number, number]);
  fs.writeFileSync(path.join(cwd, 'long.xml'), tinyXmeml(clips));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'score', 'long.xml', '--out', 'o', '--quiet'], { cwd, timeout: 100_000, killSignal: 'SIGKILL' });
    let stderr = '';
    let sawSpill = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      const spill = listFiles(path.join(cwd, 'o')).some((f) => f.endsWith('.spill'));
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
