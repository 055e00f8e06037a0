import { describe, expect, it } from 'vitest';
import { dbToFcpLevel, dbToPremiereLevel, fcpLevelToDb, keyframeSourceTicks, planToPlaceRequest, premiereLevelToDb } from '../../src/host/levels';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { fakePlan } from './plan';

describe('dB ↔ Premiere Volume Level = 10^((dB − 15)/20)', () => {
  it.each([
    [0, 0.17782794100389226],
    [-6, 0.08912509381337455],
    [-12, 0.044668359215096315],
    [-Infinity, 0],
  ])('%f dB → %f', (db, level) => {
    expect(dbToPremiereLevel(db)).toBeCloseTo(level, 12);
    expect(premiereLevelToDb(dbToPremiereLevel(db))).toBeCloseTo(db, 9);
  });
  it('+15 dB is the 1.0 maximum; louder clamps as Premiere does', () => {
    expect(dbToPremiereLevel(15)).toBe(1);
    expect(dbToPremiereLevel(20)).toBe(1);
  });
  it('rejects NaN and negative levels', () => {
    expect(() => dbToPremiereLevel(NaN)).toThrow(RangeError);
    expect(() => premiereLevelToDb(-0.1)).toThrow(RangeError);
  });
});

describe('dB ↔ FCP7 Audio Levels (linear gain)', () => {
  it.each([
    [0, 1],
    [-6, 0.501187233627272],
    [-12, 0.251188643150958],
    [-Infinity, 0],
  ])('%f dB → %f', (db, level) => {
    expect(dbToFcpLevel(db)).toBeCloseTo(level, 12);
    expect(fcpLevelToDb(dbToFcpLevel(db))).toBeCloseTo(db, 9);
  });
  it('matches the gain-12dB.xml fixture value 0.250593 to the 0.01 dB Premiere writes', () => {
    expect(fcpLevelToDb(0.250593)).toBeCloseTo(-12.02, 2);
  });
});

describe('keyframe times and plan conversion', () => {
  it('keyframeSourceTicks = inPoint + (sequence − start)', () => {
    expect(keyframeSourceTicks(0, 5 * TICKS_PER_SECOND, 7 * TICKS_PER_SECOND)).toBe(2 * TICKS_PER_SECOND);
    expect(keyframeSourceTicks(TICKS_PER_SECOND, 5 * TICKS_PER_SECOND, 5 * TICKS_PER_SECOND)).toBe(TICKS_PER_SECOND);
  });
  it('planToPlaceRequest converts samples to ticks exactly from the score start', () => {
    const start = 1234 * 8475667200; // frame 1234 at 29.97
    const plan = fakePlan({
      rate: { num: 30000, den: 1001 },
      startTicks: start,
      durationSeconds: 61.5,
      sampleRate: 48000,
      ducking: [
        { seconds: 0, gainDb: 0 },
        { seconds: 12.3456, gainDb: -9.5 },
        { seconds: 20, gainDb: -Infinity },
      ],
    });
    const r = planToPlaceRequest(plan, '/r/score.wav');
    expect(r.startTicks).toBe(String(start));
    expect(r.durationTicks).toBe(String(61.5 * 48000 * 5292000));
    expect(r.ducking).toEqual([
      { ticks: String(start), gainDb: 0 },
      { ticks: String(start + samplesToTicks(Math.round(12.3456 * 48000), 48000)), gainDb: -9.5 },
      { ticks: String(start + 20 * 48000 * 5292000), gainDb: null },
    ]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
