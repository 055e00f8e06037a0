import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK, finalise, measureLoudness, renderArrangement, renderArrangementBlocks } from '../../src/synth';
import type { Arrangement } from '../../src/music/types';
import { arrange } from '../../src/music';
import { planScore } from '../../src/plan';
import { readTimelineFile } from '../../src/timeline';
import { ROOT } from '../paths';
import { arrangement, ev, smallBed } from './fixtures';

const SR = 48000;

/** Pass 1 kept in memory, then pass 2 with or without its meter tape. */
function twoPass(arr: Arrangement, targetLufs: number, useTape: boolean): { lufs: number; tp: number; out: Float32Array[] } {
  const keep: Float32Array[][] = [];
  const pre = renderArrangementBlocks(arr, { targetLufs }, (_o, n, tracks) => { keep.push(tracks.map((t) => t.slice(0, n))); });
  const out = [new Float32Array(arr.lengthSamples), new Float32Array(arr.lengthSamples)];
  let k = 0;
  const m = finalise({ sampleRate: arr.sampleRate, lengthSamples: arr.lengthSamples, tracks: pre.trackCount, gainDb: pre.gainDb, tape: useTape ? pre.tape : undefined },
    (_o, _n, tracks) => { const c = keep[k++]; for (let t = 0; t < tracks.length; t++) tracks[t].set(c[t]); },
    (offset, n, tracks) => { out[0].set(tracks[0].subarray(0, n), offset); out[1].set(tracks[1].subarray(0, n), offset); });
  return { lufs: m.integratedLufs, tp: m.truePeakDb, out };
}

