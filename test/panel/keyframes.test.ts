/**
 * The editor's own Volume keys across a regeneration (src/panel/keyframes.ts): which keys are
 * Cuebed's, which the editor's, where theirs go after the edit, and which give way.
 */
import { describe, expect, it } from 'vitest';
import type { ClipKeyframe } from '../../src/host/adapter';
import { planToPlaceRequest } from '../../src/host/levels';
import { carryEditorKeys, pictureMap } from '../../src/panel/keyframes';
import type { Plan } from '../../src/plan/types';
import { framesToTicks, ticksPerFrame } from '../../src/time';

const rate = { num: 25, den: 1 };
const SR = 48000;
const TPF = ticksPerFrame(rate);
const F = (frames: number) => framesToTicks(frames, rate);

/** A plan over shots of the given lengths (frames) from frame 0, with ducking keys at (frame, dB). */
function plan(shots: number[], ducking: Array<[number, number | null]>): Plan {
  const frames = shots.reduce((a, b) => a + b, 0);
  const cuts: Array<{ frame: number; sample: number }> = [];
  let f = 0;
  for (const len of shots.slice(0, -1)) {
    f += len;
    cuts.push({ frame: f, sample: (f * SR) / 25 });
  }
  return {
    schema: 'cuebed.plan/1',
    sequence: { name: 'T', startTicks: '0', sampleRate: SR, durationSamples: (frames * SR) / 25, duration: frames / 25, frameRate: rate },
    source: { startFrame: 0, endFrame: frames },
    cuts,
    ducking: ducking.map(([fr, db]) => ({ sample: (fr * SR) / 25, gainDb: db === null ? -Infinity : db })),
  } as unknown as Plan;
}

/** The keys Cuebed wrote for `p`, as the host reads them back (clip at the score start, inPoint 0). */
function written(p: Plan): ClipKeyframe[] {
  return planToPlaceRequest(p, '').ducking.map((k) => ({ ticks: k.ticks, sourceTicks: k.ticks, value: 0, gainDb: k.gainDb }));
}
const key = (frame: number, gainDb: number | null): ClipKeyframe => ({ ticks: String(F(frame)), sourceTicks: String(F(frame)), value: 0, gainDb });
const at = (frame: number, gainDb: number | null) => ({ ticks: String(F(frame)), gainDb });

const SHOTS = [100, 80, 120, 90, 110];
const DUCK: Array<[number, number | null]> = [[0, 0], [110, 0], [120, -12], [170, -12], [180, 0], [490, 0], [499, null]];

describe('carryEditorKeys', () => {
  it('with no hand work, the new clip gets exactly the new ducking', () => {
    const old = plan(SHOTS, DUCK);
    const next = plan(SHOTS, DUCK);
    const r = carryEditorKeys(old, next, written(old));
    expect(r.editorKeys).toEqual([]);
    expect(r.dropped).toEqual([]);
    expect(r.ducking).toEqual(planToPlaceRequest(next, '').ducking);
  });

  it('carries an added key, shifted by a ripple delete earlier in the cut', () => {
    const old = plan(SHOTS, DUCK);
    // Shot 2 (80 frames) ripple-deleted: everything after moves 80 frames left.
    const next = plan([100, 120, 90, 110], [[0, 0], [390, 0], [399, null]]);
    const r = carryEditorKeys(old, next, [...written(old), key(350, -3), key(40, -6)]);
    expect(r.editorKeys).toEqual([at(40, -6), at(270, -3)]);
    expect(r.dropped).toEqual([]);
  });

  it('a key on a deleted shot is dropped and reported; a key on a trimmed shot keeps its distance from the nearer cut', () => {
    const old = plan(SHOTS, []);
    // Shot 2 deleted, shot 4 trimmed from 90 to 60 frames.
    const next = plan([100, 120, 60, 110], []);
    const r = carryEditorKeys(old, next, [key(130, -4), key(310, -2), key(385, -1)]);
    // 310 is 10 frames into shot 4 (starts at 300 → 220 now); 385 is 5 frames before its end (390 → 280).
    expect(r.editorKeys).toEqual([at(230, -2), at(275, -1)]);
    expect(r.dropped).toEqual([{ ticks: String(F(130)), gainDb: -4, reason: 'cut' }]);
  });

  it('a Cuebed key the editor moved stays moved: the new ducking does not put it back', () => {
    const old = plan(SHOTS, DUCK);
    const next = plan(SHOTS, DUCK);
    const keys = written(old).filter((k) => k.ticks !== String(F(120)));
    keys.push(key(125, -12)); // the start of the duck moved 5 frames later
    const r = carryEditorKeys(old, next, keys);
    expect(r.respected).toBe(1);
    expect(r.editorKeys).toEqual([at(125, -12)]);
    expect(r.ducking.map((k) => k.ticks)).not.toContain(String(F(120)));
    expect(r.ducking).toHaveLength(DUCK.length - 1);
  });

  it("a Cuebed key whose level the editor changed is theirs; a deleted one stays deleted", () => {
    const old = plan(SHOTS, DUCK);
    const next = plan(SHOTS, DUCK);
    const keys = written(old)
      .filter((k) => k.ticks !== String(F(170)) && k.ticks !== String(F(180)))
      .concat(key(170, -18));
    const r = carryEditorKeys(old, next, keys);
    expect(r.editorKeys).toEqual([at(170, -18)]);
    expect(r.ducking.map((k) => k.ticks)).toEqual([0, 110, 120, 490].map((f) => String(F(f))).concat(planToPlaceRequest(next, '').ducking.slice(-1)[0].ticks));
  });

  it('a new ducking key within half a frame of a carried key gives way to it', () => {
    const old = plan(SHOTS, [[0, 0]]);
    const next = plan(SHOTS, [[0, 0], [200, -10]]);
    const r = carryEditorKeys(old, next, [...written(old), { ...key(200, -5), sourceTicks: String(F(200) + TPF / 4) }]);
    expect(r.overridden).toBe(1);
    expect(r.ducking.map((k) => k.ticks)).toEqual([String(F(0))]);
    expect(r.editorKeys).toEqual([{ ticks: String(F(200) + TPF / 4), gainDb: -5 }]);
  });

  it('reads key times from the old WAV (source time), so a score clip rippled and split with the picture is read right', () => {
    const old = plan(SHOTS, DUCK);
    const next = plan([100, 120, 90, 110], [[0, 0], [390, 0], [399, null]]);
    // The split halves both hold every key: same source times, different sequence times.
    const left = [...written(old), key(350, -3)];
    const right = left.map((k) => ({ ...k, ticks: String(Number(k.ticks) - F(80)) }));
    const r = carryEditorKeys(old, next, [...left, ...right]);
    expect(r.editorKeys).toEqual([at(270, -3)]);
  });

  it('silence keys match silence', () => {
    const old = plan(SHOTS, [[0, 0], [499, null]]);
    const r = carryEditorKeys(old, old, written(old));
    expect(r.editorKeys).toEqual([]);
  });
});

describe('pictureMap', () => {
  it('maps matched shots by their offset and returns null outside the range', () => {
    const move = pictureMap(plan(SHOTS, []), plan([100, 120, 90, 110], []));
    expect(move(F(50))).toBe(F(50));
    expect(move(F(200))).toBe(F(120));
    expect(move(F(500))).toBe(F(420));
    expect(move(F(501))).toBeNull();
  });
});
