/**
 * Where the panel writes: a "Cuebed" folder next to the project file (macOS privacy can hide
 * Documents from Premiere's panel; the project folder is where the media already lives), else the
 * user's documents. Each render gets the next free versioned folder (score-v1, score-v2 …), never
 * an existing one: renders already placed in a project are never overwritten.
 *
 * Pure: the file system is injected (panel/node/render-worker.ts passes Node's, the UXP panel
 * src/io/uxp-output.ts over UXP's).
 */
import type { ByteSink, TrackSpill } from '../audio/stream';
import { joinPath, parentPath } from './paths';

export const OUTPUT_FOLDER_NAME = 'Cuebed';

export interface FolderProbe {
  /** True when `dir` exists as a writable folder, or can be created under a writable one. */
  writable(dir: string): boolean;
  /** Names in `dir`; [] when it does not exist. */
  list(dir: string): string[];
  /** A file's bytes (regeneration reads the previous render); throws like fs.readFileSync. */
  read?(file: string): Uint8Array;
}

/**
 * One render being written: every file is staged under a temporary name in `folder` and only
 * commit() makes them the render; abort() leaves nothing behind.
 */
export interface RenderFolder {
  /** Opens `name` for writing front to back; opening a name again starts it over. */
  stream(name: string): ByteSink;
  put(name: string, bytes: Uint8Array): void;
  /**
   * A float spill that keeps the first pass (`frames` long), or null where there is no room for
   * one: the first pass is then rendered twice (same bytes, more time).
   */
  spill(tracks: number, chunkFrames: number, frames: number): TrackSpill | null;
  /** Renames everything into place; the final paths. */
  commit(): Promise<string[]>;
  abort(): Promise<void>;
}

/** The file system a render job writes through. */
export interface JobOutput extends FolderProbe {
  /** Creates `folder` (and `subfolders` in it) for a new render. */
  begin(folder: string, subfolders: string[]): Promise<RenderFolder>;
}

export interface OutputRoot {
  /** …/Cuebed */
  root: string;
  /** Why this is not next to the project ('' when it is). */
  note: string;
}

/** Picks the Cuebed folder: next to the project when saved and writable, else in documents. */
export function chooseOutputRoot(projectPath: string, documentsPath: string, writable: FolderProbe['writable']): OutputRoot {
  const docs = joinPath(documentsPath, OUTPUT_FOLDER_NAME);
  if (projectPath) {
    const beside = joinPath(parentPath(projectPath), OUTPUT_FOLDER_NAME);
    if (writable(beside)) return { root: beside, note: '' };
    return { root: docs, note: `the project folder ${parentPath(projectPath)} cannot be written to, so the render went to your documents` };
  }
  return { root: docs, note: 'the project is not saved yet, so the render went to your documents' };
}

/** `<root>/<prefix>-vN` for N above every existing version (gaps are never reused). */
export function nextVersionFolder(root: string, prefix: string, existing: string[]): string {
  let highest = 0;
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)$`);
  for (const n of existing) {
    const m = re.exec(n);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return joinPath(root, `${prefix}-v${highest + 1}`);
}
