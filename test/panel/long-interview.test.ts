/**
 * Issue 15 point 7: placing a long interview's score writes hundreds of Volume keys, which takes
 * Premiere longer than a fixed 30 s. The bridge's timeout grows with the keys, and when Premiere
 * finishes after the panel gave up waiting, the render is still recorded (renders.json), so
 * "Regenerate around edits" finds it.
 */
import { describe, expect, it, vi } from 'vitest';
import { HostError, type PlaceScoreRequest, type PlaceScoreResult } from '../../src/host/adapter';
import { planToPlaceRequest } from '../../src/host/levels';
import { HostBridge, HostTimeoutError, type CSInterfaceLike } from '../../src/panel';
import { replaceScoreInBatches } from '../../src/panel/place-batches';
import { placeThenRecord } from '../../src/panel/place-record';
import { TICKS_PER_SECOND as S, samplesToTicks } from '../../src/time';
import { Emulator } from '../host/emulator';
import { fixtureSequence } from '../host/helpers';
import { fakePlan } from '../host/plan';

const RESULT: PlaceScoreResult = {
  alreadyPlaced: false, imported: true, trackIndex: 3, trackName: 'Cuebed', trackCreated: true, nodeId: '1',
  clip: { start: '0', end: '1', inPoint: '0', outPoint: '1', name: 'x' }, keyframes: [], removed: [], previousKeyframes: [],
};

/** A Premiere that answers every call after `ms`. */
function slowHost(ms: number): CSInterfaceLike {
  return {
    evalScript: (_script, cb) => void setTimeout(() => cb(JSON.stringify({ ok: true, data: RESULT })), ms),
    getHostEnvironment: () => ({}),
    addEventListener: () => {},
    getSystemPath: () => '/home/u/Documents',
  };
}

const request = (keys: number): PlaceScoreRequest => ({
  wavPath: '/r/score.wav', name: 'Cuebed', startTicks: '0', durationTicks: '254016000000',
  ducking: Array.from({ length: keys }, (_, i) => ({ ticks: String(i), gainDb: -12 })),
});

describe('placing a long interview', () => {
  it('the timeout grows with the number of Volume keys', async () => {
    // base 40 ms, 1 ms per key: 400 keys may take 440 ms; the host answers after 150 ms.
    const bridge = new HostBridge(slowHost(150), { timeoutMs: 40, perKeyMs: 1 });
    await expect(bridge.replaceScore(request(400))).resolves.toMatchObject({ trackName: 'Cuebed' });
    // A few keys keep the short timeout.
    await expect(bridge.replaceScore(request(2))).rejects.toBeInstanceOf(HostTimeoutError);
  });

  it('a timed-out call still delivers Premiere\'s late answer', async () => {
    const bridge = new HostBridge(slowHost(120), { timeoutMs: 20, perKeyMs: 0 });
    const err = (await bridge.replaceScore(request(1)).catch((e: unknown) => e)) as HostTimeoutError;
    expect(err).toBeInstanceOf(HostTimeoutError);
    await expect(err.late).resolves.toMatchObject({ trackName: 'Cuebed' });
  });

  it('a late finish still records the render; a refusal records nothing', async () => {
    const recorded: string[] = [];
    const late: string[] = [];
    const bridge = new HostBridge(slowHost(120), { timeoutMs: 20, perKeyMs: 0 });
    const err = await placeThenRecord(() => bridge.replaceScore(request(1)), async (r) => void recorded.push(r.trackName), (outcome) => late.push(outcome instanceof Error ? 'failed' : 'placed')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostTimeoutError);
    expect(recorded).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
    expect(recorded).toEqual(['Cuebed']);
    expect(late).toEqual(['placed']);

    const refusing: CSInterfaceLike = { ...slowHost(0), evalScript: (_s, cb) => void setTimeout(() => cb(JSON.stringify({ ok: false, error: { code: 'TRACK_LOCKED', message: 'locked' } })), 100) };
    const recorded2: string[] = [];
    const late2: unknown[] = [];
    await placeThenRecord(() => new HostBridge(refusing, { timeoutMs: 20 }).replaceScore(request(1)), async (r) => void recorded2.push(r.trackName), (o) => late2.push(o)).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    expect(recorded2).toEqual([]);
    expect(late2).toHaveLength(1);
    expect((late2[0] as { code: string }).code).toBe('TRACK_LOCKED');
  });

  it('an answer in time records once, before returning', async () => {
    const recorded: string[] = [];
    const r = await placeThenRecord(() => new HostBridge(slowHost(5)).replaceScore(request(3)), async (x) => void recorded.push(x.trackName), () => {});
    expect(r.trackName).toBe('Cuebed');
    expect(recorded).toEqual(['Cuebed']);
  });
});

