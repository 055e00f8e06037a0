import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_DUCK, duckShapeFor, duckSpans, gainAt, planScore } from '../../src/plan';
import type { Plan } from '../../src/plan/types';
import { realisticEdit } from './helpers';

const SEC = 254016000000;
const SR = 48000;

/** The envelope's invariants, checked at every key and region edge (it is linear between keys). */
function checkEnvelope(plan: Plan, depthDb: number): void {
  const keys = plan.ducking;
  const len = plan.sequence.durationSamples;
  for (let i = 1; i < keys.length; i++) expect(keys[i].sample).toBeGreaterThan(keys[i - 1].sample);
  for (const k of keys) {
    expect(k.sample).toBeGreaterThanOrEqual(0);
    expect(k.sample).toBeLessThanOrEqual(len);
    expect(k.gainDb).toBeLessThanOrEqual(0);
    expect(k.gainDb).toBeGreaterThanOrEqual(depthDb);
  }
  // Inside every dialogue region: at most depth + 0.5 dB.
  for (const r of plan.dialogue) {
    const probes = [r.startSample, r.endSample - 1, ...keys.filter((k) => k.sample > r.startSample && k.sample < r.endSample).map((k) => k.sample)];
    for (const s of probes) expect(gainAt(keys, s), `inside ${r.start.toFixed(3)}–${r.end.toFixed(3)} s`).toBeLessThanOrEqual(depthDb + 0.5);
  }
  // Outside, once released and before the next look-ahead: exactly 0 dB.
  const la = Math.round(DEFAULT_DUCK.lookaheadSec * SR);
  const tail = Math.round((DEFAULT_DUCK.holdSec + DEFAULT_DUCK.releaseSec) * SR);
  const busy = plan.dialogue.map((r) => [r.startSample - la, r.endSample + tail]);
  const free = (s: number) => busy.every(([a, b]) => s < a || s >= b);
  const probes = [...keys.map((k) => k.sample), ...plan.dialogue.flatMap((r) => [r.endSample + tail, r.startSample - la - 1]), 0, len];
  for (const s of probes) if (s >= 0 && s <= len && free(s)) expect(gainAt(keys, s), `outside at ${(s / SR).toFixed(3)} s`).toBe(0);
  // Few keys: ≤ 4 per merged region, plus the 0 dB key at the start.
  const merged = duckSpans(plan.dialogue, { ...DEFAULT_DUCK, depthDb, lengthSamples: len, sampleRate: SR });
  expect(keys.length).toBeLessThanOrEqual(4 * merged.length + 1);
}

const regions = fc.array(fc.tuple(fc.double({ min: 0, max: 88, noNaN: true }), fc.double({ min: 0.05, max: 9, noNaN: true })), { maxLength: 25 });

describe('duck envelope (property)', () => {
  it('≤ depth + 0.5 dB inside every dialogue region, 0 dB outside after release, ≤ 4 keys per merged region', () => {
    fc.assert(
      fc.property(regions, fc.integer({ min: 1, max: 40 }), fc.constantFrom(undefined, -6, -12, -18, -30), (spans, seed, duckDb) => {
        const timeline = realisticEdit(seed, 25, 90);
        // Dialogue as buildTimeline emits it: sorted, merged across gaps < 0.5 s.
        const sorted = spans.map(([a, l]) => [a, Math.min(90, a + l)]).sort((x, y) => x[0] - y[0]);
        const merged: number[][] = [];
        for (const [a, b] of sorted) {
          const last = merged[merged.length - 1];
          if (last && a - last[1] < 0.5) last[1] = Math.max(last[1], b);
          else merged.push([a, b]);
        }
        timeline.dialogue = merged.map(([a, b]) => ({ start: Math.round(a * 1000) * (SEC / 1000), end: Math.round(b * 1000) * (SEC / 1000), source: 'A1' }));
        const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: SR, duckDb });
        checkEnvelope(plan, duckDb ?? -12);
      }),
      { numRuns: 120 },
    );
  });

  it('bridges pauses under 0.8 s, comes back up in long ones', () => {
    const timeline = realisticEdit(3, 20, 60);
    timeline.dialogue = [[5, 9], [9.7, 12], [15, 18]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
    const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: SR });
    checkEnvelope(plan, -12);
    expect(gainAt(plan.ducking, 9.35 * SR)).toBe(-12);
    expect(gainAt(plan.ducking, 13.5 * SR)).toBe(0);
    // Two merged spans, four keys each, plus the start.
    expect(plan.ducking).toHaveLength(9);
    // Look-ahead: the fade starts 0.3 s before speech and is down before the first word.
    expect(gainAt(plan.ducking, 4.7 * SR)).toBe(0);
    expect(gainAt(plan.ducking, 4.8 * SR)).toBeLessThan(0);
    expect(gainAt(plan.ducking, 4.95 * SR)).toBe(-12);
  });

  it('depth per style and brief; explicit depth wins', () => {
    expect(duckShapeFor('underscore').depthDb).toBe(-12);
    expect(duckShapeFor('bed').depthDb).toBeLessThan(-12);
    expect(duckShapeFor('ambient').depthDb).toBeGreaterThan(-12);
    expect(duckShapeFor('underscore', { quietUnderDialogue: true }).depthDb).toBe(-15);
    expect(duckShapeFor('bed', { duckDb: -6 }).depthDb).toBe(-6);
    expect(() => duckShapeFor('bed', { duckDb: 3 })).toThrow(/duck depth/);
    const timeline = realisticEdit(3, 20, 60);
    timeline.dialogue = [{ start: 5 * SEC, end: 9 * SEC, source: 'A1' }];
    const bed = planScore(timeline, { brief: 'calm e-learning bed', seed: 1, sampleRate: SR });
    expect(Math.min(...bed.ducking.map((k) => k.gainDb))).toBe(-14);
  });
});
