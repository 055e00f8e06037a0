/**
 * Hand-written PCM packing. wavefile's own packer converts sample by sample through generic
 * code: measured with bench/run.js on this machine (10 min 48 kHz stereo, wavefile timed on a
 * 20 s / 5 s piece and scaled) it takes ~16.5–19 s at 24-bit and ~94 s at 32-bit float; the
 * incremental encoder (4096-frame blocks) takes ~0.25–0.28 s (24-bit, dithered: near the serial
 * latency of the two xorshift draws per sample) and ~0.15 s (32f).
 */
import { xorshiftSeed } from '../synth/random';

export type BitDepth = 16 | 24 | '32f';
export type ReadBitDepth = BitDepth | 8 | 32;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const U32_TO_UNIT = 1 / 4294967296;

export function bytesPerSample(depth: ReadBitDepth): number {
  return depth === '32f' ? 4 : depth / 8;
}

/**
 * Interleaves and packs `channels` into `out` at `offset`. Integer depths get TPDF dither of
 * ±1 LSB (two uniform draws) from a seeded xorshift32, so a render is reproducible bit for bit;
 * `ditherSeed === null` turns dither off (plain rounding).
 */
export function packPcm(channels: Float32Array[], depth: BitDepth, out: Uint8Array, offset: number, ditherSeed: string | null): void {
  new PcmPacker(depth, ditherSeed).pack(channels, channels[0].length, out, offset);
}

/**
 * Packs frames [0, frames) of `channels` into `out` at `offset`, starting the dither generator at
 * `s`; returns the generator state after the last draw.
 */
type PackFn = (channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number) => number;

/**
 * Packs successive blocks of one stream: the dither generator carries on from block to block, so
 * packing a signal in blocks gives the same bytes as packing it whole.
 *
 * The loop is chosen once, in the constructor, per (depth, dither, stereo or not): one shared
 * loop called with every depth and channel count (mix, stems, 16/24/32f) goes polymorphic in V8
 * and ran the 24-bit stereo case ~1.6× slower than a loop that only ever sees one shape.
 */
export class PcmPacker {
  private s: number;
  private readonly stereo: PackFn;
  private readonly any: PackFn;

  constructor(depth: BitDepth, ditherSeed: string | null) {
    // An int32 from the start, so the field keeps one representation (xorshiftSeed gives a uint32).
    this.s = xorshiftSeed(ditherSeed ?? '') | 0;
    const dither = ditherSeed !== null;
    if (depth === '32f') {
      this.stereo = this.any = packFloat;
    } else if (depth === 24) {
      this.stereo = dither ? pack24DitherStereo : pack24Plain;
      this.any = dither ? pack24Dither : pack24Plain;
    } else {
      this.stereo = dither ? pack16DitherStereo : pack16Plain;
      this.any = dither ? pack16Dither : pack16Plain;
    }
  }

  /** Packs frames [0, frames) of `channels` into `out` at `offset`. */
  pack(channels: Float32Array[], frames: number, out: Uint8Array, offset: number): void {
    const fn = channels.length === 2 ? this.stereo : this.any;
    this.s = fn(channels, frames, out, offset, this.s);
  }
}

/*
 * The loops below all compute, per sample x (channels interleaved, frame by frame), with two
 * xorshift32 draws a then b per sample when dithering:
 *   q = floor(x·scale + (a − b)·2⁻³² + 0.5), clamped to [−scale, scale − 1], NaN → 0,
 * and store q little-endian. (a − b)·2⁻³² is exactly a·2⁻³² − b·2⁻³² (integers below 2⁵³, a
 * power-of-two scale), so every loop gives the same bytes as the general one. `q | 0` after the
 * clamp maps NaN to 0; Uint8Array stores keep the low 8 bits, so no `& 0xff`.
 */

function pack24DitherStereo(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  const l = channels[0];
  const r = channels[1];
  let p = offset;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    let a = s >>> 0;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    let q = Math.floor(l[i] * 8388608 + (a - (s >>> 0)) * U32_TO_UNIT + 0.5);
    if (q > 8388607) q = 8388607;
    else if (q < -8388608) q = -8388608;
    let k = q | 0;
    out[p] = k; out[p + 1] = k >> 8; out[p + 2] = k >> 16;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    a = s >>> 0;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    q = Math.floor(r[i] * 8388608 + (a - (s >>> 0)) * U32_TO_UNIT + 0.5);
    if (q > 8388607) q = 8388607;
    else if (q < -8388608) q = -8388608;
    k = q | 0;
    out[p + 3] = k; out[p + 4] = k >> 8; out[p + 5] = k >> 16;
    p += 6;
  }
  return s;
}

