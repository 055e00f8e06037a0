/**
 * Issue 15 point 7 on both hosts: a long interview's Volume keys go in bounded calls (the placement
 * carries the first batch, addScoreKeys the rest) and land exactly as one call would put them.
 */
import { describe, expect, it } from 'vitest';
import { planToPlaceRequest } from '../../../src/host/levels';
import { replaceScoreInBatches } from '../../../src/panel/place-batches';
import { TICKS_PER_SECOND, samplesToTicks } from '../../../src/time';
import { fakePlan } from '../plan';
import { CONTRACT_SEQUENCES, SUBJECTS, uxpSubject } from './subjects';

const S = TICKS_PER_SECOND;

function setup<T extends ReturnType<(typeof SUBJECTS)[number][1]>>(factory: () => T, keys: number) {
  const s = factory();
  s.load(CONTRACT_SEQUENCES[0][1]());
  const ducking = Array.from({ length: keys }, (_, i) => ({ seconds: i * 0.04, gainDb: i % 3 ? -12 : -60 }));
  const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 20, ducking });
  s.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
  return { s, req: planToPlaceRequest(plan, '/renders/score-1.wav', 'Cuebed – Test') };
}

describe('Volume keys in bounded calls, on both hosts', () => {
  it.each(SUBJECTS)('%s: 250 keys in calls of 100 give the clip the keys one call gives', async (_kind, factory) => {
    const batched = setup(factory, 250);
    const seen: string[] = [];
    const host = batched.s.adapter;
    const counting = {
      replaceScore: (r: Parameters<typeof host.replaceScore>[0]) => (seen.push(`replace:${r.ducking.length}:${r.moreKeys === true}`), host.replaceScore(r)),
      addScoreKeys: (r: Parameters<NonNullable<typeof host.addScoreKeys>>[0]) => (seen.push(`add:${r.ducking.length}:${r.moreKeys === true}`), host.addScoreKeys!(r)),
    };
    const r = await replaceScoreInBatches(counting, batched.req, { record: async () => {}, onLate: () => {} });
    expect(seen).toEqual(['replace:100:true', 'add:100:true', 'add:50:false']);
    expect(r.keyframes).toHaveLength(250);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);

    const whole = setup(factory, 250);
    const one = await whole.s.adapter.replaceScore(whole.req);
    expect(r.keyframes).toEqual(one.keyframes);
    expect(batched.s.track('Cuebed')).toEqual(whole.s.track('Cuebed'));
    expect(batched.s.track('Cuebed')![0].keys).toHaveLength(250);
  });

  it('UXP: each further 100 keys is one "Cuebed: score volume" undo step of its own', async () => {
    const { s, req } = setup(uxpSubject, 250);
    await replaceScoreInBatches(s.adapter, req, { record: async () => {}, onLate: () => {} });
    const steps = s.emu.transactions.filter((t) => t.ok).map((t) => [t.label, t.actions.filter((a) => /keyframe/i.test(a)).length]);
    expect(steps.filter(([label]) => label === 'Cuebed: score volume').map(([, keys]) => keys)).toEqual([100, 100, 50]);
    expect(steps.filter(([label]) => label === 'Cuebed: score volume on')).toHaveLength(1);
  });

  it.each(SUBJECTS)('%s: addScoreKeys without the placed score is KEYFRAMES_FAILED, a bad request BAD_REQUEST', async (_kind, factory) => {
    const { s, req } = setup(factory, 4);
    await expect(s.adapter.addScoreKeys!({ wavPath: req.wavPath, startTicks: req.startTicks, ducking: req.ducking })).rejects.toMatchObject({ code: 'KEYFRAMES_FAILED' });
    await s.adapter.replaceScore({ ...req, ducking: [] });
    await expect(s.adapter.addScoreKeys!({ wavPath: req.wavPath, startTicks: 'x', ducking: req.ducking })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const r = await s.adapter.addScoreKeys!({ wavPath: req.wavPath, startTicks: req.startTicks, ducking: req.ducking });
    expect(r.keyframes.map((k) => k.verified)).toEqual([true, true, true, true]);
  });
});
