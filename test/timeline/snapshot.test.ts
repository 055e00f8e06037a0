import { describe, expect, it } from 'vitest';
import { framesToTicks, RATES } from '../../src/time';
import { HostSnapshot, InputError, buildTimeline, readSnapshot, readTimelineFile } from '../../src/timeline';
import { cutFrames, own, ownText } from './helpers';

const f25 = (n: number) => framesToTicks(n, RATES['25']);
const base = (): HostSnapshot => JSON.parse(ownText('snapshots/contract.json')) as HostSnapshot;

function errorOf(mutate: (s: Record<string, any>) => void): string {
  const s = base() as unknown as Record<string, any>;
  mutate(s);
  try {
    readSnapshot(s, 'snap.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('host snapshot reader', () => {
  it('reads the contract snapshot', () => {
    const t = own('snapshots/contract.json');
    expect(t.id).toBe('6a1f0f3e-0000-4000-8000-000000000001');
    expect(t.playhead).toBe(f25(12));
    expect(t.audioSampleRate).toBe(48000);
    expect(cutFrames(t)).toEqual([50]);
    expect(t.markers).toEqual([{ start: f25(30), end: f25(30), name: 'hit', comment: 'here', type: 'Comment' }]);
  });
  it('kinds: alpha/title/graphic/adjustment are overlays, nested and generators opaque; In/Out; disabled track', () => {
    const t = own('snapshots/kinds.json');
    expect(t.range).toEqual({ start: f25(10), end: f25(90) });
    const v3 = t.videoClips.filter((c) => c.track === 3);
    expect(v3.map((c) => [c.name, c.coverage, !!c.nested, !!c.generator])).toEqual([
      ['logo', 'overlay', false, false],
      ['Adjustment Layer', 'overlay', false, false],
      ['nest', 'opaque', true, false],
      ['bars', 'opaque', false, true],
      ['gfx', 'overlay', false, false],
    ]);
    // V1 A 0–50, B 50–100; V3 nest 60–70, bars 70–75 on top; V4 disabled.
    expect(cutFrames(t)).toEqual([50, 60, 70, 75]);
  });
  it.each([
    [(s: any) => (s.videoTracks[1].clips[0].start = 12.5), 'snap.json: videoTracks[1].clips[0].start must be a tick string like "254016000000" (got 12.5)'],
    [(s: any) => (s.schema = 'cuebed.snapshot/2'), 'snap.json: schema must be "cuebed.snapshot/1" (got "cuebed.snapshot/2")'],
    [(s: any) => delete s.sequence, 'snap.json: sequence must be an object (got nothing)'],
    [(s: any) => (s.sequence.frameRate = { num: 25.5, den: 1 }), 'snap.json: sequence.frameRate.num must be a whole number ≥ 1 (got 25.5)'],
    [(s: any) => (s.audioTracks[0].clips[1].mediaType = 'Video'), 'snap.json: audioTracks[0].clips[1].mediaType must be "Audio" (got "Video")'],
    [(s: any) => (s.videoTracks[0].clips[0].kind = 'sticker'), 'snap.json: videoTracks[0].clips[0].kind must be one of clip, title, graphic, adjustment, nested, generator (got "sticker")'],
    [(s: any) => (s.videoTracks[0].enabled = 'yes'), 'snap.json: videoTracks[0].enabled must be true or false (got "yes")'],
    [(s: any) => (s.videoTracks[0].clips[0].end = '-5'), 'snap.json: videoTracks[0].clips[0].end must be at or after start (0) (got "-5")'],
    [(s: any) => (s.markers = {}), 'snap.json: markers must be an array (got {})'],
    [(s: any) => (s.markers[0].comments = 3), 'snap.json: markers[0].comments must be a string (got 3)'],
    [(s: any) => (s.sequence.inPoint = undefined), 'snap.json: sequence.inPoint must be a tick string like "254016000000" (got nothing)'],
    [(s: any) => (s.videoTracks[1].index = 1), 'snap.json: videoTracks[1].index must be unique among the tracks (got 1)'],
  ])('validation error %#', (mutate, message) => {
    expect(errorOf(mutate)).toBe(message);
  });
  it('rejects an unsupported frame rate and over-long tick strings', () => {
    expect(errorOf((s) => (s.sequence.frameRate = { num: 11, den: 1 }))).toMatch(/^snap\.json: sequence\.frameRate is unsupported/);
    expect(errorOf((s) => (s.sequence.end = '99999999999999999999'))).toMatch(/^snap\.json: sequence\.end is longer than the 9\.8 hours/);
  });
  it('rejects a non-object', () => {
    expect(() => readSnapshot([], 's.json')).toThrow('s.json: the snapshot must be an object (got [])');
  });
});

describe('shared contract: the same sequence as FCP7 XML and as a host snapshot', () => {
  const xml = own('xmeml/contract.xml');
  const snap = own('snapshots/contract.json');
  it('gives the same range, cuts, dialogue, markers and dialogue tracks', () => {
    expect(snap.range).toEqual(xml.range);
    expect(snap.cuts).toEqual(xml.cuts);
    expect(snap.dialogueTracks).toEqual(xml.dialogueTracks);
    expect(snap.dialogue.map((r) => [r.start, r.end])).toEqual(xml.dialogue.map((r) => [r.start, r.end]));
    expect(snap.markers.map(({ start, end, name, comment }) => ({ start, end, name, comment }))).toEqual(xml.markers);
    expect(snap.frameRate).toEqual(xml.frameRate);
    expect(xml.cuts).toEqual([{ frame: 50, time: f25(50) }]);
    expect(xml.dialogueTracks).toEqual([1, 2]);
    expect(xml.dialogue.map((r) => [r.start, r.end])).toEqual([
      [f25(5), f25(40)],
      [f25(60), f25(95)],
    ]);
  });
  it('gives the same clips (placement, coverage, link grouping)', () => {
    const shape = (t: typeof xml) => ({
      video: t.videoClips.map((c) => [c.track, c.start, c.end, c.coverage, c.enabled]),
      audio: t.audioClips.map((c) => [c.track, c.start, c.end]),
      linked: t.audioClips.map((c) => t.audioClips.filter((o) => o.linkId !== undefined && o.linkId === c.linkId).length),
    });
    expect(shape(snap)).toEqual(shape(xml));
  });
});

describe('readTimelineFile', () => {
  it('picks the reader by content', () => {
    expect(readTimelineFile(ownText('snapshots/contract.json'), 'a.xml').name).toBe('contract');
    expect(readTimelineFile(ownText('xmeml/contract.xml'), 'a.json').name).toBe('contract');
  });
  it('JSON errors name the position', () => {
    expect(() => readTimelineFile('{\n  "schema": ,\n}', 'bad.json')).toThrow('bad.json: not valid JSON at line 2, column 13 (unexpected ","); save the snapshot again from the Cuebed panel');
  });
  it('neither XML nor JSON', () => {
    expect(() => readTimelineFile('hello', 'x.txt')).toThrow('x.txt: neither FCP7 XML, FCPXML, OpenTimelineIO nor a Cuebed snapshot (it starts with "hello")');
  });
  it('buildTimeline is deterministic and does not mutate its input', () => {
    const seq = readSnapshot(JSON.parse(ownText('snapshots/contract.json')), 's');
    const copy = structuredClone(seq);
    expect(buildTimeline(seq)).toEqual(buildTimeline(seq));
    expect(seq).toEqual(copy);
  });
});
