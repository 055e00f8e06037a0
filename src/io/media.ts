/**
 * Reads dialogue media (WAV / BWF) for the voice-activity detector. Only the clip's source range
 * is read (production sound runs for hours; a clip uses seconds of it), mixed to mono, and handed
 * to the pure detector in plan/speech.ts. RF64/BW64 (what recorders write for takes past 4 GiB)
 * reads like RIFF. Anything unreadable (missing file, not a WAVE, compressed) yields `undefined`,
 * and the planner falls back to the clip's extents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TICKS_PER_SECOND } from '../time';
import { assessSpeech, type VadOptions } from '../plan/speech';
import { chunkSize, riffForm } from '../audio/wav';
import type { SpeechReader, SpeechSpans } from '../plan';

export interface WavLayout {
  sampleRate: number;
  channels: number;
  /** 8, 16, 24, 32 (integer PCM) or 'f32' / 'f64'. */
  format: 8 | 16 | 24 | 32 | 'f32' | 'f64';
  bytesPerFrame: number;
  dataOffset: number;
  /** Frames in the data chunk. */
  frames: number;
}

/** Parses a RIFF (or RF64/BW64) WAVE header from the file's first bytes; null when it is not a PCM/float WAV we can read. */
export function readWavLayout(fd: number, fileSize: number): WavLayout | null {
  const head = Buffer.alloc(12 + 8 + 256);
  const got = fs.readSync(fd, head, 0, head.length, 0);
  let form;
  try {
    form = riffForm(head.subarray(0, got));
  } catch {
    return null; // RF64 without its ds64 chunk
  }
  if (!form) return null;
  let fmt: Buffer | null = null;
  let pos = 12;
  const chunkHead = Buffer.alloc(8);
  while (pos + 8 <= fileSize) {
    if (fs.readSync(fd, chunkHead, 0, 8, pos) < 8) return null;
    const id = chunkHead.toString('latin1', 0, 4);
    const size = chunkSize(form, id, chunkHead.readUInt32LE(4));
    if (id === 'fmt ') {
      fmt = Buffer.alloc(Math.min(size, 64));
      fs.readSync(fd, fmt, 0, fmt.length, pos + 8);
    } else if (id === 'data') {
      if (!fmt || fmt.length < 16) return null;
      let tag = fmt.readUInt16LE(0);
      const channels = fmt.readUInt16LE(2);
      const sampleRate = fmt.readUInt32LE(4);
      const blockAlign = fmt.readUInt16LE(12);
      const bits = fmt.readUInt16LE(14);
      if (tag === 0xfffe && fmt.length >= 26) tag = fmt.readUInt16LE(24);
      let format: WavLayout['format'];
      if (tag === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) format = bits;
      else if (tag === 3 && bits === 32) format = 'f32';
      else if (tag === 3 && bits === 64) format = 'f64';
      else return null;
      if (channels < 1 || sampleRate < 1000 || blockAlign !== (channels * bits) / 8) return null;
      const available = Math.min(size, fileSize - pos - 8);
      return { sampleRate, channels, format, bytesPerFrame: blockAlign, dataOffset: pos + 8, frames: Math.floor(available / blockAlign) };
    }
    pos += 8 + size + (size & 1);
  }
  return null;
}

/** Frames [from, to) of the file, averaged across channels. */
export function readMono(fd: number, layout: WavLayout, from: number, to: number): Float32Array {
  const a = Math.max(0, Math.min(layout.frames, from));
  const b = Math.max(a, Math.min(layout.frames, to));
  const n = b - a;
  const out = new Float32Array(n);
  const bytes = Buffer.alloc(n * layout.bytesPerFrame);
  fs.readSync(fd, bytes, 0, bytes.length, layout.dataOffset + a * layout.bytesPerFrame);
  const ch = layout.channels;
  const width = layout.bytesPerFrame / ch;
  const scale = 1 / ch;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < ch; c++) {
      const p = i * layout.bytesPerFrame + c * width;
      switch (layout.format) {
        case 8: sum += (bytes[p] - 128) / 128; break;
        case 16: sum += bytes.readInt16LE(p) / 32768; break;
        case 24: sum += bytes.readIntLE(p, 3) / 8388608; break;
        case 32: sum += bytes.readInt32LE(p) / 2147483648; break;
        case 'f32': sum += bytes.readFloatLE(p); break;
        case 'f64': sum += bytes.readDoubleLE(p); break;
      }
    }
    out[i] = sum * scale;
  }
  return out;
}

export interface SpeechReaderOptions {
  /** Where relative media paths (and moved media, by file name) are looked for: the input file's folder. */
  baseDir?: string;
  vad?: VadOptions;
  /** Refuse to analyse more than this many seconds of one clip (default 4 hours). */
  maxSeconds?: number;
}

/**
 * A `PlanOptions.speech` callback: (media path, source in, source out in ticks) → speech spans in
 * source ticks, or undefined when the media cannot be read. Results are cached per call.
 */
export function createSpeechReader(options: SpeechReaderOptions = {}): SpeechReader {
  const cache = new Map<string, SpeechSpans | undefined>();
  return (mediaPath, sourceIn, sourceOut) => {
    const key = `${mediaPath}\u0000${sourceIn}\u0000${sourceOut}`;
    if (cache.has(key)) return cache.get(key);
    let result: SpeechSpans | undefined;
    try {
      result = analyse(mediaPath, sourceIn, sourceOut, options);
    } catch {
      result = undefined;
    }
    cache.set(key, result);
    return result;
  };
}

function analyse(mediaPath: string, sourceIn: number, sourceOut: number, options: SpeechReaderOptions): SpeechSpans | undefined {
  if (!/\.(wav|wave|bwf)$/i.test(mediaPath) || !(sourceOut > sourceIn)) return undefined;
  const file = locate(mediaPath, options.baseDir);
  if (!file) return undefined;
  const fd = fs.openSync(file, 'r');
  try {
    const layout = readWavLayout(fd, fs.fstatSync(fd).size);
    if (!layout) return undefined;
    const sr = layout.sampleRate;
    const from = Math.round((sourceIn / TICKS_PER_SECOND) * sr);
    const to = Math.round((sourceOut / TICKS_PER_SECOND) * sr);
    if (from >= layout.frames || to - from > (options.maxSeconds ?? 4 * 3600) * sr) return undefined;
    const samples = readMono(fd, layout, from, to);
    const { spans, unsure } = assessSpeech(samples, sr, options.vad);
    if (unsure) return Object.assign([[sourceIn, sourceOut]] as Array<[number, number]>, { unsure });
    return spans.map(([a, b]) => [
      sourceIn + Math.round((a * TICKS_PER_SECOND) / sr),
      Math.min(sourceOut, sourceIn + Math.round((b * TICKS_PER_SECOND) / sr)),
    ]);
  } finally {
    fs.closeSync(fd);
  }
}

function locate(mediaPath: string, baseDir: string | undefined): string | undefined {
  const candidates = [mediaPath];
  if (baseDir) {
    if (!path.isAbsolute(mediaPath)) candidates.push(path.resolve(baseDir, mediaPath));
    candidates.push(path.join(baseDir, mediaPath.split(/[\\/]/).pop() ?? mediaPath));
  }
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // try the next place
    }
  }
  return undefined;
}
