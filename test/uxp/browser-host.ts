/**
 * What Premiere gives a UXP plugin, inside the test's Chromium page: `require('premierepro')` (the
 * UXP DOM emulator), `require('fs')` (an in-memory file system with UXP's fs surface: sync reads,
 * sync writes with an append flag, async rename/mkdir/unlink/rmdir, libuv names in error messages)
 * and `require('os')`. Bundled by the plugin browser test and injected before the plugin's own
 * bundle (dist/uxp-plugin/cuebed-uxp.js) runs, which then boots exactly as it does in Premiere.
 */
import { readPcm } from '../../src/regen/wav';
import { samplesToTicks } from '../../src/time';
import type { SourceSequence } from '../../src/timeline';
import type { UxpFs } from '../../src/io/uxp-output';
import { UxpEmulator } from './emulator';

export const HOME = '/Users/editor';
export const PROJECT = `${HOME}/Projects/Launch film.prproj`;

const enoent = (p: string) => new Error(`ENOENT: no such file or directory, '${p}'`);
const parent = (p: string) => p.slice(0, Math.max(1, p.lastIndexOf('/')));

export class MemoryUxpFs implements UxpFs {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>(['/']);
  constructor(private readonly onPlaced: (path: string, bytes: Uint8Array) => void) {}

  private mkdirs(p: string): void {
    for (let cur = p; !this.dirs.has(cur); cur = parent(cur)) this.dirs.add(cur);
  }
  seedDir(p: string): void {
    this.mkdirs(p);
  }
  readFileSync(p: string, options?: { encoding?: string }): string | ArrayBuffer {
    const b = this.files.get(p);
    if (!b) throw enoent(p);
    return options?.encoding ? new TextDecoder().decode(b) : b.slice().buffer;
  }
  writeFileSync(p: string, data: string | ArrayBuffer | ArrayBufferView, options?: { flag?: string }): number {
    if (!this.dirs.has(parent(p))) throw enoent(p);
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() : new Uint8Array(data.slice(0));
    const before = options?.flag === 'a' ? this.files.get(p) ?? new Uint8Array(0) : new Uint8Array(0);
    const all = new Uint8Array(before.length + bytes.length);
    all.set(before);
    all.set(bytes, before.length);
    this.files.set(p, all);
    return bytes.length;
  }
  readdirSync(p: string): string[] {
    if (!this.dirs.has(p)) throw enoent(p);
    const prefix = p.endsWith('/') ? p : p + '/';
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) if (k.startsWith(prefix) && k.length > prefix.length) names.add(k.slice(prefix.length).split('/')[0]);
    return [...names];
  }
  lstatSync(p: string): { isDirectory(): boolean; isFile(): boolean; size: number } {
    const dir = this.dirs.has(p);
    if (!dir && !this.files.has(p)) throw enoent(p);
    return { isDirectory: () => dir, isFile: () => !dir, size: this.files.get(p)?.length ?? 0 };
  }
  async mkdir(p: string, options?: { recursive?: boolean }): Promise<number> {
    if (!options?.recursive && !this.dirs.has(parent(p))) throw enoent(p);
    this.mkdirs(p);
    return 0;
  }
  async rename(from: string, to: string): Promise<number> {
    const b = this.files.get(from);
    if (!b) throw enoent(from);
    this.files.delete(from);
    this.files.set(to, b);
    this.onPlaced(to, b);
    return 0;
  }
  async unlink(p: string): Promise<number> {
    if (!this.files.delete(p)) throw enoent(p);
    return 0;
  }
  async rmdir(p: string): Promise<number> {
    if (this.readdirSync(p).length) throw new Error(`ENOTEMPTY: directory not empty, '${p}'`);
    this.dirs.delete(p);
    return 0;
  }
}

declare const window: Record<string, unknown>;

const sequence = window.__cuebedSequence as SourceSequence;
const emu = new UxpEmulator();
emu.project!.path = PROJECT;
emu.loadSequence(sequence);
const memfs = new MemoryUxpFs((p, bytes) => {
  // Premiere can import a WAV once it is in place under its final name
  if (p.toLowerCase().endsWith('.wav')) {
    const wav = readPcm(bytes);
    emu.addFile(p, samplesToTicks(wav.frames, wav.sampleRate));
  }
});
memfs.seedDir(`${HOME}/Projects`);
memfs.seedDir(`${HOME}/Documents`);

const modules: Record<string, unknown> = { premierepro: emu.ppro, fs: memfs, os: { homedir: () => HOME } };
window.require = (id: string) => {
  if (!(id in modules)) throw new Error(`Cannot find module '${id}' (UXP offers premierepro, fs, os)`);
  return modules[id];
};
window.__uxpTest = { emu, memfs };
