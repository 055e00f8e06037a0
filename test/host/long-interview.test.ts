/**
 * Issue 15 point 7: speech-gated ducking on a long interview is hundreds of Volume keys. Premiere
 * redraws on every key written with updateUI set; the host asks for one redraw, on the last key.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceScoreResult } from '../../src/host/adapter';
import { planToPlaceRequest } from '../../src/host/levels';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { Emulator } from './emulator';
import { call, data, fixtureSequence } from './helpers';
import { fakePlan } from './plan';

const S = TICKS_PER_SECOND;

describe('a long interview', () => {
  it('writes 600 Volume keys with one redraw, every key verified', () => {
    const emu = new Emulator();
    emu.loadSequence(fixtureSequence('premiere_example.xml'));
    const ducking = Array.from({ length: 600 }, (_, i) => ({ seconds: i * 0.015, gainDb: i % 2 ? -12 : 0 }));
    const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking });
    emu.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
    const r = data(call<PlaceScoreResult>(emu, 'replaceScore', planToPlaceRequest(plan, '/renders/score-1.wav')));
    expect(r.keyframes).toHaveLength(600);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    const level = emu.audioTrackNamed('Cuebed')!.items[0].levelParam();
    expect(level.keys.size).toBe(600);
    expect(level.redraws).toBe(1);
  });
});