/**
 * The whole path on the host emulator: the real cuebed.jsx answers through a CSInterface whose
 * replies come late for chosen calls (Premiere busy), the real HostBridge waits with its timeouts.
 */
describe('a 600-key interview through the bridge, with Premiere answering late', () => {
  /** Calls numbered in `lateCalls` are answered only on release(), after the bridge gave up (1 s). */
  function premiere(lateCalls: number[]) {
    const emu = new Emulator();
    emu.loadSequence(fixtureSequence('premiere_example.xml'));
    const ducking = Array.from({ length: 600 }, (_, i) => ({ seconds: i * 0.015, gainDb: i % 2 ? -12 : 0 }));
    const plan = fakePlan({ rate: { num: 30, den: 1 }, startTicks: 2 * S, durationSeconds: 10, ducking });
    emu.addFile('/renders/score-1.wav', samplesToTicks(plan.sequence.durationSamples, 48000));
    let n = 0;
    const held: Array<() => void> = [];
    const cs: CSInterfaceLike = {
      evalScript: (script, cb) => {
        const answer = emu.evalScript(script);
        if (lateCalls.includes(n++)) held.push(() => cb(answer));
        else setTimeout(() => cb(answer), 0);
      },
      getHostEnvironment: () => ({}),
      addEventListener: () => {},
      getSystemPath: () => '/home/u/Documents',
    };
    const release = () => held.splice(0).forEach((answer) => answer());
    return { emu, req: planToPlaceRequest(plan, '/renders/score-1.wav'), bridge: new HostBridge(cs, { timeoutMs: 1000, perKeyMs: 0 }), release };
  }

  it('a keys call answered late: the render is already recorded, the rest follows, and the late finish reports all 600 keys', async () => {
    const { emu, req, bridge, release } = premiere([2]);
    const recorded: string[] = [];
    let late: PlaceScoreResult | HostError | null = null;
    const err = await replaceScoreInBatches(bridge, req, { record: async (p) => void recorded.push(p.trackName), onLate: (o) => (late = o) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostTimeoutError);
    expect((err as HostTimeoutError).fn).toBe('addScoreKeys');
    // Recorded when the clip was placed, before the timeout: Regenerate can use it already.
    expect(recorded).toEqual(['Cuebed']);
    expect(late).toBeNull();
    release();
    await vi.waitFor(() => expect(late).not.toBeNull(), { timeout: 3000, interval: 20 });
    expect(late).not.toBeInstanceOf(HostError);
    const done = late as unknown as PlaceScoreResult;
    expect(done.keyframes).toHaveLength(600);
    expect(done.keyframes.every((k) => k.verified)).toBe(true);
    expect(emu.audioTrackNamed('Cuebed')!.items[0].levelParam().keys.size).toBe(600);
    expect(emu.scripts.map((s) => s.fn)).toEqual(['replaceScore', ...Array<string>(5).fill('addScoreKeys')]);
    expect(recorded).toHaveLength(1);
  });

  it('the placement answered late: recorded when it comes, then the remaining keys are written', async () => {
    const { emu, req, bridge, release } = premiere([0]);
    const recorded: string[] = [];
    let late: PlaceScoreResult | HostError | null = null;
    const err = await replaceScoreInBatches(bridge, req, { record: async (p) => void recorded.push(p.trackName), onLate: (o) => (late = o) }).catch((e: unknown) => e);
    expect((err as HostTimeoutError).fn).toBe('replaceScore');
    expect(recorded).toEqual([]);
    // Only the placement has run: no batch goes before Premiere has placed the clip.
    expect(emu.scripts.map((s) => s.fn)).toEqual(['replaceScore']);
    release();
    await vi.waitFor(() => expect(late).not.toBeNull(), { timeout: 3000, interval: 20 });
    expect(recorded).toEqual(['Cuebed']);
    expect((late as unknown as PlaceScoreResult).keyframes).toHaveLength(600);
    expect(emu.audioTrackNamed('Cuebed')!.items[0].levelParam().keys.size).toBe(600);
  });
});
