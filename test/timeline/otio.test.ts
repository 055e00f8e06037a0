import { describe, expect, it } from 'vitest';
import { InputError, readTimelineFile, snapRate } from '../../src/timeline';
import { framesToTicks } from '../../src/time';
import { cutFrames, own, ownText } from './helpers';

const f24 = (n: number) => framesToTicks(n, { num: 24, den: 1 });
const f30 = (n: number) => framesToTicks(n, { num: 30, den: 1 });

/** A minimal OTIO document around the given tracks (for the made-up cases below). */
function otio(tracks: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: 'made up', ...extra, tracks: { OTIO_SCHEMA: 'Stack.1', children: tracks, markers: [] } });
}
const rt = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', value, rate });
const range = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, rate), duration: rt(duration, rate) });
const clip = (name: string, duration: number, rate = 24, more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Clip.2', name, source_range: range(0, duration, rate), ...more });
const gap = (duration: number, rate = 24) => ({ OTIO_SCHEMA: 'Gap.1', source_range: range(0, duration, rate) });
const track = (kind: 'Video' | 'Audio', children: unknown[], more: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Track.1', kind, name: '', children, ...more });

describe('OTIO fixtures from the field (expected cut lists worked out from the files)', () => {
  it('simple_cut.otio: clips of 3, 6, 4 frames, then one timed by its media (available_range 6) → cuts 3, 9, 13, end 19', () => {
    const t = own('otio/simple_cut.otio');
    expect(t.frameRate).toEqual({ num: 24, den: 1 });
    expect(cutFrames(t)).toEqual([3, 9, 13]);
    expect(t.range).toEqual({ start: 0, end: f24(19) });
  });
  it('transition_test.otio: dissolves take no time; A, B, C of 50 frames → cuts at 50 and 100', () => {
    const t = own('otio/transition_test.otio');
    expect(cutFrames(t)).toEqual([50, 100]);
    expect(t.range.end).toBe(f24(150));
  });
  it('nested_example.otio: nested Stacks (31, 29) and a nested Track (4) are one clip each', () => {
    // 238 | stack 31 → 269 | 33 → 302 | stack 29 → 331 | 63 → 394 | track 4 → 398 | 238 → 636
    const t = own('otio/nested_example.otio');
    expect(cutFrames(t)).toEqual([238, 269, 302, 331, 394, 398]);
    expect(t.range.end).toBe(f24(636));
    expect(t.videoClips.filter((c) => c.nested).map((c) => c.name)).toEqual(['Nested Stack 1', 'Nested Stack 2 (with effects)', 'Nested Track']);
  });
  it('multitrack.otio: upper tracks win, gaps in V1 are black', () => {
    // V1: 0–720, gap, 803–1525, gap, 1957–2677; V2: 482–962; V3: 1198–1838.
    // Seen: V1 0–482, V2 482–962, V1 962–1198, V3 1198–1838, black 1838–1957, V1 1957–2677.
    const t = own('otio/multitrack.otio');
    expect(cutFrames(t)).toEqual([482, 962, 1198, 1838, 1957]);
    expect(t.range.end).toBe(f24(2677));
  });
  it("premiere_example.otio gives the very cuts and markers Cuebed reads from Premiere's own premiere_example.xml", () => {
    // The OTIO file is OTIO's FCP7 adapter's reading of the shared premiere_example.xml: the title
    // on V3 keeps its alphatype in metadata (an overlay), the 15 fps clip's 50 frames last 100 at 30.
    const t = own('otio/premiere_example.otio');
    expect(t.frameRate).toEqual({ num: 30, den: 1 });
    expect(cutFrames(t)).toEqual([13, 113, 165, 322, 557, 636, 956, 1164, 1246]);
    expect(t.markers.map((m) => [m.start, m.name])).toEqual([
      [f30(113), 'My MArker 1'],
      [f30(298), ''],
      [f30(492), 'dsf'],
    ]);
    expect(t.videoClips.find((c) => c.name === 'test_title')?.coverage).toBe('overlay');
    // OTIO tracks cannot overlap, so the adapter laid the exploded A7/A8 pair end to end: 956–1177–1271.
    expect(t.range.end).toBe(f30(1271));
    expect(t.audioClips.find((c) => c.mediaPath === 'D:/media/sc01_placeholder.wav')).toMatchObject({ start: f30(335), end: f30(505) });
  });
});

describe('OTIO reading rules', () => {
  it('snaps float NTSC rates to their rationals and leaves whole rates whole', () => {
    expect(snapRate(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(snapRate(23.976023976023978)).toEqual({ num: 24000, den: 1001 });
    expect(snapRate(29.97)).toEqual({ num: 30000, den: 1001 });
    expect(snapRate(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(snapRate(25)).toEqual({ num: 25, den: 1 });
    expect(snapRate(48000)).toEqual({ num: 48000, den: 1 });
    expect(snapRate(23.5)).toBeUndefined();
  });
  it('23.976 as a float gives exact 24000/1001 frame ticks, and global_start_time is the start timecode', () => {
    const t = readTimelineFile(otio([track('Video', [clip('a', 48, 23.976), clip('b', 24, 23.976)])], { global_start_time: rt(86400, 23.976) }), 'x.otio');
    const rate = { num: 24000, den: 1001 };
    expect(t.frameRate).toEqual(rate);
    expect(t.cuts).toEqual([{ frame: 48, time: framesToTicks(48, rate) }]);
    expect(t.range.end).toBe(framesToTicks(72, rate));
    expect(t.timecodeStart).toBe(framesToTicks(86400, rate));
    expect(t.warnings).toEqual([]);
  });
  it('says so when a time is not on a frame', () => {
    const t = readTimelineFile(otio([track('Video', [clip('a', 10.5), clip('b', 10)])]), 'x.otio');
    expect(t.warnings.join('\n')).toMatch(/1 time is not on a whole frame \(first: .*"a".* 10\.5 at 24\)/);
  });
  it('ignores disabled clips and tracks; an upper opaque track hides the lower one', () => {
    const t = readTimelineFile(
      otio([
        track('Video', [clip('base', 100)]),
        track('Video', [gap(10), clip('off', 10, 24, { enabled: false }), clip('on', 10)]),
        track('Video', [gap(50), clip('muted track', 10)], { enabled: false }),
      ]),
      'x.otio',
    );
    expect(cutFrames(t)).toEqual([20, 30]);
  });
  it('dialogue comes from audio tracks by media reference and name', () => {
    const ext = (url: string) => ({ media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', target_url: url } }, active_media_reference_key: 'DEFAULT_MEDIA' });
    const t = readTimelineFile(
      otio([
        track('Video', [clip('v', 240)]),
        track('Audio', [gap(24), clip('int', 48, 24, ext('file:///media/interview%201.wav'))], { name: 'Dialogue' }),
        track('Audio', [clip('song', 240, 24, ext('file:///media/music.wav'))], { name: 'Music' }),
      ]),
      'x.otio',
    );
    expect(t.dialogueTracks).toEqual([1]);
    expect(t.dialogue).toEqual([{ start: f24(24), end: f24(72), source: 'Dialogue' }]);
    expect(t.audioClips[0].mediaPath).toBe('/media/interview 1.wav');
  });
  it('refuses what it cannot read, naming the element and the fix', () => {
    const read = (text: string) => () => readTimelineFile(text, 'x.otio');
    expect(read(JSON.stringify({ OTIO_SCHEMA: 'SerializableCollection.1', children: [] }))).toThrow(
      'x.otio: the root SerializableCollection holds a bin of items, not one timeline; export a single timeline as .otio',
    );
    expect(read(otio([track('Video', [gap(1), { OTIO_SCHEMA: 'Clip.2', name: 'c' }])]))).toThrow(/Clip "c" on V1 has neither a source_range nor media with an available_range.*; export the timeline again as OpenTimelineIO/);
    expect(read(otio([track('Video', [clip('c', 10, 23.5)])]))).toThrow(InputError);
    expect(read(otio([track('Video', [clip('c', 10, 23.5)])]))).toThrow(/rate is 23\.5, not a frame or sample rate/);
    expect(read('{"OTIO_SCHEMA": "Timeline.1", "tracks": ')).toThrow(/not valid JSON .*export the timeline as OpenTimelineIO again/);
  });
  it('reads the fixture text the same however it is found (content, not extension, decides)', () => {
    const a = readTimelineFile(ownText('otio/simple_cut.otio'), 'renamed.json');
    expect(cutFrames(a)).toEqual([3, 9, 13]);
  });
});

describe('OTIO hostile nesting', () => {
  // Built as text: JSON.stringify itself overflows on 5,000 levels, JSON.parse does not.
  const nest = (inner: string, n: number) => '{"OTIO_SCHEMA": "Stack.1", "name": "", "children": ['.repeat(n) + inner + ']}'.repeat(n);
  it('refuses Stacks nested beyond any real timeline with a message, not a stack overflow', () => {
    const inTrack = otio([track('Video', [gap(1), { placeholder: true }])]).replace('{"placeholder":true}', nest(JSON.stringify(clip('deep', 10)), 5000));
    expect(() => readTimelineFile(inTrack, 'x.otio')).toThrow(/x\.otio: .* nests Stacks and Tracks more than 64 deep/);
    const stacks = otio([{ placeholder: true }]).replace('{"placeholder":true}', nest(JSON.stringify(track('Video', [clip('c', 10)])), 5000));
    expect(() => readTimelineFile(stacks, 'y.otio')).toThrow(/y\.otio: .* nests Stacks and Tracks more than 64 deep/);
  });
});
