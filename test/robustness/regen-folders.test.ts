/**
 * Issue 16, points 5, 6, 7 and 10 for `cuebed regen`: a previous-render folder with a damaged
 * render.json or plan.json, a FIFO for score.wav, or an --out that is --from under another name
 * is refused with exit 2 and one line naming the file and field; the previous render is never
 * touched and no output folder is left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../cli/run';
import { tinyXmeml } from './helpers';

let root = '';
const SEQ = tinyXmeml([[0, 100], [100, 200], [200, 300]]);

beforeAll(async () => {
  root = tempDir('cuebed-regen-');
  fs.writeFileSync(path.join(root, 'seq.xml'), SEQ);
  const r = await runCli(['score', 'seq.xml', '--out', 'prev', '--quiet'], root);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);

/** A copy of the previous render in a fresh folder, changed by `edit`; returns the folder. */
function damaged(edit: (dir: string) => void): string {
  const cwd = tempDir('cuebed-regen-');
  fs.writeFileSync(path.join(cwd, 'seq.xml'), SEQ);
  fs.cpSync(path.join(root, 'prev'), path.join(cwd, 'prev'), { recursive: true });
  edit(path.join(cwd, 'prev'));
  return cwd;
}

function editJson(file: string, change: (j: Record<string, any>) => void): void {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(j);
  fs.writeFileSync(file, JSON.stringify(j));
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
}

async function expectRefused(cwd: string, argv: string[], line: RegExp): Promise<void> {
  const before = snapshot(path.join(cwd, 'prev'));
  const run = await runCli(['regen', 'seq.xml', '--from', 'prev', '--quiet', '--no-speech', ...argv], cwd);
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(snapshot(path.join(cwd, 'prev'))).toEqual(before);
  expect(fs.readdirSync(cwd).sort()).toEqual(['prev', 'seq.xml']);
}

describe('regen refuses a damaged previous render with one line (points 6, 7)', () => {
  const record: Array<[string, (j: Record<string, any>) => void, RegExp]> = [
    ['"brief": 12345', (j) => (j.options.brief = 12345), /render\.json: "options\.brief" is 12345, not text/],
    ['"stingers": "everywhere"', (j) => (j.options.stingers = 'everywhere'), /render\.json: "options\.stingers" is "everywhere", not one of none, scenes, markers/],
    ['"preset": "__proto__"', (j) => (j.options.preset = '__proto__'), /render\.json: "options\.preset" is "__proto__", not one of corporate, [a-z, -]+/],
    ['"duckDb": 500', (j) => (j.options.duckDb = 500), /render\.json: "options\.duckDb" is 500, outside -60 to 0/],
    ['"gainDb": 1e308', (j) => (j.gainDb = 1e308), /render\.json: "gainDb" is 1e\+308, outside -60 to 60/],
    ['"gainDb": -1e308', (j) => (j.gainDb = -1e308), /render\.json: "gainDb" is -1e\+308, outside -60 to 60/],
  ];
  for (const [what, change, line] of record) {
    it(`render.json ${what}`, async () => {
      const cwd = damaged((dir) => editJson(path.join(dir, 'render.json'), change));
      await expectRefused(cwd, [], new RegExp(`^cuebed: prev/${line.source}; it is not as Cuebed wrote it`));
    }, 60_000);
  }

  it('plan.json "sections": [{}]', async () => {
    const cwd = damaged((dir) => editJson(path.join(dir, 'plan.json'), (j) => (j.sections = [{}])));
    await expectRefused(cwd, [], /^cuebed: prev\/plan\.json: "sections"\[0\]\.id is undefined, not text; it is not as Cuebed wrote it/);
  }, 60_000);
});

describe('regen never writes into the previous render (point 10)', () => {
  it('--out a symlink to --from, with --force: refused, the previous render unchanged', async () => {
    const cwd = damaged(() => {});
    fs.symlinkSync('prev', path.join(cwd, 'alias'));
    const before = snapshot(path.join(cwd, 'prev'));
    const run = await runCli(['regen', 'seq.xml', '--from', 'alias', '--out', 'prev', '--force', '--quiet', '--no-speech'], cwd);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe('cuebed: --out must differ from --from: the previous render is never modified (see cuebed --help)\n');
    expect(snapshot(path.join(cwd, 'prev'))).toEqual(before);
  }, 60_000);
});

describe('regen does not hang on special files (point 5)', () => {
  it('a FIFO as score.wav under --from: exit 2 at once, one line', async () => {
    const cwd = damaged((dir) => {
      fs.rmSync(path.join(dir, 'score.wav'));
      expect(spawnSync('mkfifo', [path.join(dir, 'score.wav')]).status).toBe(0);
    });
    const run = await runCli(['regen', 'seq.xml', '--from', 'prev', '--quiet', '--no-speech'], cwd);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^cuebed: prev\/score\.wav: is a FIFO \(named pipe\), not a file; --from must name the folder of an earlier Cuebed render\n$/);
  }, 60_000);
});

