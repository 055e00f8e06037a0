import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/host/adapter';
import { SourceSequence, Timeline, buildTimeline, readFcp7Xml, readSnapshot } from '../../src/timeline';
import { OWN_FIXTURES } from '../paths';
import { Emulator, Marker, ProjectItem, ProjectItemType, TrackItem } from './emulator';
import { call, data, fixtureSequence, sharedFixtureNames } from './helpers';

function roundTrip(seq: SourceSequence, name: string): { snap: HostSnapshot; got: Timeline; expected: Timeline } {
  const expected = buildTimeline(seq);
  const emu = new Emulator();
  emu.loadSequence(seq);
  const snap = data(call<HostSnapshot>(emu, 'snapshot'));
  return { snap, expected, got: buildTimeline(readSnapshot(snap, `snapshot of ${name}`)) };
}

/** Own hand-made FCP7 fixtures that read into a scoreable timeline (the others are bad-input cases). */
function ownFixtures(): Array<[string, SourceSequence]> {
  const out: Array<[string, SourceSequence]> = [];
  for (const f of fs.readdirSync(path.join(OWN_FIXTURES, 'xmeml')).sort()) {
    try {
      const seq = readFcp7Xml(fs.readFileSync(path.join(OWN_FIXTURES, 'xmeml', f), 'utf8'), f);
      buildTimeline(seq);
      out.push([f, seq]);
    } catch {
      // a bad-input fixture
    }
  }
  return out;
}

describe('snapshot of an emulated copy of each shared fixture reads back to the same timeline', () => {
  it.each(sharedFixtureNames())('%s', (name) => {
    const seq = fixtureSequence(name);
    const { snap, got, expected } = roundTrip(seq, name);
    expect(got.cuts).toEqual(expected.cuts);
    expect(got.range).toEqual(expected.range);
    expect(got.dialogue).toEqual(expected.dialogue);
    expect(got.dialogueTracks).toEqual(expected.dialogueTracks);
    expect(got.frameRate).toEqual(expected.frameRate);
    expect(got.markers.map((m) => [m.start, m.end, m.name, m.comment])).toEqual(expected.markers.map((m) => [m.start, m.end, m.name, m.comment]));
    expect(snap.sequence.audioSampleRate).toBe(seq.audioSampleRate ?? 48000);
  });
});

describe('snapshot round trip of our own FCP7 edge-case fixtures', () => {
  const fixtures = ownFixtures();
  it('covers the edge cases (disabled, overlay, nested, in/out, NTSC, generator)', () => {
    expect(fixtures.map(([f]) => f)).toEqual(expect.arrayContaining(['disabled.xml', 'overlay.xml', 'nested.xml', 'inout.xml', 'ntsc-2997.xml', 'generator.xml']));
  });
  it.each(fixtures)('%s', (name, seq) => {
    const { got, expected } = roundTrip(seq, name);
    expect(got.cuts).toEqual(expected.cuts);
    expect(got.range).toEqual(expected.range);
    expect(got.dialogue).toEqual(expected.dialogue);
    expect(got.videoClips.map((c) => [c.track, c.start, c.end, c.enabled, c.coverage])).toEqual(
      expected.videoClips.map((c) => [c.track, c.start, c.end, c.enabled, c.coverage]),
    );
  });
});

describe('snapshot details', () => {
  it('a point marker whose end reads 0 is reported with end = start; ticks are strings; unset in/out are null', () => {
    const emu = new Emulator();
    const seq = emu.loadSequence(fixtureSequence('gain-12dB.xml'));
    seq.markerList.push(new Marker(5 * 254016000000, 0, 'hit', 'a comment', 'Comment'));
    const snap = data(call<HostSnapshot>(emu, 'snapshot'));
    const m = snap.markers.find((x) => x.name === 'hit')!;
    expect(m).toEqual({ start: '1270080000000', end: '1270080000000', name: 'hit', comments: 'a comment', type: 'Comment' });
    expect(snap.sequence.inPoint).toBeNull();
    expect(snap.sequence.outPoint).toBeNull();
    expect(snap.sequence.frameRate).toEqual({ num: 25, den: 1 });
    expect(snap.schema).toBe('cuebed.snapshot/1');
  });
  it('disabled clips and muted tracks come back disabled', () => {
    const emu = new Emulator();
    const seq = emu.loadSequence(fixtureSequence('premiere_example.xml'));
    seq.video[1].items[0].disabled = true;
    seq.audio[0].muted = true;
    const snap = data(call<HostSnapshot>(emu, 'snapshot'));
    expect(snap.videoTracks[1].clips[0].enabled).toBe(false);
    expect(snap.videoTracks[1].clips[1].enabled).toBe(true);
    expect(snap.audioTracks[0].enabled).toBe(false);
    expect(snap.audioTracks[1].enabled).toBe(true);
  });
});

describe('clip kinds', () => {
  it('nested, adjustment, MOGRT, synthetic title, matte and alpha media are told apart', () => {
    const emu = new Emulator();
    const seq = emu.loadSequence(fixtureSequence('gain-12dB.xml'));
    const v1 = seq.video[0];
    const S = 254016000000;
    const synth = (name: string) => new ProjectItem(name, ProjectItemType.CLIP, '', { durationTicks: 10 * S, kind: 'video' });
    const nested = synth('Nest');
    nested.sequence = seq;
    const alpha = new ProjectItem('logo.mov', ProjectItemType.CLIP, '/m/logo.mov', { durationTicks: 10 * S, kind: 'video' });
    alpha.alphaUsage = 2;
    const add = (name: string, item: ProjectItem, at: number, flags: { adjustment?: boolean; mgt?: boolean } = {}) =>
      v1.add(new TrackItem(name, 100 * S + at * S, 101 * S + at * S, 0, S, item, 'Video', flags));
    add('Nest', nested, 0);
    add('Adjustment Layer', synth('Adjustment Layer'), 1, { adjustment: true });
    add('Lower third', synth('Essential Graphic'), 2, { mgt: true });
    add('Title 01', synth('Title 01'), 3);
    add('Color Matte', synth('Color Matte'), 4);
    add('logo.mov', alpha, 5);
    v1.add(new TrackItem('orphan', 106 * S, 107 * S, 0, S, undefined, 'Video'));
    const snap = data(call<HostSnapshot>(emu, 'snapshot'));
    const kinds = snap.videoTracks[0].clips.filter((c) => Number(c.start) >= 100 * S).map((c) => [c.name, c.kind, c.alpha ?? false]);
    expect(kinds).toEqual([
      ['Nest', 'nested', false],
      ['Adjustment Layer', 'adjustment', false],
      ['Lower third', 'graphic', false],
      ['Title 01', 'title', false],
      ['Color Matte', 'generator', false],
      ['logo.mov', 'clip', true],
      ['orphan', 'generator', false], // TrackItem.projectItem can be undefined (PProPanel guards it)
    ]);
  });
});
