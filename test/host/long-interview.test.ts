/**
 * Issue 15 point 7: speech-gated ducking on a long interview is hundreds of Volume keys. Premiere
 * redraws on every key written with updateUI set; the host asks for one redraw, on the last key.
 * And no single evalScript writes them all: each key is three DOM calls (add, set, read back), so
 * the keys go in host calls of at most KEYS_PER_CALL (src/panel/place-batches.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PlaceScoreResult } from '../../src/host/adapter';
import { createCepAdapter } from '../../src/host/bridge';
import { planToPlaceRequest } from '../../src/host/levels';
import { KEYS_PER_CALL, keyBatches, replaceScoreInBatches } from '../../src/panel/place-batches';
import { TICKS_PER_SECOND, samplesToTicks } from '../../src/time';
import { Emulator } from './emulator';
import { call, data, fixtureSequence } from './helpers';
import { fakePlan } from './plan';

const S = TICKS_PER_SECOND;

function interview(keys: number) {
  const emu = new Emulator();
  emu.loadSequence(fixtureSequence('premiere_example.xml'));
  const ducking = Array.from({ length: keys }, (_, i) => ({ seconds: i * 0.015, gainDb: i % 2 ? -12 : 0 }));
  const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking });
  emu.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
  return { emu, req: planToPlaceRequest(plan, '/renders/score-1.wav') };
}

describe('a long interview', () => {
  it('one call with 600 keys: one redraw, every key verified', () => {
    const { emu, req } = interview(600);
    const r = data(call<PlaceScoreResult>(emu, 'replaceScore', req));
    expect(r.keyframes).toHaveLength(600);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    const level = emu.audioTrackNamed('Cuebed')!.items[0].levelParam();
    expect(level.keys.size).toBe(600);
    expect(level.redraws).toBe(1);
    // What the batching below avoids: one evalScript making 3 × 600 DOM calls.
    expect(emu.scripts.at(-1)).toEqual({ fn: 'replaceScore', keyCalls: 1800 });
  });

  it('the panel places 600 keys in 6 host calls of at most 100 keys (300 key calls) each, one redraw', async () => {
    const { emu, req } = interview(600);
    const recorded: string[] = [];
    const progress: number[] = [];
    const r = await replaceScoreInBatches(createCepAdapter(emu.evalScriptAsync), req, {
      record: async (p) => void recorded.push(p.clip.name),
      onLate: () => expect.unreachable('nothing is late'),
      onProgress: (n, total) => progress.push(n / total),
    });
    expect(KEYS_PER_CALL).toBe(100);
    expect(emu.scripts.map((s) => s.fn)).toEqual(['replaceScore', ...Array<string>(5).fill('addScoreKeys')]);
    expect(Math.max(...emu.scripts.map((s) => s.keyCalls))).toBe(3 * KEYS_PER_CALL);
    expect(r.keyframes).toHaveLength(600);
    expect(r.keyframes.every((k) => k.verified)).toBe(true);
    expect(r.keyframes.map((k) => k.ticks)).toEqual(req.ducking.map((k) => k.ticks));
    const level = emu.audioTrackNamed('Cuebed')!.items[0].levelParam();
    expect(level.keys.size).toBe(600);
    expect(level.redraws).toBe(1);
    expect(recorded).toHaveLength(1);
    expect(progress.at(-1)).toBe(1);
  });

  it('a short ducking stays one call; the editor\'s carried keys follow the ducking across batches and win at the same tick', async () => {
    const { emu, req } = interview(30);
    await replaceScoreInBatches(createCepAdapter(emu.evalScriptAsync), req, { record: async () => {}, onLate: () => {} });
    expect(emu.scripts.map((s) => s.fn)).toEqual(['replaceScore']);

    const batches = keyBatches({ ducking: req.ducking, editorKeys: [{ ticks: req.ducking[5].ticks, gainDb: -3 }] }, 10);
    expect(batches.map((b) => [b.ducking.length, b.editorKeys.length])).toEqual([[10, 0], [10, 0], [10, 0], [0, 1]]);
    const again = interview(30);
    const editorKeys = [{ ticks: again.req.ducking[5].ticks, gainDb: -3 }];
    const r = await replaceScoreInBatches(createCepAdapter(again.emu.evalScriptAsync), { ...again.req, editorKeys }, { record: async () => {}, onLate: () => {}, keysPerCall: 10 });
    expect(again.emu.scripts.map((s) => s.fn)).toEqual(['replaceScore', 'addScoreKeys', 'addScoreKeys', 'addScoreKeys']);
    expect(r.keyframes.filter((k) => k.editor)).toHaveLength(1);
    const level = again.emu.audioTrackNamed('Cuebed')!.items[0].levelParam();
    expect(level.keys.size).toBe(30);
    const at = Number(r.keyframes.find((k) => k.editor)!.sourceTicks);
    expect(level.keys.get(at)).toBeCloseTo(10 ** ((-3 - 15) / 20), 9);
  });

  it('addScoreKeys refuses when the score is no longer where it was placed', () => {
    const { emu, req } = interview(3);
    data(call<PlaceScoreResult>(emu, 'replaceScore', { ...req, ducking: [] }));
    const env = call(emu, 'addScoreKeys', { wavPath: req.wavPath, startTicks: String(Number(req.startTicks) + 10 * S), ducking: req.ducking });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error).toMatchObject({ code: 'KEYFRAMES_FAILED', message: expect.stringContaining('no longer at tick') });
  });
});