function pack16DitherStereo(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  const l = channels[0];
  const r = channels[1];
  let p = offset;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    let a = s >>> 0;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    let q = Math.floor(l[i] * 32768 + (a - (s >>> 0)) * U32_TO_UNIT + 0.5);
    if (q > 32767) q = 32767;
    else if (q < -32768) q = -32768;
    let k = q | 0;
    out[p] = k; out[p + 1] = k >> 8;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    a = s >>> 0;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    q = Math.floor(r[i] * 32768 + (a - (s >>> 0)) * U32_TO_UNIT + 0.5);
    if (q > 32767) q = 32767;
    else if (q < -32768) q = -32768;
    k = q | 0;
    out[p + 2] = k; out[p + 3] = k >> 8;
    p += 4;
  }
  return s;
}

function pack24Dither(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  return packIntAny(channels, frames, out, offset, s, 8388608, true);
}

function pack16Dither(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  return packIntAny(channels, frames, out, offset, s, 32768, true);
}

function pack24Plain(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  return packIntAny(channels, frames, out, offset, s, 8388608, false);
}

function pack16Plain(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  return packIntAny(channels, frames, out, offset, s, 32768, false);
}

/** Any channel count, 16- or 24-bit (`scale` 2¹⁵ or 2²³), with or without dither. */
function packIntAny(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number, scale: number, dither: boolean): number {
  const nch = channels.length;
  const max = scale - 1;
  const min = -scale;
  const wide = scale !== 32768;
  let p = offset;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      let v = channels[c][i] * scale;
      if (dither) {
        s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
        const a = s >>> 0;
        s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
        v += (a - (s >>> 0)) * U32_TO_UNIT;
      }
      let q = Math.floor(v + 0.5);
      if (q > max) q = max;
      else if (q < min) q = min;
      const k = q | 0;
      out[p++] = k;
      out[p++] = k >> 8;
      if (wide) out[p++] = k >> 16;
    }
  }
  return s;
}

/** Interleaves through a small aligned scratch block, then copies bytes: the data chunk offset need not be 4-aligned. */
function packFloat(channels: Float32Array[], frames: number, out: Uint8Array, offset: number, s: number): number {
  const nch = channels.length;
  if (!LITTLE_ENDIAN) {
    const view = new DataView(out.buffer, out.byteOffset);
    let p = offset;
    for (let i = 0; i < frames; i++) for (let c = 0; c < nch; c++, p += 4) view.setFloat32(p, channels[c][i], true);
    return s;
  }
  const blockFrames = 8192;
  const scratch = new Float32Array(blockFrames * nch);
  const scratchBytes = new Uint8Array(scratch.buffer);
  let p = offset;
  for (let start = 0; start < frames; start += blockFrames) {
    const n = Math.min(blockFrames, frames - start);
    for (let c = 0; c < nch; c++) {
      const ch = channels[c];
      for (let i = 0, j = c; i < n; i++, j += nch) scratch[j] = ch[start + i];
    }
    const bytes = n * nch * 4;
    out.set(n === blockFrames ? scratchBytes : scratchBytes.subarray(0, bytes), p);
    p += bytes;
  }
  return s; // no dither: the generator state passes through
}

export function unpackPcm(bytes: Uint8Array, offset: number, byteLength: number, nch: number, depth: ReadBitDepth): Float32Array[] {
  const bps = bytesPerSample(depth);
  const frames = Math.floor(byteLength / (bps * nch));
  const channels: Float32Array[] = [];
  for (let c = 0; c < nch; c++) channels.push(new Float32Array(frames));
  if (depth === '32f') {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
    for (let i = 0, p = 0; i < frames; i++) for (let c = 0; c < nch; c++, p += 4) channels[c][i] = view.getFloat32(p, true);
    return channels;
  }
  let p = offset;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      let v: number;
      if (depth === 16) {
        v = ((bytes[p] | (bytes[p + 1] << 8)) << 16 >> 16) / 32768;
      } else if (depth === 24) {
        v = ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8 >> 8) / 8388608;
      } else if (depth === 32) {
        v = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) / 2147483648;
      } else {
        v = (bytes[p] - 128) / 128;
      }
      channels[c][i] = v;
      p += bps;
    }
  }
  return channels;
}
