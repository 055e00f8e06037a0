/**
 * Determinism across processes and environments: the installed command (bin/cuebed.js over the
 * built dist/), run in separate processes — twice with the same environment, once with another
 * time zone, locale and working folder — writes byte-identical files. Nothing may depend on the
 * clock, the zone, the locale's number or case rules, or the process (pid, temp names).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../cli/run';
import { ROOT } from '../paths';
import { tinyXmeml } from './helpers';

/** CUEBED_BIN: another build to check (the mutation check of this test runs it on a copy that reads the clock). */
const BIN = process.env.CUEBED_BIN ?? path.join(ROOT, 'bin', 'cuebed.js');
const BUILT = fs.existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli', 'main.js'));

interface Run {
  code: number | null;
  stderr: string;
  dir: string;
}

function score(input: string, env: NodeJS.ProcessEnv, cwd: string, extra: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A bounded child: a broken build must fail this test, not keep running (or eat the machine's
    // memory) after it; 50 s is far above the ~1 s a render of this tiny sequence takes.
    const child = spawn(process.execPath, ['--max-old-space-size=2048', BIN, 'score', input, '--out', 'render', '--quiet', ...extra], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
      timeout: 50_000,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, dir: path.join(cwd, 'render') }));
  });
}

const ENVS: Array<[string, NodeJS.ProcessEnv]> = [
  ['UTC, C locale', { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }],
  ['UTC, C locale, again', { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }],
  // Chatham is UTC+12:45/+13:45; Turkish has the dotless-i case rules; German writes 1,5.
  ['Chatham time, Turkish locale', { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', LC_NUMERIC: 'de_DE.UTF-8' }],
];

describe.skipIf(!BUILT)(`determinism across processes and environments${BUILT ? '' : ' (skipped: dist/ is not built; run npx tsc -p tsconfig.build.json)'}`, () => {
  it('two runs and a run under another TZ/locale give identical bytes for every file', async () => {
    const folder = tempDir('cuebed-det-');
    const input = path.join(folder, 'İnterview ışık.xml');
    fs.writeFileSync(input, tinyXmeml([[0, 100], [100, 180], [180, 300], [300, 420]]));
    const extra = ['--stingers', 'scenes', '--stems', '--brief', 'Bright, builds in the final 5 seconds'];
    const runs = await Promise.all(
      ENVS.map(([, env], i) => {
        const cwd = path.join(folder, `run-${i}`, i === 2 ? 'deeper/still' : '');
        fs.mkdirSync(cwd, { recursive: true });
        return score(input, env, cwd, extra);
      }),
    );
    runs.forEach((r, i) => expect(r.code, `${ENVS[i][0]}: ${r.stderr}`).toBe(0));
    const files = listFiles(runs[0].dir);
    expect(files).toEqual(expect.arrayContaining(['cuesheet.csv', 'plan.json', 'plan.svg', 'score.wav']));
    expect(files.some((f) => f.startsWith('stems/'))).toBe(true);
    for (const [i, r] of runs.entries()) {
      if (i === 0) continue;
      expect(listFiles(r.dir), ENVS[i][0]).toEqual(files);
      for (const f of files) {
        const same = Buffer.compare(fs.readFileSync(path.join(runs[0].dir, f)), fs.readFileSync(path.join(r.dir, f))) === 0;
        expect(same, `${f} differs between "${ENVS[0][0]}" and "${ENVS[i][0]}"`).toBe(true);
      }
    }
  });
});
