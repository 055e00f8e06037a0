/**
 * The panel render job's file system inside a UXP plugin, over UXP's Node-style `require('fs')`
 * (injected: this module never loads it). UXP's fs is not Node's: it has synchronous whole-file
 * reads and writes (with an append flag) but no synchronous positioned write, rename or mkdir.
 * So a render is staged like this: the folder is created first (async), each file is written by
 * appending blocks to a hidden temporary name (sync, buffered), and commit renames them into
 * place (async). UXP's fs cannot write a float spill file in place, so the first pass is kept in
 * memory when it is small (MEMORY_SPILL_BYTES) and rendered again otherwise (src/score.ts).
 */
import type { JobOutput, RenderFolder } from '../panel/output';
import { joinPath, parentPath } from '../panel/paths';
import { lastRender, rememberRender, type RenderEntry, type SidecarFs } from '../panel/sidecar';

/** The members of UXP's `require('fs')` used here (UXP API reference, "require('fs')"). */
export interface UxpFs {
  readFileSync(path: string, options?: { encoding?: string }): string | ArrayBuffer;
  writeFileSync(path: string, data: string | ArrayBuffer | ArrayBufferView, options?: { flag?: string; encoding?: string }): number;
  readdirSync(path: string): string[];
  lstatSync(path: string): { isDirectory(): boolean; isFile(): boolean; size?: number };
  mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>;
  rename(from: string, to: string): Promise<unknown>;
  unlink(path: string): Promise<unknown>;
  rmdir(path: string): Promise<unknown>;
}

/** Bytes gathered before one append: few enough file opens for a long WAV, little memory. */
const FLUSH_BYTES = 4 << 20;

/**
 * The first pass is kept in memory up to this size (about 5.8 min of a 48 kHz stereo mix, 50 s with
 * all stems); beyond it, it is rendered again. Keeping it saves a third to a half of a short
 * render's time; rendering again keeps a long one's memory flat.
 */
export const MEMORY_SPILL_BYTES = 128 << 20;

/** UXP's errors carry the libuv name in the message ("ENOENT: no such file…"); give them Node's `code`. */
function withCode(err: unknown): unknown {
  if (err && typeof err === 'object' && !(err as { code?: unknown }).code) {
    const m = /\b(E[A-Z]{2,})\b/.exec(String((err as { message?: unknown }).message ?? err));
    if (m) {
      try {
        (err as { code?: string }).code = m[1];
      } catch {
        /* a frozen error keeps its message */
      }
    }
  }
  return err;
}

function sync<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw withCode(err);
  }
}

async function quietly(p: () => Promise<unknown>): Promise<void> {
  try {
    await p();
  } catch {
    /* best effort: keep undoing the rest */
  }
}

let staging = 0;

