import { describe, expect, it } from 'vitest';
import { measureLoudness } from '../../src/synth/loudness';
import { truePeak } from '../../src/synth/truepeak';

function sine(seconds: number, sr: number, freq: number, dbfs: number, phase = 0): Float32Array {
  const n = Math.round(seconds * sr);
  const a = Math.pow(10, dbfs / 20);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = a * Math.sin((2 * Math.PI * freq * i) / sr + phase);
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe('BS.1770-4 meter', () => {
  for (const sr of [44100, 48000, 96000]) {
    it(`full-scale 997 Hz sine in one channel reads −3.01 LUFS at ${sr} Hz`, () => {
      const s = sine(5, sr, 997, 0);
      const r = measureLoudness([s, new Float32Array(s.length)], sr);
      expect(r.integratedLufs).toBeGreaterThan(-3.11);
      expect(r.integratedLufs).toBeLessThan(-2.91);
    });
  }

  it('EBU Tech 3341 case 1: stereo 1 kHz sine at −23 dBFS reads −23 LUFS', () => {
    const s = sine(20, 48000, 1000, -23);
    const r = measureLoudness([s, s], 48000);
    expect(Math.abs(r.integratedLufs + 23)).toBeLessThan(0.1);
    expect(Math.abs(r.momentaryMaxLufs + 23)).toBeLessThan(0.1);
  });

  it('EBU Tech 3341 case 2: −33 dBFS reads −33 LUFS', () => {
    const s = sine(20, 48000, 1000, -33);
    expect(Math.abs(measureLoudness([s, s], 48000).integratedLufs + 33)).toBeLessThan(0.1);
  });

  it('EBU Tech 3341 case 3: relative gate removes −36 dBFS passages', () => {
    const s = concat(sine(10, 48000, 1000, -36), sine(60, 48000, 1000, -23), sine(10, 48000, 1000, -36));
    expect(Math.abs(measureLoudness([s, s], 48000).integratedLufs + 23)).toBeLessThan(0.1);
  });

  it('EBU Tech 3341 case 4: absolute and relative gates together', () => {
    const s = concat(sine(10, 48000, 1000, -72), sine(10, 48000, 1000, -36), sine(60, 48000, 1000, -23), sine(10, 48000, 1000, -36), sine(10, 48000, 1000, -72));
    expect(Math.abs(measureLoudness([s, s], 48000).integratedLufs + 23)).toBeLessThan(0.1);
  });

  it('silence is −Infinity, not a number that looks like a level', () => {
    const r = measureLoudness([new Float32Array(48000), new Float32Array(48000)], 48000);
    expect(r.integratedLufs).toBe(-Infinity);
    expect(r.truePeakDb).toBe(-Infinity);
  });

  it('true peak finds the inter-sample peak of an fs/4 sine sampled at ±45°', () => {
    const s = sine(1, 48000, 12000, 0, Math.PI / 4);
    let sp = 0;
    for (const v of s) sp = Math.max(sp, Math.abs(v));
    expect(20 * Math.log10(sp)).toBeCloseTo(-3.01, 1);
    expect(Math.abs(20 * Math.log10(truePeak(s)))).toBeLessThan(0.2);
    const r = measureLoudness([s, s], 48000);
    expect(Math.abs(r.truePeakDb)).toBeLessThan(0.2);
  });

  it('true peak equals sample peak for a low-frequency sine', () => {
    const s = sine(1, 48000, 100, -6);
    expect(20 * Math.log10(truePeak(s))).toBeCloseTo(-6, 2);
  });
});
