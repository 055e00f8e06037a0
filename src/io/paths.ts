import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * True when `a` and `b` name the same folder: the same device and inode when both exist (a
 * symlink, a bind mount or `..` cannot disguise it), else the same resolved path of their nearest
 * existing ancestors' real paths.
 */
export function sameFolder(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return realish(a) === realish(b);
  }
}

/** The real path of the nearest existing ancestor, with the missing tail appended. */
function realish(p: string): string {
  const tail: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...tail);
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return path.resolve(p);
      tail.unshift(path.basename(cur));
      cur = up;
    }
  }
}