export function uxpJobOutput(fs: UxpFs, options: { memorySpillBytes?: number } = {}): JobOutput {
  const spillBudget = options.memorySpillBytes ?? MEMORY_SPILL_BYTES;
  const isDir = (p: string): boolean | null => {
    try {
      return fs.lstatSync(p).isDirectory();
    } catch {
      return null;
    }
  };
  /** `dir` and the parents of it that do not exist yet, outermost first. */
  const missing = (dir: string): string[] => {
    const out: string[] = [];
    for (let cur = dir; isDir(cur) === null; ) {
      out.unshift(cur);
      const up = parentPath(cur);
      if (up === cur || up === '.') break;
      cur = up;
    }
    return out;
  };
  return {
    writable(dir) {
      // UXP cannot ask for permissions up front: the nearest existing folder must be a folder; a
      // refusal shows up when the render is staged, as a disk error naming the folder.
      const toMake = missing(dir);
      return isDir(toMake.length ? parentPath(toMake[0]) : dir) === true;
    },
    list(dir) {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
    read(file) {
      const data = sync(() => fs.readFileSync(file));
      if (typeof data === 'string') return new TextEncoder().encode(data);
      return new Uint8Array(data);
    },
    async begin(folder, subfolders) {
      const created = missing(folder);
      try {
        await fs.mkdir(folder, { recursive: true });
        for (const sub of subfolders) {
          const p = joinPath(folder, sub);
          if (isDir(p) === null) {
            await fs.mkdir(p);
            created.push(p);
          }
        }
      } catch (err) {
        for (const d of [...created].reverse()) await quietly(() => fs.rmdir(d));
        throw withCode(err);
      }
      return stagedFolder(fs, folder, created, spillBudget);
    },
  };
}

function stagedFolder(fs: UxpFs, folder: string, created: string[], spillBudget: number): RenderFolder {
  /** final path → temporary path, in the order the files were opened. */
  const staged = new Map<string, string>();
  const tempOf = (final: string) => {
    const prev = staged.get(final);
    if (prev) return prev;
    const name = final.slice(parentPath(final).length + 1);
    const tmp = joinPath(parentPath(final), `.${name}.${Date.now()}-${++staging}.tmp`);
    staged.set(final, tmp);
    return tmp;
  };
  const undo = async (committed: string[]) => {
    for (const f of committed) await quietly(() => fs.unlink(f));
    for (const tmp of staged.values()) await quietly(() => fs.unlink(tmp));
    for (const d of [...created].reverse()) await quietly(() => fs.rmdir(d));
    staged.clear();
  };
  return {
    stream(name) {
      const tmp = tempOf(joinPath(folder, name));
      let first = true;
      // blocks are gathered here (the caller reuses its buffer for the next block) and appended together
      let buf = new Uint8Array(FLUSH_BYTES);
      let size = 0;
      const flush = () => {
        if (!first && size === 0) return;
        sync(() => fs.writeFileSync(tmp, buf.subarray(0, size), { flag: first ? 'w' : 'a' }));
        first = false;
        size = 0;
      };
      return {
        write(bytes) {
          if (size + bytes.length > buf.length) {
            flush();
            if (bytes.length > buf.length) buf = new Uint8Array(bytes.length);
          }
          buf.set(bytes, size);
          size += bytes.length;
          if (size >= FLUSH_BYTES) flush();
        },
        close: flush,
      };
    },
    spill(tracks, _chunkFrames, frames) {
      if (tracks * frames * 4 > spillBudget) return null;
      const store = Array.from({ length: tracks }, () => new Float32Array(frames));
      return {
        write: (offset, n, t) => { for (let k = 0; k < tracks; k++) store[k].set(t[k].subarray(0, n), offset); },
        read: (offset, n, t) => { for (let k = 0; k < tracks; k++) t[k].set(store[k].subarray(offset, offset + n)); },
        dispose: () => { store.length = 0; },
      };
    },
    put(name, bytes) {
      const tmp = tempOf(joinPath(folder, name));
      sync(() => fs.writeFileSync(tmp, bytes, { flag: 'w' }));
    },
    async commit() {
      const committed: string[] = [];
      try {
        for (const [final, tmp] of staged) {
          await fs.rename(tmp, final);
          committed.push(final);
        }
      } catch (err) {
        await undo(committed);
        throw withCode(err);
      }
      const finals = [...staged.keys()];
      staged.clear();
      return finals;
    },
    abort: () => undo([]),
  };
}

/**
 * renders.json (the last render per sequence) over UXP's fs: read like the CEP panel does, written
 * to a temporary file and renamed over the old one (UXP's rename is async, so this one is too).
 */
export function uxpRenderStore(fs: UxpFs): { lastRender(roots: string[], sequenceId: string): Promise<RenderEntry | null>; remember(root: string, sequenceId: string, entry: RenderEntry): Promise<void> } {
  const exists = (p: string) => {
    try {
      fs.lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };
  const reader = (write: SidecarFs['writeAtomic']): SidecarFs => ({
    read(file) {
      if (!exists(file)) return null;
      const data = sync(() => fs.readFileSync(file, { encoding: 'utf-8' }));
      return typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
    exists,
    writeAtomic: write,
  });
  return {
    async lastRender(roots, sequenceId) {
      return lastRender(reader(() => undefined), roots, sequenceId);
    },
    async remember(root, sequenceId, entry) {
      const pending: { file: string; text: string } = { file: '', text: '' };
      rememberRender(reader((file, text) => { pending.file = file; pending.text = text; }), root, sequenceId, entry);
      if (!pending.file) return;
      const { file, text } = pending;
      await fs.mkdir(parentPath(file), { recursive: true });
      const tmp = joinPath(parentPath(file), `.renders.json.${Date.now()}-${++staging}.tmp`);
      try {
        sync(() => fs.writeFileSync(tmp, text, { encoding: 'utf-8' }));
        await fs.rename(tmp, file);
      } catch (err) {
        await quietly(() => fs.unlink(tmp));
        throw withCode(err);
      }
    },
  };
}
