import { describe, expect, it } from 'vitest';
import type { HostErrorCode } from '../../src/host/adapter';
import { hostCallScript } from '../../src/host/bridge';
import { TICKS_PER_SECOND } from '../../src/time';
import { Emulator } from './emulator';
import { call, fixtureSequence } from './helpers';

const S = TICKS_PER_SECOND;
const req = { wavPath: '/renders/score.wav', name: 'Score', startTicks: '0', durationTicks: String(10 * S), ducking: [] };

/** The raw text evalScript hands back must be an error envelope, never a thrown error. */
function expectError(emu: Emulator, fn: 'snapshot' | 'placeScore' | 'replaceScore' | 'placeStingers', arg: unknown, code: HostErrorCode): string {
  const text = emu.evalScript(hostCallScript(fn, arg));
  const env = JSON.parse(text) as { ok: boolean; error: { code: string; message: string } };
  expect(env.ok).toBe(false);
  expect(env.error.code).toBe(code);
  expect(typeof env.error.message).toBe('string');
  expect(env.error.message.length).toBeGreaterThan(0);
  return env.error.message;
}

function withSequence(): Emulator {
  const emu = new Emulator();
  emu.loadSequence(fixtureSequence('gain-12dB.xml'));
  emu.addFile('/renders/score.wav', 10 * S);
  return emu;
}

describe('errors come back as {ok:false,error:{code,message}} envelopes', () => {
  it('NO_PROJECT', () => {
    const emu = new Emulator({ project: false });
    for (const fn of ['snapshot', 'placeScore', 'replaceScore'] as const) expectError(emu, fn, fn === 'snapshot' ? {} : req, 'NO_PROJECT');
  });
  it('NO_SEQUENCE', () => {
    const emu = new Emulator();
    emu.addFile('/renders/score.wav', 10 * S);
    expectError(emu, 'snapshot', {}, 'NO_SEQUENCE');
    expectError(emu, 'placeScore', req, 'NO_SEQUENCE');
    expectError(emu, 'placeStingers', { stingers: [{ wavPath: '/renders/score.wav', name: 's', startTicks: '0', hitTicks: '0' }] }, 'NO_SEQUENCE');
  });
  it('EMPTY_SEQUENCE', () => {
    const emu = new Emulator();
    emu.emptySequence();
    expect(expectError(emu, 'snapshot', {}, 'EMPTY_SEQUENCE')).toContain('"Empty"');
  });
  it('IMPORT_FAILED: the file does not exist', () => {
    const emu = withSequence();
    expect(expectError(emu, 'placeScore', { ...req, wavPath: '/renders/missing.wav' }, 'IMPORT_FAILED')).toContain('/renders/missing.wav');
  });
  it('IMPORT_FAILED: importFiles said true but no item has the path afterwards', () => {
    const emu = withSequence();
    emu.project!.refuse.add('/renders/score.wav');
    expectError(emu, 'placeScore', req, 'IMPORT_FAILED');
    expect(emu.binNamed('Cuebed')!.all()).toEqual([]);
  });
  it('TRACK_LOCKED: the Cuebed track is locked; nothing is placed', () => {
    const emu = withSequence();
    expect(call(emu, 'placeScore', req).ok).toBe(true);
    const track = emu.audioTrackNamed('Cuebed')!;
    track.setLocked(1);
    emu.addFile('/renders/score-2.wav', 10 * S);
    expectError(emu, 'replaceScore', { ...req, wavPath: '/renders/score-2.wav' }, 'TRACK_LOCKED');
    expect(track.items.map((c) => c.projectItem!.getMediaPath())).toEqual(['/renders/score.wav']);
  });
  it.each([
    [{ ...req, startTicks: 12 }, 'startTicks'],
    [{ ...req, startTicks: '1.5' }, 'startTicks'],
    [{ ...req, wavPath: '' }, 'wavPath'],
    [{ ...req, durationTicks: '0' }, 'durationTicks'],
    [{ ...req, ducking: {} }, 'ducking'],
    [{ ...req, ducking: [{ ticks: '0', gainDb: '-6' }] }, 'ducking[0].gainDb'],
    [{ ...req, ducking: [{ ticks: '-5', gainDb: -6 }] }, 'ducking[0].ticks'],
  ])('BAD_REQUEST names the field (%#)', (arg, field) => {
    expect(expectError(withSequence(), 'placeScore', arg, 'BAD_REQUEST')).toContain(field);
  });
  it('BAD_REQUEST for stingers', () => {
    const emu = withSequence();
    expect(expectError(emu, 'placeStingers', { stingers: [] }, 'BAD_REQUEST')).toContain('stingers');
    expect(expectError(emu, 'placeStingers', { stingers: [{ wavPath: '/a.wav', name: 'a', startTicks: '10', hitTicks: '5' }] }, 'BAD_REQUEST')).toContain('stingers[0].hitTicks');
  });
  it('BAD_REQUEST for an argument that is not JSON', () => {
    const emu = withSequence();
    const env = JSON.parse(emu.evalScript('$.cuebed.placeScore("{not json")'));
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('BAD_REQUEST');
  });
  it('a DOM exception inside Premiere becomes INTERNAL, not "EvalScript error."', () => {
    const emu = withSequence();
    emu.sequence.getInPointAsTime = () => {
      throw new Error('boom');
    };
    expect(expectError(emu, 'snapshot', {}, 'INTERNAL')).toContain('boom');
  });
  it('the host never alerts', () => {
    const emu = withSequence();
    emu.context.alert = () => {
      throw new Error('alert called');
    };
    expectError(emu, 'placeScore', { ...req, wavPath: '/nope.wav' }, 'IMPORT_FAILED');
  });
});