function demoArrangement(): Arrangement {
  const timeline = readTimelineFile(fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml');
  return arrange(planScore(timeline, { brief: '', seed: 1, sampleRate: SR, stingers: 'scenes' }));
}

/** Side (L − R) energy over mid (L + R) energy in dB over [from, to). */
function sideOverMid(mix: Float32Array[], from = 0, to = mix[0].length): number {
  let m = 0, s = 0;
  for (let i = from; i < to; i++) {
    const a = mix[0][i] + mix[1][i], b = mix[0][i] - mix[1][i];
    m += a * a; s += b * b;
  }
  return 10 * Math.log10(s / m);
}

describe('pass 2 reuses pass 1 meter tape', () => {
  // lightly limited (−18), heavily limited (−10) and a piece whose length is not a chunk multiple
  for (const [name, arr, target] of [
    ['bed at −18 LUFS', smallBed(9), -18],
    ['bed at −10 LUFS (limiter busy)', smallBed(9), -10],
    ['odd length at −16 LUFS', smallBed(3.3 + 17 / SR), -16],
  ] as const) {
    it(`${name}: same audio, loudness within 1e-6 LU, the same true peak`, () => {
      const a = twoPass(arr, target, true), b = twoPass(arr, target, false);
      expect(Buffer.compare(Buffer.from(a.out[0].buffer), Buffer.from(b.out[0].buffer))).toBe(0);
      expect(Buffer.compare(Buffer.from(a.out[1].buffer), Buffer.from(b.out[1].buffer))).toBe(0);
      expect(Math.abs(a.lufs - b.lufs)).toBeLessThan(1e-6);
      expect(a.tp).toBe(b.tp);
      // and both agree with measuring the finished audio from scratch
      const m = measureLoudness(a.out, SR);
      expect(Math.abs(a.lufs - m.integratedLufs)).toBeLessThan(1e-6);
      expect(Math.abs(a.tp - m.truePeakDb)).toBeLessThan(1e-9);
    });
  }

  it('a tape of other audio (wrong chunk count) is ignored', () => {
    const arr = smallBed(4);
    const other = renderArrangementBlocks(smallBed(2), { targetLufs: -18 }, () => {});
    expect(other.tape!.chunks).not.toBe(Math.ceil(arr.lengthSamples / CHUNK));
    const keep: Float32Array[][] = [];
    const pre = renderArrangementBlocks(arr, { targetLufs: -18 }, (_o, n, tracks) => { keep.push(tracks.map((t) => t.slice(0, n))); });
    let k = 0;
    const m = finalise({ sampleRate: SR, lengthSamples: arr.lengthSamples, tracks: 2, gainDb: pre.gainDb, tape: other.tape },
      (_o, _n, tracks) => { const c = keep[k++]; tracks[0].set(c[0]); tracks[1].set(c[1]); }, () => {});
    expect(Math.abs(m.integratedLufs + 18)).toBeLessThan(0.5);
  });
});

describe('the demo mix sounds produced', () => {
  const r = renderArrangement(demoArrangement(), { targetLufs: -18 });

  it('has no DC offset (below −80 dBFS per channel)', () => {
    for (const ch of r.mix) {
      let sum = 0;
      for (let i = 0; i < ch.length; i++) sum += ch[i];
      const dc = Math.abs(sum / ch.length);
      expect(20 * Math.log10(dc + 1e-30)).toBeLessThan(-80);
    }
  });

  // produced music: side/mid −3.1 dB median, ≥ −7 dB (issue 13); mono-safe keeps it under ≈ −5.9 dB
  it('is stereo like produced music: side 5–7.5 dB under mid over the piece and over its loudest 20 s', () => {
    const whole = sideOverMid(r.mix);
    expect(whole).toBeGreaterThan(-7);
    expect(whole).toBeLessThan(-5);
    // loudest 20 s window (a full section)
    const win = 20 * SR;
    let best = 0, bestE = -1;
    for (let at = 0; at + win <= r.mix[0].length; at += SR) {
      let e = 0;
      for (let i = at; i < at + win; i += 16) e += r.mix[0][i] * r.mix[0][i];
      if (e > bestE) { bestE = e; best = at; }
    }
    const full = sideOverMid(r.mix, best, best + win);
    expect(full).toBeGreaterThan(-7.5);
    expect(full).toBeLessThan(-5);
  });

  it('keeps the mono sum: bass alone is centred', () => {
    const bass = renderArrangement(arrangement(2, [ev('bass', 'sub-bass', 0, 80000, 38)]), { targetLufs: -20 });
    expect(sideOverMid(bass.mix)).toBeLessThan(-100);
  });
});

describe('no clicks from the wider, shorter-tailed voices', () => {
  /** Largest sample-to-sample step relative to the signal's peak. */
  function maxStepRatio(x: Float32Array): number {
    let d = 0, p = 0;
    for (let i = 1; i < x.length; i++) { d = Math.max(d, Math.abs(x[i] - x[i - 1])); p = Math.max(p, Math.abs(x[i])); }
    return p > 0 ? d / p : 0;
  }

  it('pads, drones, keys and low plucks start and stop without steps', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            instrument: fc.constantFrom('pad' as const, 'drone' as const, 'keys' as const, 'sub-bass' as const),
            start: fc.integer({ min: 0, max: 20000 }),
            length: fc.integer({ min: 1, max: 20000 }),
            midi: fc.integer({ min: 28, max: 60 }),
            velocity: fc.double({ min: 0.05, max: 1, noNaN: true }),
            pan: fc.double({ min: -1, max: 1, noNaN: true }),
            brightness: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (notes) => {
          const group = { pad: 'pads', drone: 'textures', keys: 'keys', 'sub-bass': 'bass' } as const;
          const events = notes.map((n) => ev(group[n.instrument], n.instrument, n.start, n.length, n.midi, { velocity: n.velocity, pan: n.pan, brightness: n.brightness }));
          const r = renderArrangement(arrangement(0.9, events), { targetLufs: -20 });
          for (const ch of r.mix) expect(maxStepRatio(ch)).toBeLessThan(0.15);
        },
      ),
      { numRuns: 20, seed: 7 },
    );
  });
});
