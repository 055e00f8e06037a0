import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../timeline/model';

/** Inputs above this are refused before reading: real FCP7 exports are a few MB at most. */
export const DEFAULT_MAX_INPUT_BYTES = 200 * 1024 * 1024;

export function readInputText(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new InputError(`${file}: ${describeFsError(err, 'cannot be read')}; check the path`);
  }
  if (stat.isDirectory()) throw new InputError(`${file}: is a folder; give an FCP7 XML (.xml) or snapshot (.json) file`);
  if (stat.size > maxBytes) {
    throw new InputError(`${file}: ${formatBytes(stat.size)} is over the ${formatBytes(maxBytes)} input limit (real exports are a few MB); raise it with --max-input-mb if the file is genuine`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: ${describeFsError(err, 'cannot be read')}`);
  }
}

/**
 * Checks before any rendering that the output folder can be written, so a bad --out costs
 * nothing and leaves nothing behind.
 */
export function checkOutputFolder(dir: string, names: string[], force: boolean): void {
  const existing = existingAncestor(dir);
  if (existing !== dir) {
    assertWritableFolder(existing, dir);
    return;
  }
  assertWritableFolder(dir, dir);
  if (!force) {
    const clash = names.find((n) => fs.existsSync(path.join(dir, n)));
    if (clash) {
      throw new InputError(`${path.join(dir, clash)}: a render is already there; choose another --out, or pass --force to replace it`);
    }
  }
}

/** cuebed-out, then cuebed-out-2, -3 …: the default folder never overwrites an earlier render. */
export function nextFreeFolder(base: string, marker: string): string {
  if (!fs.existsSync(path.join(base, marker))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!fs.existsSync(path.join(candidate, marker))) return candidate;
  }
}

/** The file-system calls `writeFilesAtomically` makes: tests pass one that fails on cue (disk full, EACCES). */
export type WriteFs = Pick<typeof fs, 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'existsSync'>;

let stagingCounter = 0;

/**
 * Writes every file under a temporary name in its final folder, then renames them all: a failure
 * (disk full, permission) removes what was staged and leaves any earlier render untouched. Files
 * being replaced (--force) are first renamed aside and renamed back if a later step fails, so even
 * a failure between two renames restores the earlier render whole.
 */
export function writeFilesAtomically(dir: string, files: Map<string, Uint8Array>, fsImpl: WriteFs = fs): string[] {
  const created: string[] = [];
  const staged: Array<{ tmp: string; final: string }> = [];
  const asideList: Array<{ aside: string; final: string }> = [];
  const committed: string[] = [];
  const mk = (folder: string) => {
    const first = fsImpl.mkdirSync(folder, { recursive: true });
    if (first) created.push(first);
  };
  const temp = (final: string, kind: string) => path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}-${++stagingCounter}.${kind}`);
  try {
    mk(dir);
    for (const [name, bytes] of files) {
      const final = path.join(dir, name);
      mk(path.dirname(final));
      const tmp = temp(final, 'tmp');
      staged.push({ tmp, final });
      const fd = fsImpl.openSync(tmp, 'wx');
      try {
        writeAll(fsImpl, fd, bytes);
        fsImpl.fsyncSync(fd);
      } finally {
        fsImpl.closeSync(fd);
      }
    }
    for (const { tmp, final } of staged) {
      if (fsImpl.existsSync(final)) {
        const aside = temp(final, 'old');
        fsImpl.renameSync(final, aside);
        asideList.push({ aside, final });
      }
      fsImpl.renameSync(tmp, final);
      committed.push(final);
    }
  } catch (err) {
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // best effort: keep undoing the rest
      }
    };
    for (const final of committed) quietly(() => fsImpl.rmSync(final, { force: true }));
    for (const { aside, final } of asideList) quietly(() => fsImpl.renameSync(aside, final));
    for (const { tmp } of staged) quietly(() => fsImpl.rmSync(tmp, { force: true }));
    for (const folder of created.reverse()) quietly(() => fsImpl.rmSync(folder, { recursive: true, force: true }));
    throw new InputError(`${dir}: ${describeFsError(err, 'could not be written')}; nothing was written, any earlier render there is unchanged`);
  }
  for (const { aside } of asideList) {
    try {
      fsImpl.rmSync(aside, { force: true });
    } catch {
      // the new render is in place; a leftover hidden .old file is harmless
    }
  }
  return staged.map((s) => s.final);
}

function writeAll(fsImpl: WriteFs, fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    const n = fsImpl.writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 24));
    if (!(n > 0)) throw Object.assign(new Error('write made no progress'), { code: 'ENOSPC' });
    off += n;
  }
}

function existingAncestor(dir: string): string {
  let cur = path.resolve(dir);
  while (!fs.existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
  return cur === path.resolve(dir) ? dir : cur;
}

function assertWritableFolder(folder: string, wanted: string): void {
  const stat = fs.statSync(folder);
  if (!stat.isDirectory()) throw new InputError(`${wanted}: cannot be created because ${folder} is a file, not a folder; choose another --out`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new InputError(`${wanted}: ${folder} is not writable; choose another --out`);
  }
}

/** 200 MB, 1.5 MB, 900 KB, 512 bytes: whole units where they are whole. */
export function formatBytes(n: number): string {
  const unit = (v: number, name: string) => `${Number.isInteger(v) || v >= 10 ? Math.round(v) : v.toFixed(1)} ${name}`;
  if (n >= 1048576) return unit(n / 1048576, 'MB');
  if (n >= 1024) return unit(n / 1024, 'KB');
  return `${n} bytes`;
}

export function describeFsError(err: unknown, fallback: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOSPC': return 'the disk is full';
    case 'EROFS': return 'the disk is read-only';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EISDIR': return 'is a folder';
    case 'EDQUOT': return 'the disk quota is exhausted';
    default: return `${fallback}${code ? ` (${code})` : ''}`;
  }
}
