import { describe, expect, it } from 'vitest';
import type { PlaceScoreResult, PlaceStingersResult } from '../../src/host/adapter';
import { dbToPremiereLevel, keyframeSourceTicks, planToPlaceRequest, planToStingerRequest } from '../../src/host/levels';
import { TICKS_PER_SECOND, framesToTicks, samplesToTicks } from '../../src/time';
import { buildTimeline } from '../../src/timeline';
import { Emulator, ProjectItemType } from './emulator';
import { call, data, fixtureSequence } from './helpers';
import { fakePlan, scorePlanFixture } from './plan';
import { projectState } from './state';

const RATE = { num: 30, den: 1 };
const S = TICKS_PER_SECOND;

function setup(qe: 'ok' | 'broken' | 'noRename' = 'ok') {
  const emu = new Emulator({ qe });
  emu.loadSequence(fixtureSequence('premiere_example.xml'));
  const plan = scorePlanFixture();
  emu.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
  emu.addFile('/renders/score-2.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
  return { emu, plan, req: planToPlaceRequest(plan, '/renders/score-1.wav') };
}

describe('placeScore', () => {
  it('imports into a "Cuebed" bin and puts exactly one clip at the start tick on a new track named Cuebed', () => {
    const { emu, req } = setup();
    const audioBefore = emu.sequence.audio.length;
    const r = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    expect(r.alreadyPlaced).toBe(false);
    expect(r.trackCreated).toBe(true);
    expect(emu.sequence.audio.length).toBe(audioBefore + 1);
    const track = emu.audioTrackNamed('Cuebed')!;
    expect(track).toBeDefined();
    expect(r.trackIndex).toBe(emu.sequence.audio.indexOf(track) + 1);
    expect(track.items).toHaveLength(1);
    const clip = track.items[0];
    expect(clip.raw.start).toBe(2 * S);
    expect(clip.raw.end).toBe(12 * S);
    expect(clip.projectItem!.getMediaPath()).toBe('/renders/score-1.wav');
    expect(emu.binNamed('Cuebed')!.all().map((i) => i.getMediaPath())).toEqual(['/renders/score-1.wav']);
  });

  it('writes the plan keyframes on Volume > Level in SOURCE time with the Level mapping', () => {
    const { emu, req, plan } = setup();
    const r = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    expect(r.keyframes).toHaveLength(plan.ducking.length);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    const clip = emu.audioTrackNamed('Cuebed')!.items[0];
    const level = clip.levelParam();
    expect(level.isTimeVarying()).toBe(true);
    const expected = plan.ducking.map((k) => {
      const seqTicks = 2 * S + samplesToTicks(k.sample, 48000);
      return [keyframeSourceTicks(clip.raw.inPoint, clip.raw.start, seqTicks), dbToPremiereLevel(k.gainDb)];
    });
    expect([...level.keys.entries()].sort((a, b) => a[0] - b[0])).toEqual(expected);
    // Source time starts at the clip's in point (0), not at its sequence position (2 s).
    expect(expected[0][0]).toBe(0);
    expect(expected[2][1]).toBeCloseTo(0.0446684, 6);
    expect(expected[5][1]).toBe(0);
  });

  it('source time follows the in point: keys read back from a head-trimmed clip land at the same sequence times', () => {
    const { emu, req } = setup();
    const first = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    const clip = emu.audioTrackNamed('Cuebed')!.items[0];
    clip.trim(3 * S, 12 * S); // the editor trims 1 s off the head: inPoint 1 s, start 3 s; keys stay on the media
    expect(clip.raw.inPoint).toBe(S);
    const r = data(call<PlaceScoreResult>(emu, 'replaceScore', { ...req, wavPath: '/renders/score-2.wav' }));
    expect(r.removed).toHaveLength(1);
    // sequence = start + (source − inPoint): 3 s + (k − 1 s) = the 2 s-based times written first.
    expect(r.previousKeyframes.map((k) => k.ticks)).toEqual(first.keyframes.map((k) => k.ticks));
    expect(keyframeSourceTicks(S, 3 * S, 4 * S)).toBe(2 * S);
  });

  it('running it twice changes nothing', () => {
    const { emu, req } = setup();
    data(call(emu, 'placeScore', req));
    const before = projectState(emu);
    const again = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    expect(again.alreadyPlaced).toBe(true);
    expect(again.imported).toBe(false);
    expect(projectState(emu)).toEqual(before);
  });

  it('without QE tracks it falls back to the first audio track empty over the range', () => {
    const { emu, req } = setup('broken');
    const audioBefore = emu.sequence.audio.length;
    const r = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    expect(r.trackCreated).toBe(false);
    expect(emu.sequence.audio.length).toBe(audioBefore);
    const track = emu.sequence.audio[r.trackIndex - 1];
    const others = track.items.filter((c) => c.projectItem?.getMediaPath() !== '/renders/score-1.wav');
    expect(others.every((c) => c.raw.end <= 2 * S || c.raw.start >= 12 * S)).toBe(true);
    const before = projectState(emu);
    expect(data(call<PlaceScoreResult>(emu, 'placeScore', req)).alreadyPlaced).toBe(true);
    expect(projectState(emu)).toEqual(before);
  });

  it('when QE cannot rename the new track, a second run finds it by the media path (no second track)', () => {
    const { emu, req } = setup('noRename');
    const audioBefore = emu.sequence.audio.length;
    data(call(emu, 'placeScore', req));
    expect(emu.sequence.audio.length).toBe(audioBefore + 1);
    const before = projectState(emu);
    data(call(emu, 'placeScore', req));
    expect(projectState(emu)).toEqual(before);
  });
});

describe('replaceScore', () => {
  it('takes the old clip off the track, places the new one, keeps the old item in the bin, hands back the old keys', () => {
    const { emu, req } = setup();
    const first = data(call<PlaceScoreResult>(emu, 'placeScore', req));
    const r = data(call<PlaceScoreResult>(emu, 'replaceScore', { ...req, wavPath: '/renders/score-2.wav', ducking: [{ ticks: String(3 * S), gainDb: -3 }] }));
    const track = emu.audioTrackNamed('Cuebed')!;
    expect(track.items).toHaveLength(1);
    expect(track.items[0].projectItem!.getMediaPath()).toBe('/renders/score-2.wav');
    expect(track.items[0].raw.start).toBe(2 * S);
    expect(emu.binNamed('Cuebed')!.all().map((i) => i.getMediaPath())).toEqual(['/renders/score-1.wav', '/renders/score-2.wav']);
    expect(r.removed.map((x) => x.mediaPath)).toEqual(['/renders/score-1.wav']);
    expect(r.previousKeyframes.map((k) => k.ticks)).toEqual(first.keyframes.map((k) => k.ticks));
    expect(r.previousKeyframes[2].gainDb).toBeCloseTo(-12, 9);
    expect([...track.items[0].levelParam().keys.entries()]).toEqual([[S, dbToPremiereLevel(-3)]]);
    const before = projectState(emu);
    expect(data(call<PlaceScoreResult>(emu, 'replaceScore', { ...req, wavPath: '/renders/score-2.wav' })).alreadyPlaced).toBe(true);
    expect(projectState(emu)).toEqual(before);
  });
});

describe('replaceScore with a shorter render', () => {
  it('leaves exactly one clip (no tail of the old render)', () => {
    const { emu, req } = setup();
    data(call(emu, 'placeScore', req));
    emu.addFile('/renders/short.wav', 8 * S);
    data(call(emu, 'replaceScore', { ...req, wavPath: '/renders/short.wav', durationTicks: String(8 * S) }));
    const track = emu.audioTrackNamed('Cuebed')!;
    expect(track.items.map((c) => [c.projectItem!.getMediaPath(), c.raw.start, c.raw.end])).toEqual([['/renders/short.wav', 2 * S, 10 * S]]);
  });
});

describe('placeStingers', () => {
  it('puts each stinger on "Cuebed Stingers" with its hit on its cut', () => {
    const seq = fixtureSequence('premiere_example.xml');
    const timeline = buildTimeline(seq);
    const emu = new Emulator();
    emu.loadSequence(seq);
    const cutFrames = timeline.cuts.map((c) => c.frame);
    const plan = fakePlan({
      rate: RATE,
      startTicks: 0,
      durationSeconds: 40,
      cutFrames,
      stingers: [
        { cut: 1, prerollSeconds: 1.25, tailSeconds: 2 },
        { cut: 3, prerollSeconds: 0, tailSeconds: 1.5 },
        { cut: 6, prerollSeconds: 2.0001, tailSeconds: 3 },
      ],
    });
    const paths = ['/renders/st-0.wav', '/renders/st-1.wav', '/renders/st-2.wav'];
    plan.stingers.forEach((s, i) => emu.addFile(paths[i], samplesToTicks(s.endSample - s.startSample, 48000)));
    const req = planToStingerRequest(plan, (i) => paths[i]);
    const r = data(call<PlaceStingersResult>(emu, 'placeStingers', req));
    const track = emu.audioTrackNamed('Cuebed Stingers')!;
    expect(track.items).toHaveLength(3);
    plan.stingers.forEach((s, i) => {
      const cutTicks = framesToTicks(cutFrames[s.cut], RATE);
      const clip = track.items.find((c) => c.projectItem!.getMediaPath() === paths[i])!;
      const hitInFile = samplesToTicks(s.hitSample - s.startSample, 48000);
      expect(clip.raw.start + hitInFile).toBe(cutTicks);
      expect(r.stingers[i].hitTicks).toBe(String(cutTicks));
    });
    const before = projectState(emu);
    const again = data(call<PlaceStingersResult>(emu, 'placeStingers', req));
    expect(again.stingers.every((s) => s.alreadyPlaced)).toBe(true);
    expect(projectState(emu)).toEqual(before);
    expect(emu.project!.rootItem.items.filter((i) => i.type === ProjectItemType.BIN && i.name === 'Cuebed')).toHaveLength(1);
  });
});
