import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../../src/audio';
import { seededRandom } from '../../src/synth/random';

function noise(frames: number, key: string, amp = 0.9): Float32Array {
  const r = seededRandom(key);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = (r() * 2 - 1) * amp;
  return out;
}

const frames = 4801;
const L = noise(frames, 'L');
const R = noise(frames, 'R');
L[0] = 1; R[0] = -1; // full-scale extremes must clamp, not wrap

function maxErr(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

describe('WAV encode/decode', () => {
  for (const depth of [16, 24] as const) {
    const lsb = depth === 16 ? 1 / 32768 : 1 / 8388608;
    it(`round-trips ${depth}-bit without dither within half an LSB (+clamp at +1.0)`, () => {
      const d = decodeWav(encodeWav([L, R], 48000, depth, {}, null));
      expect(d.bitDepth).toBe(depth);
      expect(d.channels[0].length).toBe(frames);
      expect(maxErr(d.channels[0].subarray(1), L.subarray(1))).toBeLessThanOrEqual(lsb * 0.5 + 1e-9);
      expect(maxErr(d.channels[1], R)).toBeLessThanOrEqual(lsb * 0.5 + 1e-9);
      expect(d.channels[0][0]).toBeCloseTo(1 - lsb, 12);
      expect(d.channels[1][0]).toBe(-1);
    });
    it(`round-trips ${depth}-bit with TPDF dither within 1.5 LSB, deterministic per seed`, () => {
      const a = encodeWav([L, R], 48000, depth, {}, 'seed-a');
      const b = encodeWav([L, R], 48000, depth, {}, 'seed-a');
      const c = encodeWav([L, R], 48000, depth, {}, 'seed-b');
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
      const d = decodeWav(a);
      expect(maxErr(d.channels[1], R)).toBeLessThan(lsb * 1.5);
      // the dither is zero-mean and about 1/√6 LSB rms
      let sum = 0, sq = 0;
      for (let i = 0; i < frames; i++) { const e = (d.channels[1][i] - R[i]) / lsb; sum += e; sq += e * e; }
      expect(Math.abs(sum / frames)).toBeLessThan(0.05);
      expect(Math.sqrt(sq / frames)).toBeGreaterThan(0.4);
    });
  }

  it('round-trips 32-bit float bit-exactly', () => {
    const d = decodeWav(encodeWav([L, R], 44100, '32f'));
    expect(d.bitDepth).toBe('32f');
    expect(d.sampleRate).toBe(44100);
    expect(Buffer.from(d.channels[0].buffer).equals(Buffer.from(L.buffer))).toBe(true);
    expect(Buffer.from(d.channels[1].buffer).equals(Buffer.from(R.buffer))).toBe(true);
  });

  it('writes a correct RIFF header and exact length', () => {
    const bytes = encodeWav([L, R], 48000, 24, { title: 'T' });
    const v = new DataView(bytes.buffer);
    expect(ascii(bytes, 0)).toBe('RIFF');
    expect(v.getUint32(4, true)).toBe(bytes.length - 8);
    expect(ascii(bytes, 8)).toBe('WAVE');
    // walk chunks: fmt fields, data size
    let p = 12;
    const seen: string[] = [];
    while (p < bytes.length) {
      const id = ascii(bytes, p);
      const size = v.getUint32(p + 4, true);
      seen.push(id);
      if (id === 'fmt ') {
        expect(v.getUint16(p + 8, true)).toBe(1);
        expect(v.getUint16(p + 10, true)).toBe(2);
        expect(v.getUint32(p + 12, true)).toBe(48000);
        expect(v.getUint32(p + 16, true)).toBe(48000 * 6);
        expect(v.getUint16(p + 20, true)).toBe(6);
        expect(v.getUint16(p + 22, true)).toBe(24);
      }
      if (id === 'data') expect(size).toBe(frames * 6);
      p += 8 + size + (size & 1);
    }
    expect(p).toBe(bytes.length);
    expect(seen).toContain('fmt ');
    expect(seen).toContain('data');
    expect(seen).toContain('LIST');
  });

  it('pads an odd data chunk and still decodes', () => {
    const mono = noise(3, 'm');
    const bytes = encodeWav([mono], 48000, 24, { title: 'odd' }, null);
    const d = decodeWav(bytes);
    expect(d.channels[0].length).toBe(3);
    expect(d.info.INAM).toBe('odd');
  });

  it('writes float format with a fact chunk', () => {
    const bytes = encodeWav([L], 48000, '32f');
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.includes('fact')).toBe(true);
    expect(new DataView(bytes.buffer).getUint16(text.indexOf('fmt ') + 8, true)).toBe(3);
  });

  it('stores INFO, bext and cue points with labels', () => {
    const meta = {
      title: 'Cuebed score', software: 'Cuebed 0.1.0', comment: 'brief: bright', genre: 'Soundtrack', date: '2025-01-02',
      description: 'Generated underscore', originator: 'Cuebed',
      cues: [{ sample: 2400, label: 'stinger impact' }, { sample: 0, label: 'section s1 intro' }, { sample: 4801, label: 'end' }],
    };
    const d = decodeWav(encodeWav([L, R], 48000, 16, meta));
    expect(d.info).toMatchObject({ INAM: 'Cuebed score', ISFT: 'Cuebed 0.1.0', ICMT: 'brief: bright', IGNR: 'Soundtrack', ICRD: '2025-01-02' });
    expect(d.info['bext.description']).toBe('Generated underscore');
    expect(d.info['bext.originator']).toBe('Cuebed');
    expect(d.cues).toEqual([
      { sample: 0, label: 'section s1 intro' },
      { sample: 2400, label: 'stinger impact' },
      { sample: 4801, label: 'end' },
    ]);
  });

  it('keeps cue sample positions exact at 44.1 kHz', () => {
    const cues = [{ sample: 1234567, label: 'a' }, { sample: 7, label: 'b' }];
    const d = decodeWav(encodeWav([new Float32Array(1234568)], 44100, 16, { cues }));
    expect(d.cues.map((c) => c.sample)).toEqual([7, 1234567]);
  });

  it('rejects bad input loudly', () => {
    expect(() => encodeWav([], 48000, 16)).toThrow();
    expect(() => encodeWav([L, new Float32Array(3)], 48000, 16)).toThrow();
    expect(() => decodeWav(new Uint8Array(20))).toThrow();
  });
});
