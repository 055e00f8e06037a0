/**
 * Issue 15 point 8 (first item): the track QE adds was assumed to be the last one, at index n, and
 * empty. QE's addTracks argument order is disputed (reference §3.7): if the new track lands
 * elsewhere, the old code renamed and filled an editor's track. The host now finds the new track
 * by its id (the one not there before) and checks it is empty.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceScoreResult } from '../../src/host/adapter';
import { planToPlaceRequest } from '../../src/host/levels';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { Emulator } from './emulator';
import { call, data, fixtureSequence } from './helpers';
import { fakePlan } from './plan';

const S = TICKS_PER_SECOND;

describe('a QE track that lands first', () => {
  it('is found by id: the score goes on the new empty track, every editor track keeps its name and clips', () => {
    const emu = new Emulator({ qe: 'front' });
    emu.loadSequence(fixtureSequence('premiere_example.xml'));
    const before = emu.sequence.audio.map((t) => [t.name, t.items.length]);
    expect(before[before.length - 1][1]).toBeGreaterThan(0);
    const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking: [{ seconds: 0, gainDb: 0 }] });
    emu.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
    const r = data(call<PlaceScoreResult>(emu, 'placeScore', planToPlaceRequest(plan, '/renders/score-1.wav')));
    expect(r).toMatchObject({ trackCreated: true, trackName: 'Cuebed', trackIndex: 1 });
    expect(emu.sequence.audio[0].name).toBe('Cuebed');
    expect(emu.sequence.audio[0].items.map((c) => c.projectItem?.getMediaPath())).toEqual(['/renders/score-1.wav']);
    expect(emu.sequence.audio.slice(1).map((t) => [t.name, t.items.length])).toEqual(before);
  });
});
