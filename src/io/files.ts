import * as fs from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { randomBytes } from 'node:crypto';
import type { WriteThread } from './write-thread';
import type { FrameSink } from '../audio/stream';
import type { WavEncoderOptions } from '../audio/wav';
import { InputError } from '../timeline/model';
import { describeFsError, formatBytes } from './errors';

export { describeFsError, formatBytes };

/**
 * Inputs above this are refused before reading. Derived from measurement, not taste: the XML
 * reader holds up to about 22 bytes of memory per input byte (files of small elements, the worst
 * case; scripts/input-memory.js), so a 64 MB file peaks at 1.4 GB and renders within a 2 GB heap,
 * while real FCP7 exports are a few MB. (The old 200 MB limit let 20 MB of small elements abort
 * the process out of memory.) --max-input-mb raises it on a machine with more memory.
 */
export const DEFAULT_MAX_INPUT_MB = 64;
export const DEFAULT_MAX_INPUT_BYTES = DEFAULT_MAX_INPUT_MB * 1024 * 1024;

/**
 * What reading costs, from the same measurement: up to 22 bytes per input byte on top of the
 * runtime. --max-input-mb can raise the limit past what this process's heap holds (a 190 MB file
 * under --max-input-mb 300 ran V8 out of memory: exit 134 after minutes), so a file is also
 * refused when its estimated cost exceeds the heap; the memory stays bounded whatever the flag says.
 */
export const READ_BYTES_PER_INPUT_BYTE = 22;
export const READ_BASE_BYTES = 64 * 1024 * 1024;

/** The heap this process may grow to (node --max-old-space-size, else V8's default for the machine). */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

/**
 * What a path is when it is not a regular file or folder: reading a FIFO blocks until someone
 * writes, a device never ends (/dev/zero) — both are refused before any read.
 */
export function specialFileKind(stat: fs.Stats): string | undefined {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return undefined;
}

/**
 * Refuses, before reading, a file whose parsed form would not fit this process's heap (the text
 * readers and JSON.parse hold up to READ_BYTES_PER_INPUT_BYTE per byte): one line, exit 2,
 * instead of a V8 out-of-memory abort minutes later.
 */
export function checkReadCost(file: string, size: number, otherwise: string, heapBytes = heapLimitBytes()): void {
  const need = size * READ_BYTES_PER_INPUT_BYTE + READ_BASE_BYTES;
  if (need > heapBytes) {
    throw new InputError(
      `${file}: ${formatBytes(size)} needs about ${formatBytes(need)} of memory to read, more than the ${formatBytes(heapBytes)} heap of this process; ` +
        `run with NODE_OPTIONS=--max-old-space-size=${Math.ceil(need / 1048576) + 256} on a machine with that much memory, or ${otherwise}`,
    );
  }
}

/** The input's text and what was noticed decoding it (a UTF-16 file, bytes that are not UTF-8). */
export function readInputFile(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES, shown = file, heapBytes = heapLimitBytes()): { text: string; warnings: string[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new InputError(`${file}: ${describeFsError(err, 'cannot be read')}; check the path`);
  }
  const wanted = 'give an FCP7 XML (.xml), FCPXML (.fcpxml, or a .fcpxmld bundle), OpenTimelineIO (.otio) or snapshot (.json) file';
  if (stat.isDirectory()) throw new InputError(`${file}: is a folder; ${wanted}`);
  const special = specialFileKind(stat);
  if (special) throw new InputError(`${file}: is ${special}, not a file; ${wanted}`);
  if (stat.size > maxBytes) {
    throw new InputError(`${file}: ${formatBytes(stat.size)} is over the ${formatBytes(maxBytes)} input limit (real exports are a few MB); raise it with --max-input-mb if the file is genuine`);
  }
  checkReadCost(file, stat.size, 'export a shorter sequence', heapBytes);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new InputError(`${file}: ${describeFsError(err, 'cannot be read')}`);
  }
  return decodeInput(bytes, shown);
}

/**
 * UTF-8 as exported; UTF-16 (a byte-order mark, or the zero bytes of ASCII in UTF-16) is read
 * too, since some tools re-save XML that way. Bytes that are not UTF-8 become U+FFFD, with a warning.
 */
export function decodeInput(bytes: Uint8Array, file: string): { text: string; warnings: string[] } {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be'
      : bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0 ? 'utf-16le'
        : bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0 ? 'utf-16be' : undefined;
  if (utf16) {
    // TextDecoder drops the BOM; the XML declaration's encoding="UTF-16" is then simply true
    return { text: new TextDecoder(utf16).decode(bytes), warnings: [] };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warnings: [] };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    let bad = 0;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) bad++;
    return {
      text,
      warnings: [`${file}: ${bad} byte sequence${bad === 1 ? ' is' : 's are'} not UTF-8 and ${bad === 1 ? 'was' : 'were'} read as \uFFFD (names may show a replacement character); save the file as UTF-8`],
    };
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
export type WriteFs = Pick<typeof fs, 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'rmdirSync' | 'existsSync'>;

