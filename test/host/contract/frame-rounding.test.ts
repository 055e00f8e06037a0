/**
 * Issue 15 point 3: a stinger's file starts at hit − pre-roll, counted in samples, so usually
 * between two frames. Premiere may put a clip on a frame boundary; the hosts then find the placed
 * clip by its media and a frame's tolerance instead of failing (PLACE_FAILED) with the first
 * stinger already on the track. Both emulators can round placements to frames as Premiere may.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceStingersResult } from '../../../src/host/adapter';
import { planToStingerRequest } from '../../../src/host/levels';
import { framesToTicks, samplesToTicks, ticksPerFrame } from '../../../src/time';
import { buildTimeline } from '../../../src/timeline';
import { fakePlan } from '../plan';
import { CONTRACT_SEQUENCES, SUBJECTS } from './subjects';

const RATE = { num: 30, den: 1 };

describe.each(SUBJECTS)('a Premiere that puts clips on frames, on %s', (_kind, factory) => {
  it('places stingers whose start falls between frames, reports where the hits landed, and is idempotent', async () => {
    const s = factory({ snapToFrames: true });
    const seq = CONTRACT_SEQUENCES[0][1]();
    s.load(seq);
    const cutFrames = buildTimeline(seq).cuts.map((c) => c.frame);
    const plan = fakePlan({ rate: RATE, startTicks: 0, durationSeconds: 40, cutFrames, stingers: [{ cut: 1, prerollSeconds: 1.25, tailSeconds: 2 }, { cut: 3, prerollSeconds: 0.41, tailSeconds: 1.5 }] });
    const paths = ['/renders/st-0.wav', '/renders/st-1.wav'];
    plan.stingers.forEach((st, i) => s.addFile(paths[i], samplesToTicks(st.endSample - st.startSample, 48000)));
    const req = planToStingerRequest(plan, (i) => paths[i]);
    const tpf = ticksPerFrame(seq.frameRate);
    expect(req.stingers.some((x) => Number(x.startTicks) % tpf !== 0)).toBe(true);
    const r: PlaceStingersResult = await s.adapter.placeStingers(req);
    const clips = s.track('Cuebed Stingers')!;
    expect(clips.map((c) => c.path)).toEqual(paths);
    for (const c of clips) expect(c.start % tpf).toBe(0);
    // Each reported hit is where the clip's transient now is: within a frame of its cut.
    plan.stingers.forEach((st, i) => {
      const cut = framesToTicks(cutFrames[st.cut], RATE);
      expect(Math.abs(Number(r.stingers[i].hitTicks) - cut)).toBeLessThanOrEqual(tpf);
      expect(Number(r.stingers[i].hitTicks)).toBe(clips[i].start + (Number(req.stingers[i].hitTicks) - Number(req.stingers[i].startTicks)));
    });
    const again = await s.adapter.placeStingers(req);
    expect(again.stingers.every((x) => x.alreadyPlaced)).toBe(true);
    expect(s.track('Cuebed Stingers')).toEqual(clips);
  });
});
