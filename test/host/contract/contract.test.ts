/**
 * The host-adapter contract, run with the SAME cases against both adapters (DESIGN.md: "shared
 * contract suites run against every implementation"): the CEP adapter over the real cuebed.jsx in
 * the ExtendScript emulator, and the UXP adapter over the UXP DOM emulator. Each case also checks
 * that both adapters agree with each other, not just with the expectation.
 */
import { describe, expect, it } from 'vitest';
import type { HostErrorCode, HostSnapshot, PlaceScoreResult, PlaceStingersResult, ScoreKeysResult } from '../../../src/host/adapter';
import { dbToPremiereLevel, keyframeSourceTicks, planToPlaceRequest, planToStingerRequest } from '../../../src/host/levels';
import { TICKS_PER_SECOND, framesToTicks, samplesToTicks } from '../../../src/time';
import { buildTimeline, readSnapshot } from '../../../src/timeline';
import { fakePlan, scorePlanFixture } from '../plan';
import { CONTRACT_SEQUENCES, SUBJECTS, normaliseLinkIds, type Subject } from './subjects';

const S = TICKS_PER_SECOND;
const RATE = { num: 30, den: 1 };

async function both<T>(run: (s: Subject) => Promise<T>, make: (s: Subject) => void = () => {}): Promise<T[]> {
  const out: T[] = [];
  for (const [, factory] of SUBJECTS) {
    const s = factory();
    make(s);
    out.push(await run(s));
  }
  return out;
}

async function codeOf(p: Promise<unknown>): Promise<HostErrorCode | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code: HostErrorCode }).code;
  }
}

function scoreSetup(s: Subject, seqName = 'premiere_example.xml') {
  s.load(CONTRACT_SEQUENCES.find(([n]) => n === seqName)![1]());
  const plan = scorePlanFixture();
  const len = samplesToTicks(plan.sequence.durationSamples, 48000);
  s.addFile('/renders/score-1.wav', len);
  s.addFile('/renders/score-2.wav', len);
  s.addFile('/renders/short.wav', 8 * S);
  return { plan, req: planToPlaceRequest(plan, '/renders/score-1.wav', 'Cuebed – Test') };
}

/** A result without the host's own object ids. */
const portable = (r: PlaceScoreResult) => ({
  ...r,
  nodeId: r.nodeId ? 'id' : '',
  // ExtendScript has no Math.log10: its dB differ from the UXP side's in the 15th digit.
  previousKeyframes: r.previousKeyframes.map((k) => ({ ...k, gainDb: k.gainDb === null ? null : Math.round(k.gainDb * 1e9) / 1e9 })),
});

describe('snapshot: the same emulated sequence gives the same snapshot on both adapters', () => {
  it.each(CONTRACT_SEQUENCES)('%s', async (_name, load) => {
    const [cep, uxp] = await both((s) => s.adapter.snapshot(), (s) => s.load(load()));
    expect(normaliseLinkIds(uxp)).toEqual(normaliseLinkIds(cep));
    // …and both read into the timeline the FCP7 reader builds from the file itself.
    const expected = buildTimeline(load());
    for (const snap of [cep, uxp] as HostSnapshot[]) {
      const got = buildTimeline(readSnapshot(snap, 'snapshot'));
      expect(got.cuts).toEqual(expected.cuts);
      expect(got.dialogue).toEqual(expected.dialogue);
      expect(got.range).toEqual(expected.range);
    }
  });
});

/** scoreKeys without the host's rounding of dB (see `portable`). */
const portableKeys = (r: ScoreKeysResult) => ({
  clips: r.clips.map((c) => ({ ...c, keys: c.keys.map((k) => ({ ...k, gainDb: k.gainDb === null ? null : Math.round(k.gainDb * 1e9) / 1e9 })) })),
});

function scoreKeysOf(s: Subject, wavPath: string): Promise<ScoreKeysResult> {
  if (!s.adapter.scoreKeys) throw new Error(`${s.kind} adapter has no scoreKeys`);
  return s.adapter.scoreKeys({ wavPath });
}

