/**
 * The last render per sequence, remembered without touching the sequence (no markers, no
 * metadata): a sidecar JSON in the Cuebed output folder, `Cuebed/renders.json`,
 *   { "<sequenceID>": { "folder": "…/Cuebed/score-v3", "wavPath": "…/score-v3/score.wav", "time": "2025-…Z" } }
 * written after each score or regeneration has been placed, read to enable "Regenerate around
 * edits" and to find the render to regenerate around.
 *
 * Pure: file access goes through the injected SidecarFs (nodeSidecarFs wraps Node's fs for the
 * panel's Node side). Paths are joined here without node:path, so the page bundle can use this.
 * The write is atomic (staged beside the file, fsynced, renamed over it, as src/io/files.ts does):
 * a crash leaves the previous renders.json whole.
 */
import { OUTPUT_FOLDER_NAME as OUTPUT_FOLDER } from './output';
import { joinPath, parentPath } from './paths';

export { joinPath, parentPath };

export const SIDECAR_NAME = 'renders.json';

export interface RenderEntry {
  /** The versioned render folder (…/Cuebed/score-v2). */
  folder: string;
  /** Its score.wav, as placed in the sequence. */
  wavPath: string;
  /** When it was placed (ISO 8601). */
  time: string;
}

export type Sidecar = Record<string, RenderEntry>;

/** The file operations the sidecar needs. */
export interface SidecarFs {
  /** The file's text, or null when it does not exist. Other errors throw. */
  read(file: string): string | null;
  exists(file: string): boolean;
  /** Replaces `file` with `text` atomically, creating its folder. */
  writeAtomic(file: string, text: string): void;
}

/** Where renders.json may be: the Cuebed folder next to the project, then the one in documents. */
export function sidecarRoots(projectPath: string, documentsPath: string): string[] {
  const out: string[] = [];
  if (projectPath) out.push(joinPath(parentPath(projectPath), OUTPUT_FOLDER));
  if (documentsPath) out.push(joinPath(documentsPath, OUTPUT_FOLDER));
  return [...new Set(out)];
}

/** The key for a sequence: its ID, or its name when the host has none. */
export function sequenceKey(sequence: { id?: string; name?: string }): string {
  return sequence.id ? sequence.id : `name:${sequence.name ?? ''}`;
}

function isEntry(v: unknown): v is RenderEntry {
  const e = v as RenderEntry;
  return !!e && typeof e === 'object' && typeof e.folder === 'string' && e.folder !== '' && typeof e.wavPath === 'string' && e.wavPath !== '' && typeof e.time === 'string';
}

/** Reads renders.json text; entries that are not well-formed are left out. Throws on text that is not a JSON object. */
export function parseSidecar(text: string): Sidecar {
  const parsed = JSON.parse(text) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('renders.json is not a JSON object');
  const out: Sidecar = {};
  for (const [id, v] of Object.entries(parsed as Record<string, unknown>)) if (isEntry(v)) out[id] = { folder: v.folder, wavPath: v.wavPath, time: v.time };
  return out;
}

function readSidecar(fs: SidecarFs, root: string): Sidecar {
  const text = fs.read(joinPath(root, SIDECAR_NAME));
  if (text === null) return {};
  try {
    return parseSidecar(text);
  } catch {
    return {};
  }
}

/**
 * The newest remembered render of the sequence whose files are still there (plan.json and the
 * WAV), or null. A folder the editor deleted or moved does not count.
 */
export function lastRender(fs: SidecarFs, roots: string[], sequenceId: string): RenderEntry | null {
  let best: RenderEntry | null = null;
  for (const root of roots) {
    let entry: RenderEntry | undefined;
    try {
      entry = readSidecar(fs, root)[sequenceId];
    } catch {
      continue;
    }
    if (!entry || !fs.exists(entry.wavPath) || !fs.exists(joinPath(entry.folder, 'plan.json'))) continue;
    if (!best || entry.time > best.time) best = entry;
  }
  return best;
}

/**
 * Records `entry` as the sequence's last render in `<root>/renders.json`, keeping every other
 * sequence's entry. An unreadable (corrupt) file is replaced: it only ever held these pointers.
 */
export function rememberRender(fs: SidecarFs, root: string, sequenceId: string, entry: RenderEntry): Sidecar {
  const all = readSidecar(fs, root);
  all[sequenceId] = { folder: entry.folder, wavPath: entry.wavPath, time: entry.time };
  fs.writeAtomic(joinPath(root, SIDECAR_NAME), JSON.stringify(all, null, 2) + '\n');
  return all;
}

/** The parts of Node's fs that nodeSidecarFs uses (structural, so nothing here imports fs). */
export interface NodeFsLike {
  readFileSync(file: string, encoding: 'utf8'): string;
  existsSync(file: string): boolean;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  openSync(file: string, flags: string): number;
  writeSync(fd: number, text: string): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
}

let staging = 0;

/** SidecarFs over Node's fs (the CEP page's `require('fs')`, or the worker's). */
export function nodeSidecarFs(fs: NodeFsLike): SidecarFs {
  return {
    read(file) {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    exists: (file) => fs.existsSync(file),
    writeAtomic(file, text) {
      fs.mkdirSync(parentPath(file), { recursive: true });
      const tmp = joinPath(parentPath(file), `.${SIDECAR_NAME}.${Date.now()}-${++staging}.tmp`);
      try {
        const fd = fs.openSync(tmp, 'wx');
        try {
          fs.writeSync(fd, text);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        fs.renameSync(tmp, file);
      } catch (err) {
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          /* best effort */
        }
        throw err;
      }
    },
  };
}
