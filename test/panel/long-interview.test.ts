/**
 * Issue 15 point 7: placing a long interview's score writes hundreds of Volume keys, which takes
 * Premiere longer than a fixed 30 s. The bridge's timeout grows with the keys, and when Premiere
 * finishes after the panel gave up waiting, the render is still recorded (renders.json), so
 * "Regenerate around edits" finds it.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceScoreRequest, PlaceScoreResult } from '../../src/host/adapter';
import { HostBridge, HostTimeoutError, type CSInterfaceLike } from '../../src/panel';
import { placeThenRecord } from '../../src/panel/place-record';

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
