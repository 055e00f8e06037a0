/**
 * UXP's `require('fs')` as far as Cuebed uses it, over Node's fs: only the members UXP has, with
 * UXP's shapes (sync reads return ArrayBuffer, rename/mkdir/unlink/rmdir are async only, errors
 * carry the libuv name in the message, not a `code`). Faults can be injected per call.
 */
import * as fs from 'node:fs';
import type { UxpFs } from '../../src/io/uxp-output';

export interface UxpFsFaults {
  /** Throws ENOSPC once this many bytes have been written in total. */
  diskBytes?: number;
  /** Throws on the rename whose target ends with this name. */
  failRenameOf?: string;
}

function uxpError(err: unknown): Error {
  const code = (err as { code?: string }).code ?? 'EIO';
  return new Error(`${code}: ${(err as Error).message}`);
}

export function uxpFs(faults: UxpFsFaults = {}): UxpFs & { written: number; calls: string[] } {
  const state = { written: 0, calls: [] as string[] };
  const wrap = <T>(name: string, f: () => T): T => {
    state.calls.push(name);
    try {
      return f();
    } catch (err) {
      throw uxpError(err);
    }
  };
  return Object.assign(state, {
    readFileSync(p: string, options?: { encoding?: string }) {
      return wrap('readFileSync', () => {
        const b = fs.readFileSync(p);
        if (options?.encoding) return b.toString('utf8');
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      });
    },
    writeFileSync(p: string, data: string | ArrayBuffer | ArrayBufferView, options?: { flag?: string }) {
      return wrap('writeFileSync', () => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
        if (faults.diskBytes !== undefined && state.written + bytes.length > faults.diskBytes) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        fs.writeFileSync(p, bytes, { flag: options?.flag ?? 'w' });
        state.written += bytes.length;
        return bytes.length;
      });
    },
    readdirSync: (p: string) => wrap('readdirSync', () => fs.readdirSync(p)),
    lstatSync: (p: string) => wrap('lstatSync', () => fs.lstatSync(p)),
    mkdir: async (p: string, o?: { recursive?: boolean }) => wrap('mkdir', () => { fs.mkdirSync(p, o); return 0; }),
    rename: async (a: string, b: string) => wrap('rename', () => {
      if (faults.failRenameOf && b.endsWith(faults.failRenameOf)) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      fs.renameSync(a, b);
      return 0;
    }),
    unlink: async (p: string) => wrap('unlink', () => { fs.unlinkSync(p); return 0; }),
    rmdir: async (p: string) => wrap('rmdir', () => { fs.rmdirSync(p); return 0; }),
  });
}

/** Every file under `dir`, relative, sorted (hidden temporaries included). */
export function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}
