/**
 * File-error wording shared by every writer (Node's fs in the CLI and the CEP worker, UXP's fs in
 * the UXP panel). No file-system access here, so the UXP bundle can use it.
 */

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