describe.each(SUBJECTS)('contract on %s', (_kind, factory) => {
  it('placeScore: one clip at the start tick on a new "Cuebed" track, imported into the "Cuebed" bin, keys in source time', async () => {
    const s = factory();
    const { req, plan } = scoreSetup(s);
    const before = s.audioTrackNames().length;
    const r = await s.adapter.placeScore(req);
    expect(r).toMatchObject({ alreadyPlaced: false, imported: true, trackCreated: true, trackName: 'Cuebed', trackIndex: before + 1 });
    const clips = s.track('Cuebed')!;
    expect(clips.map((c) => [c.path, c.start, c.end, c.name])).toEqual([['/renders/score-1.wav', 2 * S, 12 * S, 'Cuebed – Test']]);
    expect(s.binPaths()).toEqual(['/renders/score-1.wav']);
    const expected = plan.ducking.map((k) => [keyframeSourceTicks(clips[0].inPoint, clips[0].start, 2 * S + samplesToTicks(k.sample, 48000)), dbToPremiereLevel(k.gainDb)]);
    expect(clips[0].keys).toEqual(expected);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    expect(r.keyframes.map((k) => k.value)).toEqual(expected.map((e) => e[1]));
  });

  it('placeScore twice changes nothing the second time', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    await s.adapter.placeScore(req);
    const state = [s.track('Cuebed'), s.binPaths(), s.audioTrackNames()];
    const again = await s.adapter.placeScore(req);
    expect(again).toMatchObject({ alreadyPlaced: true, imported: false, keyframes: [] });
    expect([s.track('Cuebed'), s.binPaths(), s.audioTrackNames()]).toEqual(state);
  });

  it('replaceScore: old clip off the track (item stays in the bin), old keys handed back, new keys written', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    const first = await s.adapter.placeScore(req);
    const r = await s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav', ducking: [{ ticks: String(3 * S), gainDb: -3 }] });
    expect(r.removed.map((x) => x.mediaPath)).toEqual(['/renders/score-1.wav']);
    expect(r.previousKeyframes.map((k) => k.ticks)).toEqual(first.keyframes.map((k) => k.ticks));
    expect(r.previousKeyframes[2].gainDb).toBeCloseTo(-12, 9);
    expect(s.track('Cuebed')!.map((c) => [c.path, c.start, c.keys])).toEqual([['/renders/score-2.wav', 2 * S, [[S, dbToPremiereLevel(-3)]]]]);
    expect(s.binPaths()).toEqual(['/renders/score-1.wav', '/renders/score-2.wav']);
  });

  it('replaceScore with a shorter render leaves exactly one clip', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    await s.adapter.placeScore(req);
    await s.adapter.replaceScore({ ...req, wavPath: '/renders/short.wav', durationTicks: String(8 * S) });
    expect(s.track('Cuebed')!.map((c) => [c.path, c.start, c.end])).toEqual([['/renders/short.wav', 2 * S, 10 * S]]);
  });

  it('scoreKeys after placeScore: the placed clip with its keys in sequence and source time, changing nothing', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    const placed = await s.adapter.placeScore(req);
    const state = [s.track('Cuebed'), s.binPaths(), s.audioTrackNames()];
    const r = await scoreKeysOf(s, '/renders/score-1.wav');
    expect([s.track('Cuebed'), s.binPaths(), s.audioTrackNames()]).toEqual(state);
    expect(r.clips).toHaveLength(1);
    expect(r.clips[0]).toMatchObject({ trackIndex: placed.trackIndex, trackName: 'Cuebed', clip: placed.clip });
    expect(r.clips[0].keys.map((k) => [k.ticks, k.sourceTicks, k.value])).toEqual(placed.keyframes.map((k) => [k.ticks, k.sourceTicks, k.value]));
    expect(r.clips[0].keys[2].gainDb).toBeCloseTo(-12, 9);
    expect(r.clips[0].keys.at(-1)!.gainDb).toBeNull();
    expect(await scoreKeysOf(s, '/renders/score-2.wav')).toEqual({ clips: [] });
    await expect(s.adapter.scoreKeys!({} as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('wavPath') });
  });

  it('replaceScore with editorKeys: written after the ducking (same tick: theirs wins), kept on the clip and flagged', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    await s.adapter.placeScore(req);
    const editorKeys = [
      { ticks: String(4 * S), gainDb: -20 },
      { ticks: String(9 * S), gainDb: null },
    ];
    const r = await s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav', ducking: [{ ticks: String(3 * S), gainDb: -3 }, { ticks: String(4 * S), gainDb: -6 }], editorKeys });
    expect(r.keyframes.map((k) => [k.ticks, k.editor === true])).toEqual([
      [String(3 * S), false],
      [String(4 * S), false],
      [String(4 * S), true],
      [String(9 * S), true],
    ]);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    expect(r.keyframes.filter((k) => k.editor).map((k) => k.value)).toEqual([dbToPremiereLevel(-20), 0]);
    expect(s.track('Cuebed')!.map((c) => [c.path, c.keys])).toEqual([
      ['/renders/score-2.wav', [[S, dbToPremiereLevel(-3)], [2 * S, dbToPremiereLevel(-20)], [7 * S, 0]]],
    ]);
    const read = await scoreKeysOf(s, '/renders/score-2.wav');
    expect(read.clips[0].keys.map((k) => [k.ticks, k.gainDb === null ? null : Math.round(k.gainDb * 1e6) / 1e6])).toEqual([
      [String(3 * S), -3],
      [String(4 * S), -20],
      [String(9 * S), null],
    ]);
    for (const bad of [{}, [{ ticks: 5, gainDb: 0 }], [{ ticks: '5', gainDb: 'loud' }], [null]]) {
      await expect(s.adapter.replaceScore({ ...req, editorKeys: bad as never })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('editorKeys') });
    }
  });

  it('placeStingers: each hit on its cut, on "Cuebed Stingers", idempotent', async () => {
    const s = factory();
    const seq = CONTRACT_SEQUENCES[0][1]();
    s.load(seq);
    const cutFrames = buildTimeline(seq).cuts.map((c) => c.frame);
    const plan = fakePlan({ rate: RATE, startTicks: 0, durationSeconds: 40, cutFrames, stingers: [{ cut: 1, prerollSeconds: 1.25, tailSeconds: 2 }, { cut: 3, prerollSeconds: 0, tailSeconds: 1.5 }] });
    const paths = ['/renders/st-0.wav', '/renders/st-1.wav'];
    plan.stingers.forEach((st, i) => s.addFile(paths[i], samplesToTicks(st.endSample - st.startSample, 48000)));
    const req = planToStingerRequest(plan, (i) => paths[i]);
    const r: PlaceStingersResult = await s.adapter.placeStingers(req);
    expect(r).toMatchObject({ trackName: 'Cuebed Stingers', trackCreated: true });
    plan.stingers.forEach((st, i) => expect(r.stingers[i].hitTicks).toBe(String(framesToTicks(cutFrames[st.cut], RATE))));
    expect(s.track('Cuebed Stingers')!.map((c) => c.name)).toEqual(req.stingers.map((x) => x.name));
    const state = s.track('Cuebed Stingers');
    const again = await s.adapter.placeStingers(req);
    expect(again.stingers.every((x) => x.alreadyPlaced)).toBe(true);
    expect(s.track('Cuebed Stingers')).toEqual(state);
  });

  it('placeStingers: a stinger that would overlap one placed earlier goes to "Cuebed Stingers 2"; later ones use the first track with room', async () => {
    const s = factory();
    s.load(CONTRACT_SEQUENCES[0][1]());
    for (const p of ['/renders/a.wav', '/renders/b.wav', '/renders/c.wav', '/renders/d.wav']) s.addFile(p, 3 * S);
    const one = (wavPath: string, startSec: number) => ({ stingers: [{ wavPath, name: wavPath.slice(9, 10), startTicks: String(startSec * S), hitTicks: String((startSec + 1) * S), endTicks: String((startSec + 3) * S) }] });
    const a = await s.adapter.placeStingers(one('/renders/a.wav', 10));
    const b = await s.adapter.placeStingers(one('/renders/b.wav', 12)); // its pre-roll starts inside a's tail
    const c = await s.adapter.placeStingers(one('/renders/c.wav', 20));
    expect([a, b, c].map((r) => [r.trackName, r.trackCreated])).toEqual([['Cuebed Stingers', true], ['Cuebed Stingers 2', true], ['Cuebed Stingers', false]]);
    expect(s.track('Cuebed Stingers')!.map((x) => [x.name, x.start, x.end])).toEqual([['a', 10 * S, 13 * S], ['c', 20 * S, 23 * S]]);
    expect(s.track('Cuebed Stingers 2')!.map((x) => [x.name, x.start, x.end])).toEqual([['b', 12 * S, 15 * S]]);
    // placing b again finds it where it is; a request without endTicks reserves hit + 10 s
    expect((await s.adapter.placeStingers(one('/renders/b.wav', 12))).stingers[0].alreadyPlaced).toBe(true);
    const d = await s.adapter.placeStingers({ stingers: [{ wavPath: '/renders/d.wav', name: 'd', startTicks: String(5 * S), hitTicks: String(6 * S) }] });
    expect(d.trackName).toBe('Cuebed Stingers 3');
    await expect(s.adapter.placeStingers({ stingers: [{ ...one('/renders/d.wav', 30).stingers[0], endTicks: String(30 * S) }] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('endTicks') });
  });

  it('errors: the same codes', async () => {
    const req = { wavPath: '/renders/score.wav', name: 'Score', startTicks: '0', durationTicks: String(10 * S), ducking: [] };
    const none = factory({ project: false });
    expect(await codeOf(none.adapter.snapshot())).toBe('NO_PROJECT');
    expect(await codeOf(none.adapter.placeScore(req))).toBe('NO_PROJECT');
    const noSeq = factory();
    expect(await codeOf(noSeq.adapter.snapshot())).toBe('NO_SEQUENCE');
    const empty = factory();
    empty.empty();
    expect(await codeOf(empty.adapter.snapshot())).toBe('EMPTY_SEQUENCE');
    const s = factory();
    scoreSetup(s);
    s.addFile('/renders/score.wav', 10 * S);
    expect(await codeOf(s.adapter.placeScore({ ...req, wavPath: '/renders/missing.wav' }))).toBe('IMPORT_FAILED');
    s.refuseImport('/renders/score.wav');
    expect(await codeOf(s.adapter.placeScore(req))).toBe('IMPORT_FAILED');
    for (const [bad, field] of [
      [{ ...req, startTicks: 12 }, 'startTicks'],
      [{ ...req, durationTicks: '0' }, 'durationTicks'],
      [{ ...req, ducking: [{ ticks: '0', gainDb: '-6' }] }, 'ducking[0].gainDb'],
    ] as const) {
      await expect(s.adapter.placeScore(bad as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(field) });
    }
    await expect(s.adapter.placeStingers({ stingers: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('TRACK_LOCKED: a locked Cuebed track is left as it was', async () => {
    const s = factory();
    const { req } = scoreSetup(s);
    await s.adapter.placeScore(req);
    s.lockTrack('Cuebed');
    const before = s.track('Cuebed');
    expect(await codeOf(s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' }))).toBe('TRACK_LOCKED');
    expect(s.track('Cuebed')).toEqual(before);
  });
});

describe('both adapters return the same results for the same calls', () => {
  it.each(CONTRACT_SEQUENCES)('place, replace, place again on %s', async (name) => {
    const [cep, uxp] = await both(async (s) => {
      const { req } = scoreSetup(s, name);
      const a = portable(await s.adapter.placeScore(req));
      const b = portable(await s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' }));
      const c = portable(await s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav' }));
      return { a, b, c, track: s.track('Cuebed'), tracks: s.audioTrackNames(), bin: s.binPaths() };
    });
    expect(uxp).toEqual(cep);
  });

  it.each(CONTRACT_SEQUENCES)('place, replace with editorKeys, scoreKeys on %s', async (name) => {
    const [cep, uxp] = await both(async (s) => {
      const { req } = scoreSetup(s, name);
      const a = portable(await s.adapter.placeScore(req));
      const k1 = portableKeys(await scoreKeysOf(s, '/renders/score-1.wav'));
      const editorKeys = [{ ticks: String(4 * S), gainDb: -20 }, { ticks: String(11 * S), gainDb: null }];
      const b = portable(await s.adapter.replaceScore({ ...req, wavPath: '/renders/score-2.wav', editorKeys }));
      const k2 = portableKeys(await scoreKeysOf(s, '/renders/score-2.wav'));
      return { a, k1, b, k2, track: s.track('Cuebed') };
    });
    expect(uxp).toEqual(cep);
  });
});
