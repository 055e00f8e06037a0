import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/host/adapter';
import { buildTimeline, readSnapshot } from '../../src/timeline';
import { Emulator } from './emulator';
import { call, data, fixtureSequence, sharedFixtureNames } from './helpers';

describe('snapshot of an emulated copy of each shared fixture reads back to the same timeline', () => {
  it.each(sharedFixtureNames())('%s', (name) => {
    const seq = fixtureSequence(name);
    const expected = buildTimeline(seq);
    const emu = new Emulator();
    emu.loadSequence(seq);
    const snap = data(call<HostSnapshot>(emu, 'snapshot'));
    const got = buildTimeline(readSnapshot(snap, `snapshot of ${name}`));
    expect(got.cuts).toEqual(expected.cuts);
    expect(got.range).toEqual(expected.range);
    expect(got.dialogue).toEqual(expected.dialogue);
    expect(got.dialogueTracks).toEqual(expected.dialogueTracks);
    expect(got.frameRate).toEqual(expected.frameRate);
    expect(got.markers.map((m) => [m.start, m.end, m.name, m.comment])).toEqual(expected.markers.map((m) => [m.start, m.end, m.name, m.comment]));
    expect(snap.sequence.audioSampleRate).toBe(seq.audioSampleRate ?? 48000);
  });
});