/**
 * Writes every file under a temporary name in its final folder, then renames them all: a failure
 * (disk full, permission) removes what was staged and leaves any earlier render untouched. Files
 * being replaced (--force) are first renamed aside and renamed back if a later step fails, so even
 * a failure between two renames restores the earlier render whole.
 */
export function writeFilesAtomically(dir: string, files: Map<string, Uint8Array>, fsImpl: WriteFs = fs): string[] {
  const out = new StagedOutput(dir, fsImpl);
  return out.guard(() => {
    for (const [name, bytes] of files) out.put(name, bytes);
    return out.commit();
  });
}

/** One output file written front to back; closing keeps it staged until commit. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  close(): void;
}

/** Float frames of several tracks, written and read by chunk offset (a render's first pass). */
export interface TrackSpill {
  write(offset: number, n: number, tracks: Float32Array[]): void;
  read(offset: number, n: number, tracks: Float32Array[]): void;
  dispose(): void;
}

/**
 * A render being written into its folder: files (small or streamed block by block) are staged
 * under hidden temporary names beside their final ones, a float spill for long renders lives in the
 * same folder (same disk, cleaned up), and commit() renames everything into place at the end, as
 * writeFilesAtomically does. Any failure, reported through guard(), undoes all of it.
 */
export class StagedOutput {
  private readonly created: string[] = [];
  private readonly staged = new Map<string, string>();
  private readonly spills: string[] = [];
  /** Earlier files the new render replaces without a file of the same name (stale stems under --force). */
  private readonly retired = new Set<string>();
  /** Descriptors still open, closed by abort() so a failed write holds no file (or mount) busy. */
  private readonly openFds = new Set<number>();

  /**
   * `writer`: a thread that makes the write calls of streamed files and spills (./write-thread),
   * so the render goes on meanwhile; without it they are made here.
   */
  constructor(
    readonly dir: string,
    private readonly fsImpl: WriteFs = fs,
    private readonly writer: WriteThread | null = null,
  ) {}

