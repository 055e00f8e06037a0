/**
 * Hand-written PCM packing. wavefile's own packer converts sample by sample through generic
 * code: measured with bench/run.js on this machine (10 min 48 kHz stereo, wavefile timed on a
 * 20 s / 5 s piece and scaled) it takes ~17.5–19 s at 24-bit and ~94 s at 32-bit float; these
 * loops take ~0.6 s (24-bit, dithered) and ~0.3–0.7 s (32f), mostly first-touch page faults.
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
 * Packs successive blocks of one stream: the dither generator carries on from block to block, so
 * packing a signal in blocks gives the same bytes as packing it whole.
 */
export class PcmPacker {
  private s: number;

  constructor(private readonly depth: BitDepth, private readonly ditherSeed: string | null) {
    this.s = xorshiftSeed(ditherSeed ?? '');
  }

  /** Packs frames [0, frames) of `channels` into `out` at `offset`. */
  pack(channels: Float32Array[], frames: number, out: Uint8Array, offset: number): void {
    const depth = this.depth;
    if (depth === '32f') return packFloat(channels, frames, out, offset);
    const nch = channels.length;
    const scale = depth === 16 ? 32768 : 8388608;
    const max = scale - 1;
    const min = -scale;
    const dither = this.ditherSeed !== null;
    let s = this.s;
    let p = offset;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < nch; c++) {
        let v = channels[c][i] * scale;
        if (dither) {
          s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
          const a = (s >>> 0) * U32_TO_UNIT;
          s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
          v += a - (s >>> 0) * U32_TO_UNIT;
        }
        let q = Math.floor(v + 0.5);
        if (q > max) q = max;
        else if (q < min) q = min;
        else if (q !== q) q = 0;
        out[p++] = q & 0xff;
        out[p++] = (q >> 8) & 0xff;
        if (depth === 24) out[p++] = (q >> 16) & 0xff;
      }
    }
    this.s = s;
  }
}

/** Interleaves through a small aligned scratch block, then copies bytes: the data chunk offset need not be 4-aligned. */
function packFloat(channels: Float32Array[], frames: number, out: Uint8Array, offset: number): void {
  const nch = channels.length;
  if (!LITTLE_ENDIAN) {
    const view = new DataView(out.buffer, out.byteOffset);
    let p = offset;
    for (let i = 0; i < frames; i++) for (let c = 0; c < nch; c++, p += 4) view.setFloat32(p, channels[c][i], true);
    return;
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
