import { describe, expect, it } from 'vitest';
import { createWavEncoder } from '../../src/audio';
import { BitDepth, PcmPacker, packPcm } from '../../src/audio/pcm';
import { xorshiftSeed } from '../../src/synth/random';

/**
 * The plain per-sample definition the packers must match byte for byte: TPDF dither of two
 * xorshift32 draws per sample (frames in order, channels interleaved), round half up, clamp,
 * NaN → 0, little-endian.
 */
function referencePack(channels: Float32Array[], depth: 16 | 24, seed: string | null): Uint8Array {
  const nch = channels.length;
  const frames = channels[0].length;
  const bps = depth / 8;
  const scale = depth === 16 ? 32768 : 8388608;
  const out = new Uint8Array(frames * nch * bps);
  let s = xorshiftSeed(seed ?? '');
  const next = (): number => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  let p = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      let v = channels[c][i] * scale;
      if (seed !== null) {
        const a = next();
        v += a - next();
      }
      let q = Math.floor(v + 0.5);
      if (Number.isNaN(q)) q = 0;
      q = Math.max(-scale, Math.min(scale - 1, q));
      const u = q < 0 ? q + 2 ** depth : q;
      for (let b = 0; b < bps; b++) out[p++] = Math.floor(u / 2 ** (8 * b)) % 256;
    }
  }
  return out;
}

function signal(frames: number, key: number): Float32Array {
  const out = new Float32Array(frames);
  let s = key * 2654435761 || 1;
  for (let i = 0; i < frames; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2.4 - 1.2; // ~1/6 of the samples clip
  }
  // edge values: NaN, ±full scale, ±∞, just below +1, a half LSB at 24-bit, exact halves at 16-bit
  const edges = [NaN, 1, -1, Infinity, -Infinity, 0.99999994, 1 / 16777216, -1 / 16777216, 0.5 / 32768, -1.5 / 32768, 0];
  for (let k = 0; k < edges.length && k < frames; k++) out[(k * 7 + key) % frames] = edges[k];
  return out;
}

const SPLITS = [[1], [3, 1000], [4096], [1, 2, 4093, 5]];

describe('PcmPacker matches the reference packer byte for byte', () => {
  for (const depth of [16, 24] as const) {
    for (const nch of [1, 2, 3]) {
      for (const seed of ['pcm-test', null]) {
        it(`${depth}-bit, ${nch} channel(s), ${seed === null ? 'no dither' : 'dither'}: whole, in blocks, through createWavEncoder`, () => {
          for (const frames of [1, 2, 7, 4097, 9001]) {
            const chs = Array.from({ length: nch }, (_, c) => signal(frames, frames + c * 31 + 1));
            const want = Buffer.from(referencePack(chs, depth, seed));

            // whole signal, at an odd offset
            const whole = new Uint8Array(want.length + 5);
            packPcm(chs, depth, whole, 3, seed);
            expect(Buffer.from(whole.subarray(3, 3 + want.length)).equals(want)).toBe(true);

            for (const split of SPLITS) {
              // one packer, blocks of varying sizes, each written at its own offset
              const packer = new PcmPacker(depth, seed);
              const got = new Uint8Array(want.length);
              const enc = createWavEncoder({ frames, channels: nch, sampleRate: 48000, bitDepth: depth, ditherSeed: seed });
              const viaEncoder: Buffer[] = [];
              const frameBytes = nch * (depth / 8);
              for (let at = 0, k = 0; at < frames; k++) {
                const n = Math.min(frames - at, split[k % split.length]);
                const block = chs.map((ch) => ch.subarray(at, at + n));
                packer.pack(block, n, got, at * frameBytes);
                viaEncoder.push(Buffer.from(enc.encodeBlock(block, n)));
                at += n;
              }
              expect(Buffer.from(got).equals(want)).toBe(true);
              expect(Buffer.concat(viaEncoder).equals(want)).toBe(true);
            }
          }
        });
      }
    }
  }

  it('carries the dither state across blocks of different channel counts', () => {
    const a = [signal(1001, 1), signal(1001, 2)];
    const b = [signal(333, 3)];
    const c = [signal(517, 4), signal(517, 5), signal(517, 6)];
    for (const depth of [16, 24] as const) {
      const packer = new PcmPacker(depth, 'mixed');
      const bps = depth / 8;
      const out = new Uint8Array((1001 * 2 + 333 + 517 * 3 + 1001 * 2) * bps);
      let at = 0;
      for (const chs of [a, b, c, a]) {
        packer.pack(chs, chs[0].length, out, at);
        at += chs[0].length * chs.length * bps;
      }
      // the reference draws the same stream, so pack the four as one mono signal of interleaved samples
      const flat: number[] = [];
      for (const chs of [a, b, c, a]) for (let i = 0; i < chs[0].length; i++) for (const ch of chs) flat.push(ch[i]);
      expect(Buffer.from(out).equals(Buffer.from(referencePack([Float32Array.from(flat)], depth, 'mixed')))).toBe(true);
    }
  });

  it('32-bit float passes samples through unchanged, interleaved', () => {
    const chs = [signal(9001, 7), signal(9001, 8)];
    const out = new Uint8Array(9001 * 8 + 1);
    new PcmPacker('32f' as BitDepth, 'ignored').pack(chs, 9001, out, 1);
    const view = new DataView(out.buffer, 1);
    for (let i = 0; i < 9001; i++) {
      for (let c = 0; c < 2; c++) expect(Object.is(view.getFloat32((i * 2 + c) * 4, true), chs[c][i])).toBe(true);
    }
  });
});
