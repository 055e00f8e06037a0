/**
 * Where the panel writes: a "Cuebed" folder next to the project file (macOS privacy can hide
 * Documents from Premiere's panel, the project folder is where media already lives), else the
 * user's documents. Each render gets the next free versioned folder (score-v1, score-v2 …), never
 * an existing one: renders already placed in a project are never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const OUTPUT_FOLDER_NAME = 'Cuebed';

export interface OutputRoot {
  /** …/Cuebed */
  root: string;
  /** Why this is not next to the project ('' when it is). */
  note: string;
}

/** True when `folder` (or its nearest existing ancestor) is a writable directory. */
export function canWriteUnder(folder: string): boolean {
  let cur = path.resolve(folder);
  for (;;) {
    if (fs.existsSync(cur)) {
      try {
        if (!fs.statSync(cur).isDirectory()) return false;
        fs.accessSync(cur, fs.constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    const up = path.dirname(cur);
    if (up === cur) return false;
    cur = up;
  }
}

/** Picks the Cuebed folder: next to the project when saved and writable, else in documents. */
export function chooseOutputRoot(projectPath: string, documentsPath: string, writable: (dir: string) => boolean = canWriteUnder): OutputRoot {
  const docs = path.join(documentsPath, OUTPUT_FOLDER_NAME);
  if (projectPath) {
    const beside = path.join(path.dirname(projectPath), OUTPUT_FOLDER_NAME);
    if (writable(beside)) return { root: beside, note: '' };
    return { root: docs, note: `the project folder ${path.dirname(projectPath)} is not writable, so the render went to your documents` };
  }
  return { root: docs, note: 'the project is not saved yet, so the render went to your documents' };
}

/** `<root>/<prefix>-vN` for the first N above every existing version (gaps are never reused). */
export function nextVersionFolder(root: string, prefix: string): string {
  let highest = 0;
  let names: string[] = [];
  try {
    names = fs.readdirSync(root);
  } catch {
    names = [];
  }
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)$`);
  for (const n of names) {
    const m = re.exec(n);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return path.join(root, `${prefix}-v${highest + 1}`);
}
