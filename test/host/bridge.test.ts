import { describe, expect, it } from 'vitest';
import { HostError, type PlaceScoreResult } from '../../src/host/adapter';
import { createCepAdapter, es3StringLiteral, hostCallScript, parseEnvelope } from '../../src/host/bridge';
import { TICKS_PER_SECOND } from '../../src/time';
import { readSnapshot } from '../../src/timeline';
import { Emulator } from './emulator';
import { es3Problems } from './es3';
import { call, data, fixtureSequence } from './helpers';

describe('bridge', () => {
  it('script text is ES3 even with quotes, backslashes and U+2028/2029 in the argument', () => {
    const script = hostCallScript('placeScore', { wavPath: 'C:\\Renders\\"odd"\u2028name\u2029.wav' });
    expect(script).not.toMatch(/[\u2028\u2029]/);
    expect(es3Problems(script, 'call')).toEqual([]);
    expect(es3StringLiteral('\u2028')).toBe('"\\u2028"');
  });
  it('odd paths survive the round trip into the host and back', () => {
    const emu = new Emulator();
    emu.loadSequence(fixtureSequence('gain-12dB.xml'));
    const odd = '/renders/"quoted" \\ back\u2028line\u2029 é 🎵.wav';
    emu.addFile(odd, 10 * TICKS_PER_SECOND);
    const r = data(call<PlaceScoreResult>(emu, 'placeScore', { wavPath: odd, name: 'Score', startTicks: '0', durationTicks: String(10 * TICKS_PER_SECOND), ducking: [] }));
    expect(emu.audioTrackNamed('Cuebed')!.items[0].projectItem!.getMediaPath()).toBe(odd);
    expect(r.removed).toEqual([]);
    const text = emu.evalScript(hostCallScript('snapshot'));
    expect(text).not.toMatch(/[\u2028\u2029]/); // the host's stringify escapes them
    expect(JSON.parse(text).data.audioTracks.some((t: { clips: Array<{ mediaPath: string }> }) => t.clips.some((c) => c.mediaPath === odd))).toBe(true);
  });
  it('non-envelope answers become BRIDGE errors', () => {
    expect(parseEnvelope('EvalScript error.', 'snapshot')).toMatchObject({ ok: false, error: { code: 'BRIDGE' } });
    expect(parseEnvelope('undefined', 'snapshot')).toMatchObject({ ok: false, error: { code: 'BRIDGE' } });
    expect(parseEnvelope('[object Object]', 'snapshot')).toMatchObject({ ok: false, error: { code: 'BRIDGE' } });
    expect(parseEnvelope(undefined, 'snapshot')).toMatchObject({ ok: false, error: { code: 'BRIDGE' } });
    expect(parseEnvelope('{"ok":false,"error":{"code":"WEIRD","message":"m"}}', 'x')).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'm' } });
  });
  it('createCepAdapter over the emulator: snapshot resolves, errors reject with HostError', async () => {
    const emu = new Emulator();
    const adapter = createCepAdapter(emu.evalScriptAsync);
    await expect(adapter.snapshot()).rejects.toMatchObject({ name: 'HostError', code: 'NO_SEQUENCE' });
    await expect(adapter.snapshot()).rejects.toBeInstanceOf(HostError);
    emu.loadSequence(fixtureSequence('premiere_generators.xml'));
    const snap = await adapter.snapshot();
    expect(readSnapshot(snap, 'panel').frameRate).toEqual({ num: 24000, den: 1001 });
    expect(snap.videoTracks[0].clips.find((c) => c.name === 'Blue Matte')!.kind).toBe('generator');
  });
  it('$.cuebed.ping answers with the version', () => {
    const emu = new Emulator();
    expect(data(call<{ version: string }>(emu, 'ping'))).toEqual({ version: '0.1.0' });
  });
});
