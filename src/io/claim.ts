/**
 * Claiming an output folder for one run. Two runs aimed at the same folder (the default
 * cuebed-out, or the same --out) must never write into one folder: each run takes the folder's
 * lock file with an exclusive create (O_CREAT|O_EXCL, so it is atomic and follows no symlink) and
 * holds it until it has committed or given up. A folder locked by a live run is passed over for
 * the next version (X-2, X-3 …); a lock or temporary file left by a run that died (power cut,
 * SIGKILL) is recognised by its process id and cleared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../timeline/model';

export const LOCK_NAME = '.cuebed.lock';

export interface OutputClaim {
  /** The folder this run writes into (may be `base-2` … when `base` was busy or held a render). */
  readonly dir: string;
  /** Set when the claim moved past `base`: the reason, for a warning line. */
  readonly movedBecause?: string;
  /** Removes the lock; removes the folder (and the parents the claim made) again when still empty. */
  release(): void;
}

export interface ClaimOptions {
  /** Replace a finished render found in `base` (--force); a folder in use by a live run is never shared. */
  force: boolean;
  /** The default folder: a finished render there moves this run on to the next version instead of refusing. */
  versioned: boolean;
  /** The file whose presence says "a finished render is here". */
  marker: string;
}

export function claimOutputFolder(base: string, options: ClaimOptions): OutputClaim {
  let movedBecause: string | undefined;
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    const made = makeFolder(dir);
    const lock = path.join(dir, LOCK_NAME);
    if (!takeLock(lock)) {
      undoFolders(made);
      movedBecause ??= `${base} is being written by another Cuebed run`;
      continue;
    }
    const claim: OutputClaim = {
      dir,
      movedBecause,
      release: () => {
        quietly(() => fs.rmSync(lock, { force: true }));
        undoFolders(made);
      },
    };
    removeStaleTemporaries(dir);
    if (made.length === 0 && fs.existsSync(path.join(dir, options.marker)) && !(options.force && n === 1)) {
      claim.release();
      if (!options.versioned && n === 1) {
        throw new InputError(`${path.join(dir, options.marker)}: a render is already there; choose another --out, or pass --force to replace it`);
      }
      continue;
    }
    return claim;
  }
}

/** Creates `dir` (and missing parents); returns what it created, outermost first. */
function makeFolder(dir: string): string[] {
  const missing: string[] = [];
  for (let cur = path.resolve(dir); !fs.existsSync(cur); cur = path.dirname(cur)) {
    missing.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  const made: string[] = [];
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
      made.push(folder);
    } catch (err) {
      // another run made it between our check and our mkdir: it is theirs, not ours
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        undoFolders(made);
        throw err;
      }
    }
  }
  return made;
}

/** Removes folders this run made, innermost first, only while they are empty: never another run's files. */
function undoFolders(made: string[]): void {
  for (const folder of [...made].reverse()) quietly(() => fs.rmdirSync(folder));
}

/** Exclusive create of the lock; a lock whose process is gone is removed and taken over. */
function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx', 0o644);
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!lockIsStale(lock)) return false;
    // Rename first, so that of two runs clearing the same stale lock only one removes it.
    const aside = `${lock}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
    try {
      fs.renameSync(lock, aside);
      fs.rmSync(aside, { force: true });
    } catch {
      // someone else cleared it first; try again
    }
  }
  return false;
}

function lockIsStale(lock: string): boolean {
  let text: string;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(lock);
    if (!stat.isFile()) return false; // a symlink or folder under our name: leave it, use the next folder
    text = fs.readFileSync(lock, 'utf8');
  } catch {
    return false;
  }
  const pid = Number(text.trim());
  // Written right after the exclusive create: empty means "being taken now", unless it stayed empty.
  if (!Number.isSafeInteger(pid) || pid <= 0) return Date.now() - stat.mtimeMs > 10_000;
  return !processAlive(pid);
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `.<name>.<pid>-<tag>.<kind>`: a run's staged file, set-aside file or float spill (src/io/files.ts temp()). */
const TEMPORARY = /^\.(.+)\.(\d+)-[0-9a-z]+\.(tmp|spill|old)$/;

/**
 * Removes the temporaries of runs that died in this folder (and its stems/ folder). A set-aside
 * `.old` file whose final name is missing is what a crash in the middle of a commit leaves: it is
 * put back, so the earlier render is whole again.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const removed: string[] = [];
  for (const folder of [dir, path.join(dir, 'stems')]) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = TEMPORARY.exec(name);
      if (!m || processAlive(Number(m[2]))) continue;
      const file = path.join(folder, name);
      const final = path.join(folder, m[1]);
      quietly(() => {
        if (m[3] === 'old' && !fs.existsSync(final)) fs.renameSync(file, final);
        else fs.rmSync(file, { force: true });
        removed.push(file);
      });
    }
  }
  return removed;
}

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // best effort
  }
}
