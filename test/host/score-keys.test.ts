/**
 * For "Regenerate around edits": scoreKeys reads the Volume keys on a render's clip(s) with their
 * source time (read-only), and placeScore/replaceScore write the editor's carried keys after the
 * ducking, flagged `editor`.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceScoreResult, ScoreKeysResult } from '../../src/host/adapter';
import { dbToPremiereLevel, planToPlaceRequest } from '../../src/host/levels';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { Emulator, Time } from './emulator';
import { call, data, fixtureSequence } from './helpers';
import { fakePlan } from './plan';
import { projectState } from './state';

const S = TICKS_PER_SECOND;

function setup() {
  const emu = new Emulator();
  emu.loadSequence(fixtureSequence('premiere_example.xml'));
  const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking: [{ seconds: 0, gainDb: 0 }, { seconds: 2, gainDb: -12 }, { seconds: 4, gainDb: 0 }] });
  const len = samplesToTicks(plan.sequence.durationSamples, 48000);
  emu.addFile('/renders/score-1.wav', len);
  emu.addFile('/renders/score-2.wav', len);
  return { emu, plan };
}

describe('scoreKeys', () => {
  it('reads every clip of the WAV with its keys in sequence and source time, changing nothing', () => {
    const { emu, plan } = setup();
    data(call<PlaceScoreResult>(emu, 'replaceScore', planToPlaceRequest(plan, '/renders/score-1.wav')));
    const clip = emu.audioTrackNamed('Cuebed')!.items[0];
    clip.levelParam().addKey(Time.of(7 * S));
    clip.levelParam().setValueAtKey(Time.of(7 * S), dbToPremiereLevel(-3));
    const before = projectState(emu);
    const r = data(call<ScoreKeysResult>(emu, 'scoreKeys', { wavPath: '/renders/score-1.wav' }));
    expect(projectState(emu)).toEqual(before);
    expect(r.clips).toHaveLength(1);
    expect(r.clips[0].trackName).toBe('Cuebed');
    expect(r.clips[0].clip.start).toBe(String(2 * S));
    expect(r.clips[0].keys.map((k) => [k.ticks, k.sourceTicks])).toEqual([
      [String(2 * S), '0'],
      [String(4 * S), String(2 * S)],
      [String(6 * S), String(4 * S)],
      [String(9 * S), String(7 * S)],
    ]);
    expect(r.clips[0].keys[3].gainDb).toBeCloseTo(-3, 9);
  });

  it('after a ripple that split the clip, each half is reported with its own sequence times and the same source times', () => {
    const { emu, plan } = setup();
    data(call<PlaceScoreResult>(emu, 'replaceScore', planToPlaceRequest(plan, '/renders/score-1.wav')));
    emu.sequence.rippleDelete(5 * S, 6 * S);
    const r = data(call<ScoreKeysResult>(emu, 'scoreKeys', { wavPath: '/renders/score-1.wav' }));
    expect(r.clips.map((c) => [c.clip.start, c.clip.end, c.clip.inPoint])).toEqual([
      [String(2 * S), String(5 * S), '0'],
      [String(5 * S), String(11 * S), String(4 * S)],
    ]);
    expect(r.clips[1].keys.map((k) => k.sourceTicks)).toEqual(r.clips[0].keys.map((k) => k.sourceTicks));
    expect(r.clips[1].keys[2].ticks).toBe(String(5 * S)); // source 4 s sits at the join now
  });

  it('answers an empty list for a WAV that is not in the sequence, BAD_REQUEST without a path', () => {
    const { emu } = setup();
    expect(data(call<ScoreKeysResult>(emu, 'scoreKeys', { wavPath: '/renders/none.wav' }))).toEqual({ clips: [] });
    const bad = call<ScoreKeysResult>(emu, 'scoreKeys', {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('BAD_REQUEST');
  });
});

describe('editorKeys in placeScore / replaceScore', () => {
  it('writes them after the ducking (same tick: theirs wins) and flags them', () => {
    const { emu, plan } = setup();
    const req = { ...planToPlaceRequest(plan, '/renders/score-2.wav'), editorKeys: [{ ticks: String(4 * S), gainDb: -20 }, { ticks: String(9 * S), gainDb: null }] };
    const r = data(call<PlaceScoreResult>(emu, 'replaceScore', req));
    expect(r.keyframes.filter((k) => k.editor).map((k) => k.ticks)).toEqual([String(4 * S), String(9 * S)]);
    expect(r.keyframes.filter((k) => !k.editor)).toHaveLength(3);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    const level = emu.audioTrackNamed('Cuebed')!.items[0].levelParam();
    expect(level.getValueAtKey(Time.of(2 * S))).toBeCloseTo(dbToPremiereLevel(-20), 12);
    expect(level.getValueAtKey(Time.of(7 * S))).toBe(0);
  });

  it('refuses malformed editorKeys', () => {
    const { emu, plan } = setup();
    for (const editorKeys of [{}, [{ ticks: 5, gainDb: 0 }], [{ ticks: '5', gainDb: 'loud' }], [null]]) {
      const r = call<PlaceScoreResult>(emu, 'placeScore', { ...planToPlaceRequest(plan, '/renders/score-1.wav'), editorKeys });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_REQUEST');
    }
    expect(emu.audioTrackNamed('Cuebed')).toBeUndefined();
  });
});
