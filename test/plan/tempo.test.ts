import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beatSamples, planScore, withinFrame, getPreset } from '../../src/plan';
import type { Plan } from '../../src/plan/types';
import { makeTimeline, realisticEdit, R23976 } from './helpers';

const BRIEF = 'bright, forward-moving background music for a 90-second product video, no vocals, builds slightly in the final 20 seconds';

function checkInvariants(plan: Plan): void {
  const { sections, cuts } = plan;
  const cutSamples = new Set(cuts.map((c) => c.sample));
  expect(sections[0].startSample).toBe(0);
  expect(sections[sections.length - 1].endSample).toBe(plan.sequence.durationSamples);
  sections.forEach((s, i) => {
    if (i > 0) {
      expect(s.startSample).toBe(sections[i - 1].endSample);
      expect(cutSamples.has(s.startSample)).toBe(true);
    }
    expect(s.endSample).toBeGreaterThan(s.startSample);
    expect(Number.isInteger(s.bars)).toBe(true);
    if (s.bpm > 0) {
      const beats = beatSamples(s);
      expect(beats.length).toBe(s.bars * s.beatsPerBar);
      expect(beats[0]).toBe(s.startSample);
      for (let k = 1; k < beats.length; k++) expect(beats[k]).toBeGreaterThan(beats[k - 1]);
      // The beat after the last lands exactly on the next section's start.
      const period = (s.endSample - s.startSample) / beats.length;
      expect(Math.abs(s.endSample - beats[beats.length - 1] - period)).toBeLessThanOrEqual(1);
      expect(s.bpm).toBeCloseTo((s.bars * s.beatsPerBar * 60 * plan.sequence.sampleRate) / (s.endSample - s.startSample), 9);
    }
  });
  expect(plan.tempo.map((t) => t.sample)).toEqual(sections.map((s) => s.startSample));
  let max = 0;
  for (let i = 1; i < sections.length; i++) if (sections[i - 1].bpm > 0 && sections[i].bpm > 0) max = Math.max(max, (Math.abs(sections[i].bpm - sections[i - 1].bpm) / sections[i - 1].bpm) * 100);
  expect(plan.maxTempoChangePct).toBeCloseTo(max, 2);
  const allBeats = [...sections.flatMap((s) => beatSamples(s)), ...sections.map((s) => s.startSample)];
  for (const c of cuts) {
    const near = allBeats.some((b) => withinFrame(b, c.sample, plan.sequence.sampleRate, plan.sequence.frameRate));
    expect(c.onBeat).toBe(near);
  }
  expect(plan.hitRate).toBeCloseTo(cuts.length === 0 ? 1 : cuts.filter((c) => c.onBeat).length / cuts.length, 3);
}

/** What a stock track gets: one fixed tempo from the first frame. */
function chanceRate(plan: Plan, bpm: number): number {
  const sr = plan.sequence.sampleRate;
  const period = (60 * sr) / bpm;
  const hits = plan.cuts.filter((c) => {
    const k = Math.round(c.sample / period);
    return withinFrame(Math.round(k * period), c.sample, sr, plan.sequence.frameRate);
  });
  return hits.length / plan.cuts.length;
}

describe('tempo fit', () => {
  it('lands every section on a cut and every bar count exactly, with ≥50% of cuts on a beat', () => {
    const rates: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const timeline = realisticEdit(seed, 25, 90);
      expect(timeline.cuts.length).toBe(25);
      const plan = planScore(timeline, { brief: BRIEF, seed: 1, sampleRate: 48000 });
      checkInvariants(plan);
      expect(plan.hitRate).toBeGreaterThanOrEqual(0.5);
      expect(plan.hitRate).toBeGreaterThan(2 * chanceRate(plan, 120));
      expect(plan.maxTempoChangePct).toBeLessThanOrEqual(8);
      rates.push(plan.hitRate);
    }
    expect(rates.reduce((s, r) => s + r, 0) / rates.length).toBeGreaterThanOrEqual(0.55);
  });

  it('keeps tempi inside the preset range or warns', () => {
    for (const preset of ['corporate', 'documentary', 'social', 'e-learning', 'trailer', 'ai-film']) {
      const plan = planScore(realisticEdit(4, 30, 75), { brief: '', preset, seed: 2, sampleRate: 48000 });
      checkInvariants(plan);
      const [lo, hi] = getPreset(preset).tempo;
      for (const s of plan.sections) {
        const inside = s.bpm >= lo - 1e-9 && s.bpm <= hi + 1e-9;
        if (!inside) expect(plan.warnings.some((w) => w.includes(s.id))).toBe(true);
      }
    }
  });

  it('handles no cuts, one cut and a long uncut stretch', () => {
    const none = planScore(makeTimeline({ frames: 1500, cutFrames: [] }), { brief: '', seed: 1, sampleRate: 48000 });
    checkInvariants(none);
    expect(none.sections).toHaveLength(1);
    expect(none.hitRate).toBe(1);
    const long = planScore(makeTimeline({ frames: 3000, cutFrames: [100, 2900] }), { brief: '', seed: 1, sampleRate: 44100 });
    checkInvariants(long);
  });

  it('3/4 for waltz briefs and unmeasured ambient sections', () => {
    const waltz = planScore(realisticEdit(2, 20, 60), { brief: 'gentle waltz', seed: 1, sampleRate: 48000 });
    checkInvariants(waltz);
    expect(waltz.sections.every((s) => s.beatsPerBar === 3)).toBe(true);
    const ambient = planScore(realisticEdit(2, 20, 60), { brief: 'ambient drone', seed: 1, sampleRate: 48000 });
    checkInvariants(ambient);
    expect(ambient.sections.every((s) => s.bpm === 0 && s.bars >= 1)).toBe(true);
  });

  it('property: sections start exactly on cuts for any cut list, rate and offset', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 5999 }), { maxLength: 80 }),
        fc.constantFrom(R23976, { num: 25, den: 1 }, { num: 30000, den: 1001 }, { num: 60, den: 1 }),
        fc.constantFrom(44100, 48000, 96000),
        fc.integer({ min: 0, max: 100000 }),
        (frames, rate, sr, startFrame) => {
          const cutFrames = frames.sort((a, b) => a - b).map((f) => f + startFrame);
          const timeline = makeTimeline({ frames: 6000, cutFrames, rate, startFrame });
          checkInvariants(planScore(timeline, { brief: '', seed: 3, sampleRate: sr }));
        },
      ),
      { numRuns: 60 },
    );
  });
});
