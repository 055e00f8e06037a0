/**
 * Writes: staged under temporary names in the final folder and renamed; a failure at any step
 * (disk full, permission, a failed rename) leaves any earlier render byte-identical and nothing
 * else behind. Failures are injected through writeFilesAtomically's fs parameter, then reproduced
 * for real on a 1 MB tmpfs when this process may mount one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteFs, checkOutputFolder, nextFreeFolder, writeFilesAtomically } from '../../src/io/files';
import { InputError } from '../../src/timeline';
import { listFiles, runCli, tempDir } from '../cli/run';
import { tinyXmeml } from './helpers';

const NAMES = ['score.wav', 'plan.json', 'plan.svg', 'cuesheet.csv'];

function render(tag: string, size = 1000): Map<string, Uint8Array> {
  return new Map(NAMES.map((n) => [n, new Uint8Array(Buffer.from(`${tag}:${n}:`.padEnd(size, tag[0]))) as Uint8Array]));
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** node:fs, except that the `nth` call of `method` (1-based) fails with `code`. */
function failing(method: keyof WriteFs, nth: number, code: string): WriteFs {
  let calls = 0;
  const real = fs[method] as (...args: unknown[]) => unknown;
  return {
    ...fs,
    [method]: (...args: unknown[]) => {
      if (++calls === nth) throw errnoError(code);
      return real(...args);
    },
  } as WriteFs;
}

function expectWriteError(f: () => unknown, dir: string, problem: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe(`${dir}: ${problem}; nothing was written, any earlier render there is unchanged`);
    return;
  }
  throw new Error('the write succeeded');
}

describe('writeFilesAtomically with injected failures', () => {
  it('disk full while writing the 2nd file: the earlier render is intact, nothing staged is left', () => {
    const dir = path.join(tempDir(), 'render');
    writeFilesAtomically(dir, render('old'));
    const before = snapshot(dir);
    expectWriteError(() => writeFilesAtomically(dir, render('new'), failing('writeSync', 2, 'ENOSPC')), dir, 'the disk is full');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a rename failing after the 1st file was replaced: the replaced file is restored too', () => {
    const dir = path.join(tempDir(), 'render');
    writeFilesAtomically(dir, render('old'));
    const before = snapshot(dir);
    // renames: score.wav aside, new score.wav in, plan.json aside, new plan.json in ← fails
    expectWriteError(() => writeFilesAtomically(dir, render('new'), failing('renameSync', 4, 'EIO')), dir, 'could not be written (EIO)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('permission denied in a new folder: the folder it created is removed again', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'a', 'render');
    expectWriteError(() => writeFilesAtomically(dir, render('new'), failing('openSync', 1, 'EACCES')), dir, 'permission denied');
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('a write that makes no progress is reported as a full disk, not a hang', () => {
    const dir = path.join(tempDir(), 'render');
    let zeroes = 0;
    // Returns 0 (nothing written) forever; after 1000 tries it throws EIO, so that without the
    // protection this test fails on the message instead of hanging.
    const stuck = { ...fs, writeSync: () => (++zeroes > 1000 ? (() => { throw errnoError('EIO'); })() : 0) } as unknown as WriteFs;
    expectWriteError(() => writeFilesAtomically(dir, render('new'), stuck), dir, 'the disk is full');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('success replaces every file and leaves no staging or set-aside files', () => {
    const dir = path.join(tempDir(), 'render');
    writeFilesAtomically(dir, render('old'));
    writeFilesAtomically(dir, render('new'));
    expect(listFiles(dir)).toEqual([...NAMES].sort());
    expect(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')).toMatch(/^new:plan\.json:/);
  });
});

describe('an existing render is never overwritten', () => {
  it('the default folder is versioned; --out onto a render is refused without --force', () => {
    const base = path.join(tempDir(), 'cuebed-out');
    expect(nextFreeFolder(base, 'score.wav')).toBe(base);
    writeFilesAtomically(base, render('one'));
    expect(nextFreeFolder(base, 'score.wav')).toBe(`${base}-2`);
    writeFilesAtomically(`${base}-2`, render('two'));
    expect(nextFreeFolder(base, 'score.wav')).toBe(`${base}-3`);
    expect(() => checkOutputFolder(base, NAMES, false)).toThrow(/score\.wav: a render is already there; choose another --out, or pass --force/);
    expect(() => checkOutputFolder(base, NAMES, true)).not.toThrow();
  });
});

/** Mounts a tmpfs of `size` at a fresh folder; returns undefined (with the reason) when not permitted. */
function mountTmpfs(size: string): { dir?: string; reason?: string } {
  if (process.platform !== 'linux') return { reason: `tmpfs needs Linux (this is ${process.platform})` };
  const dir = tempDir('cuebed-tmpfs-');
  const res = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (res.status !== 0) {
    fs.rmdirSync(dir);
    return { reason: `mounting a tmpfs is not permitted here (${(res.stderr || res.error?.message || '').trim() || `exit ${res.status}`})` };
  }
  return { dir };
}

const tiny = mountTmpfs('1m');
const mounted = tiny.dir;
afterAll(() => {
  if (mounted) {
    spawnSync('umount', [mounted]);
    fs.rmdirSync(mounted);
  }
});
if (!mounted) console.warn(`skipping the real full-disk tests: ${tiny.reason}`);

describe.skipIf(!mounted)(`a real full disk (1 MB tmpfs)${mounted ? '' : `: skipped, ${tiny.reason}`}`, () => {
  it('writing 2 MB over a 300 KB render fails with "the disk is full" and leaves the render intact', () => {
    const dir = path.join(mounted!, 'render');
    writeFilesAtomically(dir, render('old', 75_000));
    const before = snapshot(dir);
    expectWriteError(() => writeFilesAtomically(dir, render('new', 500_000)), dir, 'the disk is full');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(mounted!)).toEqual(['render']);
  });

  it('the CLI reports it: exit 2, one line naming the folder, nothing left in it', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'tiny.xml'), tinyXmeml([[0, 100], [100, 250]]));
    const out = path.join(mounted!, 'cli');
    const run = await runCli(['score', 'tiny.xml', '--out', out], cwd);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('cuebed: warning:'))).toEqual([
      `cuebed: ${out}: the disk is full; nothing was written, any earlier render there is unchanged`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });
});