  /** Runs `work`; on any error undoes everything staged and reports one InputError line. */
  guard<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      this.abort();
      if (err instanceof InputError) throw err;
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (!code) throw err;
      throw new InputError(`${this.dir}: ${describeFsError(err, 'could not be written')}; nothing was written, any earlier render there is unchanged`);
    }
  }

  /** guard() for asynchronous work (a render that yields so signals can stop it). */
  async guardAsync<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      return this.guard(() => {
        throw err;
      });
    }
  }

  /** Opens `name` for writing; opening a name again starts that file over. */
  stream(name: string): ByteSink {
    const fd = this.open(name);
    const writer = this.writer;
    return {
      write: (bytes) => (writer ? writer.write(fd, bytes, null, true) : writeAll(this.fsImpl, fd, bytes)),
      close: () => this.closeStaged(fd),
    };
  }

  /**
   * `name` as a WAV encoded from float frames by the write thread (the bytes createWavEncoder(encoder)
   * makes); null without a write thread (then the caller encodes and calls stream()).
   */
  streamEncoded(name: string, encoder: WavEncoderOptions): FrameSink | null {
    const writer = this.writer;
    if (!writer) return null;
    const fd = this.open(name);
    const frames = writer.encoded(fd, encoder);
    return {
      writeFrames: (channels, n) => frames.writeFrames(channels, n),
      close: () => {
        if (!this.openFds.has(fd)) return;
        frames.close();
        this.closeStaged(fd);
      },
    };
  }

  /** A staged temporary for `name` (an earlier one of this render removed), open for writing. */
  private open(name: string): number {
    const final = path.join(this.dir, name);
    this.mk(path.dirname(final));
    const earlier = this.staged.get(final);
    if (earlier) this.fsImpl.rmSync(earlier, { force: true });
    const tmp = this.temp(final, 'tmp');
    this.staged.set(final, tmp);
    const fd = this.fsImpl.openSync(tmp, 'wx');
    this.openFds.add(fd);
    return fd;
  }

  /** Every write of fd made, then synced and closed. */
  private closeStaged(fd: number): void {
    if (!this.openFds.has(fd)) return;
    this.writer?.drain();
    this.openFds.delete(fd);
    try {
      this.fsImpl.fsyncSync(fd);
    } finally {
      this.fsImpl.closeSync(fd);
    }
  }

  put(name: string, bytes: Uint8Array): void {
    const sink = this.stream(name);
    try {
      sink.write(bytes);
    } finally {
      sink.close();
    }
  }

  /** A temporary float file for `tracks` tracks, read back by the same chunk offsets it was written at. */
  spill(tracks: number, chunkFrames: number): TrackSpill {
    this.mk(this.dir);
    const file = this.temp(path.join(this.dir, 'render'), 'spill');
    // exclusive create under an unguessable name, like the staged files: a symlink planted under
    // the name makes the open fail instead of pointing gigabytes of floats at someone's file
    const fd = this.fsImpl.openSync(file, 'wx+', 0o600);
    this.spills.push(file);
    this.openFds.add(fd);
    const buf = new Float32Array(tracks * chunkFrames);
    const bytes = new Uint8Array(buf.buffer);
    const position = (offset: number) => (offset / chunkFrames) * bytes.length;
    const writer = this.writer;
    // spill writes still queued on the write thread: a read waits for them, once; it must not
    // wait on every read for the outputs queued since (pass 2 then ran in step with the thread
    // packing its WAVs: one drain per 4,096-frame chunk)
    let queued = false;
    return {
      write: (offset, n, t) => {
        for (let k = 0; k < tracks; k++) buf.set(t[k].subarray(0, n), k * chunkFrames);
        if (writer) { writer.write(fd, bytes, position(offset), false); queued = true; return; }
        let done = 0;
        while (done < bytes.length) {
          const w = this.fsImpl.writeSync(fd, bytes, done, bytes.length - done, position(offset) + done);
          if (!(w > 0)) throw Object.assign(new Error('write made no progress'), { code: 'ENOSPC' });
          done += w;
        }
      },
      read: (offset, n, t) => {
        if (queued) { writer?.drain(); queued = false; }
        const got = fs.readSync(fd, bytes, 0, bytes.length, position(offset));
        // chunks are always written whole, so anything shorter is a damaged spill
        if (got !== bytes.length) throw Object.assign(new Error('spill read short'), { code: 'EIO' });
        for (let k = 0; k < tracks; k++) t[k].set(buf.subarray(k * chunkFrames, k * chunkFrames + n));
      },
      dispose: () => {
        if (writer) quietly(() => writer.drain());
        if (this.openFds.delete(fd)) this.fsImpl.closeSync(fd);
        this.fsImpl.rmSync(file, { force: true });
      },
    };
  }

  /**
   * Marks an earlier file in the folder (`name` relative to it) to be removed by commit, together
   * with the replacement of the others, and restored with them if the commit fails.
   */
  retire(name: string): void {
    this.retired.add(path.join(this.dir, name));
  }

  /** Renames every staged file into place (earlier files set aside, restored on failure). */
  commit(): string[] {
    const asideList: Array<{ aside: string; final: string }> = [];
    const committed: string[] = [];
    try {
      for (const final of this.retired) {
        if (this.staged.has(final) || !this.fsImpl.existsSync(final)) continue;
        const aside = this.temp(final, 'old');
        this.fsImpl.renameSync(final, aside);
        asideList.push({ aside, final });
      }
      for (const [final, tmp] of this.staged) {
        if (this.fsImpl.existsSync(final)) {
          const aside = this.temp(final, 'old');
          this.fsImpl.renameSync(final, aside);
          asideList.push({ aside, final });
        }
        this.fsImpl.renameSync(tmp, final);
        committed.push(final);
      }
    } catch (err) {
      for (const final of committed) quietly(() => this.fsImpl.rmSync(final, { force: true }));
      for (const { aside, final } of asideList) quietly(() => this.fsImpl.renameSync(aside, final));
      throw err;
    }
    // the new render is in place; a leftover hidden .old file would be harmless
    for (const { aside } of asideList) quietly(() => this.fsImpl.rmSync(aside, { force: true }));
    for (const spill of this.spills) quietly(() => this.fsImpl.rmSync(spill, { force: true }));
    const finals = [...this.staged.keys()];
    this.staged.clear();
    return finals;
  }

  abort(): void {
    // no descriptor is closed under a write still queued for it
    if (this.writer) quietly(() => (this.writer as WriteThread).drain());
    for (const fd of this.openFds) quietly(() => this.fsImpl.closeSync(fd));
    this.openFds.clear();
    for (const tmp of this.staged.values()) quietly(() => this.fsImpl.rmSync(tmp, { force: true }));
    for (const spill of this.spills) quietly(() => this.fsImpl.rmSync(spill, { force: true }));
    // only while empty: another run (or the editor) may have put files there since we made it
    for (const folder of [...this.created].reverse()) quietly(() => this.fsImpl.rmdirSync(folder));
    this.staged.clear();
  }

  private mk(folder: string): void {
    const first = this.fsImpl.mkdirSync(folder, { recursive: true });
    if (!first) return;
    // every level made, outermost first, so abort can remove each one that is still empty
    const chain: string[] = [];
    for (let c = path.resolve(folder); c !== path.dirname(path.resolve(first)); c = path.dirname(c)) chain.unshift(c);
    this.created.push(...chain);
  }

  /**
   * A hidden name beside `final`: the process id (so a later run can tell a dead run's leftovers,
   * src/io/claim.ts) and random bytes (so nobody can plant a file under the name beforehand).
   */
  private temp(final: string, kind: string): string {
    return path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}-${randomBytes(6).toString('hex')}.${kind}`);
  }
}

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // best effort: keep undoing the rest
  }
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
