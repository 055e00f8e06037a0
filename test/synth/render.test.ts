import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { measureLoudness, renderArrangement } from '../../src/synth';
import { arrangement, ev, smallBed } from './fixtures';

const SR = 48000;

function rms(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

function peakAbs(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

/** Largest sample-to-sample step relative to the signal's peak. */
function maxStepRatio(x: Float32Array): number {
  let d = 0;
  for (let i = 1; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - x[i - 1]));
  const p = peakAbs(x);
  return p > 0 ? d / p : 0;
}

describe('renderArrangement', () => {
  const bed = smallBed(12);
  const a = renderArrangement(bed, { targetLufs: -16, stems: true });

  it('is exactly lengthSamples long (not a multiple of the block)', () => {
    const arr = arrangement(1.23457, [ev('pads', 'pad', 0, 40000, 60)]);
    expect(arr.lengthSamples % 128).not.toBe(0);
    const r = renderArrangement(arr, { targetLufs: -20 });
    expect(r.mix[0].length).toBe(arr.lengthSamples);
    expect(r.mix[1].length).toBe(arr.lengthSamples);
    expect(a.mix[0].length).toBe(bed.lengthSamples);
  });

  it('normalises to the target within ±0.5 LU and keeps true peak ≤ −1 dBTP', () => {
    const m = measureLoudness(a.mix, SR);
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThan(0.5);
    expect(a.integratedLufs).toBeCloseTo(m.integratedLufs, 6);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1);
    expect(a.truePeakDb).toBeLessThanOrEqual(-1);
  });

  it('honours a custom true-peak ceiling and a reused gain', () => {
    const r = renderArrangement(bed, { targetLufs: -14, truePeakDb: -3 });
    expect(r.truePeakDb).toBeLessThanOrEqual(-3);
    const again = renderArrangement(bed, { targetLufs: -30, gainDb: a.gainDb });
    expect(again.gainDb).toBe(a.gainDb);
    expect(Buffer.from(again.mix[0].buffer).equals(Buffer.from(a.mix[0].buffer))).toBe(true);
  });

  it('produces stems for every group used, summing to the mix within 1e-6', () => {
    const stems = a.stems!;
    expect(Object.keys(stems).sort()).toEqual(['bass', 'keys', 'lead', 'pads', 'percussion', 'stingers', 'textures']);
    let worst = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < bed.lengthSamples; i++) {
        let s = 0;
        for (const st of Object.values(stems)) s += st![c][i];
        worst = Math.max(worst, Math.abs(s - a.mix[c][i]));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    // the mix does not depend on whether stems were asked for
    const noStems = renderArrangement(bed, { targetLufs: -16 });
    expect(Buffer.from(noStems.mix[0].buffer).equals(Buffer.from(a.mix[0].buffer))).toBe(true);
  });

  it('is deterministic: two renders are bit-identical', () => {
    const b = renderArrangement(bed, { targetLufs: -16, stems: true });
    for (let c = 0; c < 2; c++) expect(Buffer.from(b.mix[c].buffer).equals(Buffer.from(a.mix[c].buffer))).toBe(true);
    expect(Buffer.from(b.stems!.percussion![0].buffer).equals(Buffer.from(a.stems!.percussion![0].buffer))).toBe(true);
  });

  it('fades out to exactly zero on the last sample, and in from zero', () => {
    const N = bed.lengthSamples;
    expect(a.mix[0][N - 1]).toBe(0);
    expect(a.mix[1][N - 1]).toBe(0);
    expect(a.mix[0][0]).toBe(0);
    expect(rms(a.mix[0], N - SR, N - SR / 2)).toBeGreaterThan(rms(a.mix[0], N - SR / 4, N));
  });

  it('lands an impact on its hit sample: silent before, audible within one frame', () => {
    const hit = 24000 + 77;
    const arr = arrangement(2, [ev('stingers', 'impact', hit - 9000, SR, 36, { hit, velocity: 0.9 })]);
    const r = renderArrangement(arr, { targetLufs: -16 });
    const threshold = Math.pow(10, -60 / 20);
    let first = -1;
    for (let i = 0; i < arr.lengthSamples && first < 0; i++) if (Math.abs(r.mix[0][i]) > threshold || Math.abs(r.mix[1][i]) > threshold) first = i;
    expect(first).toBeGreaterThanOrEqual(hit);
    expect(first).toBeLessThanOrEqual(hit + 2000);
    for (let i = 0; i < hit; i++) expect(r.mix[0][i]).toBe(0);
  });

  it('puts a tonal hit and the end of a riser on the hit', () => {
    const hit = 30000;
    const arr = arrangement(2, [ev('stingers', 'tonal-hit', hit - 500, SR, 60, { hit })]);
    const r = renderArrangement(arr, { targetLufs: -16 });
    let first = -1;
    for (let i = 0; i < arr.lengthSamples && first < 0; i++) if (Math.abs(r.mix[0][i]) > 1e-3) first = i;
    expect(first).toBeGreaterThanOrEqual(hit);
    expect(first).toBeLessThanOrEqual(hit + 2000);
    const riser = renderArrangement(arrangement(3, [ev('stingers', 'riser', 10000, SR * 2, 60, { hit: 10000 + SR })]), { targetLufs: -16 });
    // the riser is loudest just before the hit
    expect(rms(riser.mix[0], 10000 + SR - 4800, 10000 + SR)).toBeGreaterThan(4 * rms(riser.mix[0], 10000, 10000 + SR / 2));
  });

  it('ducks a steady pad by the automation (−12 dB region) and dips its voice-band share', () => {
    const N = 30 * SR;
    const events = [60, 64, 67].map((m) => ev('pads', 'pad', 0, N, m));
    const duck = [
      { sample: 10 * SR, gainDb: 0 }, { sample: 10 * SR + 4800, gainDb: -12 },
      { sample: 20 * SR, gainDb: -12 }, { sample: 20 * SR + 4800, gainDb: 0 },
    ];
    const r = renderArrangement(arrangement(30, events, { duck }), { targetLufs: -23 });
    const outside = rms(r.mix[0], 4 * SR, 9 * SR);
    const inside = rms(r.mix[0], 12 * SR, 19 * SR);
    const after = rms(r.mix[0], 22 * SR, 29 * SR);
    // −12 dB of duck, and the speech dip (src/synth/speech-dip.ts) at the pad's C4–G4, the low
    // edge of the voice band, where it takes about a third of its 8.4 dB centre depth
    expect(20 * Math.log10(inside / outside)).toBeGreaterThan(-16.5);
    expect(20 * Math.log10(inside / outside)).toBeLessThan(-13.5);
    expect(Math.abs(20 * Math.log10(after / outside))).toBeLessThan(1);
  });

  it('has no clicks at note starts, ends or block boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            instrument: fc.constantFrom('sub-bass' as const, 'pad' as const, 'drone' as const),
            start: fc.integer({ min: 0, max: 20000 }),
            length: fc.integer({ min: 1, max: 20000 }),
            midi: fc.integer({ min: 28, max: 52 }),
            velocity: fc.double({ min: 0.05, max: 1, noNaN: true }),
            pan: fc.double({ min: -1, max: 1, noNaN: true }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (notes) => {
          const events = notes.map((n) => ev(n.instrument === 'sub-bass' ? 'bass' : 'pads', n.instrument, n.start, n.length, n.midi, { velocity: n.velocity, pan: n.pan, brightness: 0 }));
          const r = renderArrangement(arrangement(0.9, events), { targetLufs: -20 });
          for (const ch of r.mix) expect(maxStepRatio(ch)).toBeLessThan(0.15);
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('the click metric does catch a click', () => {
    const r = renderArrangement(arrangement(0.5, [ev('bass', 'sub-bass', 0, 20000, 36)]), { targetLufs: -20 });
    const x = Float32Array.from(r.mix[0]);
    for (let i = 12000; i < x.length; i++) x[i] = 0;
    expect(maxStepRatio(r.mix[0])).toBeLessThan(0.15);
    const peak = peakAbs(x);
    let hardStop = 0;
    for (let i = 1; i < x.length; i++) hardStop = Math.max(hardStop, Math.abs(x[i] - x[i - 1]));
    expect(hardStop / peak).toBeGreaterThan(0.15);
  });

  it('renders every instrument without NaN and rejects bad input', () => {
    const all = ['pad', 'sub-bass', 'pluck', 'keys', 'lead', 'kick', 'snare', 'rim', 'hat-closed', 'hat-open', 'shaker', 'tom', 'impact', 'riser', 'reverse-swell', 'tonal-hit', 'whoosh', 'drone', 'noise-bed'] as const;
    const events = all.map((inst, i) => ev('keys', inst, i * 4000, 6000, 48 + i, { hit: i * 4000 + 3000 }));
    const r = renderArrangement(arrangement(2, events), { targetLufs: -16 });
    for (const ch of r.mix) expect(ch.every((v) => Number.isFinite(v))).toBe(true);
    expect(peakAbs(r.mix[0])).toBeGreaterThan(0.1);
    expect(() => renderArrangement(arrangement(1, [ev('pads', 'pad', -5, 100, 60)]), { targetLufs: -16 })).toThrow();
    expect(() => renderArrangement(arrangement(1, [ev('pads', 'pad', 1.5, 100, 60)]), { targetLufs: -16 })).toThrow();
  });

  for (const sr of [44100, 96000]) {
    it(`renders at ${sr} Hz to the target loudness`, () => {
      const bedAt = smallBed(6, sr);
      const r = renderArrangement(bedAt, { targetLufs: -18 });
      expect(r.mix[0].length).toBe(bedAt.lengthSamples);
      expect(Math.abs(measureLoudness(r.mix, sr).integratedLufs + 18)).toBeLessThan(0.5);
      expect(r.truePeakDb).toBeLessThanOrEqual(-1);
    });
  }

  it('reports progress from 0 to 1', () => {
    const seen: number[] = [];
    renderArrangement(arrangement(1, [ev('pads', 'pad', 0, 40000, 60)]), { targetLufs: -20, onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });

  it('renders silence as silence', () => {
    const r = renderArrangement(arrangement(1, []), { targetLufs: -16 });
    expect(peakAbs(r.mix[0])).toBe(0);
    expect(r.integratedLufs).toBe(-Infinity);
  });
});
