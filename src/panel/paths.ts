/**
 * Path joins for paths Premiere hands the panel (Windows or POSIX, whichever the editor's machine
 * uses). node:path is not in the page or UXP bundles and only knows the platform it runs on, so
 * these three are written here: the separator already used in a path is kept.
 */

/** Both separators are accepted; the one already used in `dir` is kept. */
export function joinPath(dir: string, ...names: string[]): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  let out = dir;
  for (const name of names) out = out.replace(/[\\/]+$/, '') + sep + name.replace(/^[\\/]+/, '').replace(/[\\/]/g, sep);
  return out;
}

export function parentPath(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return '.';
  if (i === 0) return trimmed[0];
  return /^[A-Za-z]:$/.test(trimmed.slice(0, i)) ? trimmed.slice(0, i + 1) : trimmed.slice(0, i);
}

export function baseName(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/**
 * Is the host Windows? UXP documents `os.platform()` ("win32", "darwin"); `navigator.platform` is a
 * browser property UXP need not fill, so it is only the fallback.
 */
export function isWindowsHost(os: { platform?: () => string }, nav: { platform?: string } | undefined): boolean {
  try {
    if (typeof os.platform === 'function') return os.platform() === 'win32';
  } catch {
    /* fall through to the navigator */
  }
  return /^win/i.test(nav?.platform ?? '');
}
