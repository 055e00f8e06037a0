import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divRoundHalfUp } from '../../src/time/ticks';
import { planScore, withinFrame } from '../../src/plan';
import { cutIndex, hitsInside, type FitInput } from '../../src/plan/tempo-score';
import { boundaryCandidates } from '../../src/plan/tempo-dense';
import { makeTimeline, R23976 } from './helpers';

const SR = 48000;

function input(cuts: number[], length: number, frameRate = R23976): FitInput {
  return {
    cuts, scene: cuts.map(() => false), length, sampleRate: SR, frameRate, bpmRange: [96, 124], targetBpm: 110,
    beatsPerBar: 4, minLen: 6 * SR, maxLen: 24 * SR, unmeasured: false,
  };
}

/** The count as the fit defined it before it walked beats: every cut against its nearest beat. */
function hitsByCuts(pos: number[], i: number, j: number, n: number, fit: FitInput): number {
  const start = pos[i];
  const len = pos[j] - start;
  let hits = 0;
  for (let c = i + 1; c < j; c++) {
    const k = divRoundHalfUp((pos[c] - start) * n, len);
    if (withinFrame(pos[c], start + divRoundHalfUp(k * len, n), fit.sampleRate, fit.frameRate)) hits++;
  }
  return hits;
}

describe('tempo fit on dense cutting', () => {
  it('counts the same hits walking beats as walking cuts, for any cut density and bar count', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 30 * SR - 1 }), { minLength: 1, maxLength: 600 }),
      fc.integer({ min: 1, max: 64 }),
      fc.constantFrom(R23976, { num: 25, den: 1 }, { num: 60000, den: 1001 }, { num: 1, den: 1 }),
      (raw, beats, rate) => {
        const cuts = [...new Set(raw)].sort((a, b) => a - b);
        const fit = input(cuts, 30 * SR, rate);
        const pos = [0, ...cuts, fit.length];
        const index = cutIndex(pos, fit);
        const j = pos.length - 1;
        const i = Math.floor(cuts.length / 3);
        const opt = { bars: beats, beatsPerBar: 1, bpm: 100, outOfRange: false };
        expect(hitsInside(index, i, j, opt, fit)).toBe(hitsByCuts(pos, i, j, beats, fit));
        expect(hitsInside(index, 0, j, opt, fit)).toBe(hitsByCuts(pos, 0, j, beats, fit));
      },
    ), { numRuns: 300 });
  });

  it('keeps every cut as a candidate boundary at ordinary densities and thins only dense stretches', () => {
    const sparse = Array.from({ length: 200 }, (_, k) => (k + 1) * SR);
    expect(boundaryCandidates([0, ...sparse, 201 * SR], input(sparse, 201 * SR))).toHaveLength(202);
    // 60 s at 10 cuts a second, then 60 s at one a second.
    const mixed = [
      ...Array.from({ length: 600 }, (_, k) => (k + 1) * (SR / 10)),
      ...Array.from({ length: 59 }, (_, k) => 61 * SR + k * SR),
    ];
    const pos = [0, ...mixed, 121 * SR];
    const nodes = boundaryCandidates(pos, input(mixed, 121 * SR));
    expect(nodes[0]).toBe(0);
    expect(nodes[nodes.length - 1]).toBe(pos.length - 1);
    for (let k = 1; k < nodes.length; k++) expect(nodes[k]).toBeGreaterThan(nodes[k - 1]);
    // Dense: one candidate per half-second slot (24 s / 48); sparse: every cut.
    expect(nodes.filter((n) => pos[n] > 0 && pos[n] < 45 * SR).length).toBeLessThanOrEqual(90);
    for (let k = 0; k < 59; k++) if (61 * SR + k * SR > 85 * SR) expect(nodes).toContain(pos.indexOf(61 * SR + k * SR));
  });

  it('plans ten thousand cuts in ten minutes with every section on a cut and the hit rate of a fit', () => {
    const frames = Math.round((600 * R23976.num) / R23976.den);
    const cutFrames = Array.from({ length: 9000 }, (_, k) => Math.round(((k + 1) * frames) / 9001)).filter((f, k, a) => k === 0 || f !== a[k - 1]);
    const plan = planScore(makeTimeline({ frames, cutFrames }), { brief: '', seed: 1, sampleRate: SR });
    const cuts = new Set(plan.cuts.map((c) => c.sample));
    for (const s of plan.sections.slice(1)) expect(cuts.has(s.startSample)).toBe(true);
    expect(plan.maxTempoChangePct).toBeLessThanOrEqual(8);
    expect(plan.hitRate).toBeGreaterThan(0.2);
  });
});
