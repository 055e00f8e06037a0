/**
 * The panel's host bridge over a CSInterface stand-in whose evalScript runs the real host script in
 * the Premiere emulator; and the worker render client over a scripted fake worker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../src/host/adapter';
import { HostBridge, HostTimeoutError, RenderError, WorkerRenderService, type CSInterfaceLike, type RenderJob, type WorkerLike, type WorkerMessage, type WorkerRequest } from '../../src/panel';
import { readFcp7Xml } from '../../src/timeline';
import { Emulator } from '../host/emulator';
import { ROOT } from '../paths';

const DEMO = path.join(ROOT, 'demo', 'demo-sequence.xml');

function standIn(evalScript: (script: string, cb: (r: string) => void) => void): CSInterfaceLike & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    scripts,
    evalScript(script, cb) {
      scripts.push(script);
      evalScript(script, cb);
    },
    getHostEnvironment: () => ({}),
    addEventListener: () => {},
    getSystemPath: () => '/home/u/Documents',
  };
}

function emulated(): { emu: Emulator; cs: ReturnType<typeof standIn> } {
  const emu = new Emulator();
  emu.loadSequence(readFcp7Xml(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml'));
  return { emu, cs: standIn((s, cb) => emu.evalScriptAsync(s, (r) => cb(String(r)))) };
}

describe('HostBridge', () => {
  it('reads the active sequence through the real host script', async () => {
    const { cs } = emulated();
    const snap = await new HostBridge(cs).snapshot();
    expect(snap.schema).toBe('cuebed.snapshot/1');
    expect(snap.sequence.frameRate).toEqual({ num: 24000, den: 1001 });
    expect(cs.scripts[0]).toMatch(/^\$\.cuebed\.snapshot\("/);
  });

  it('splices arguments in as JSON literals with U+2028/U+2029 escaped, and they arrive intact', async () => {
    const { emu, cs } = emulated();
    const wav = '/renders/line\u2028sep\u2029"quoted".wav';
    emu.addFile(wav, 254016000000 * 2);
    const placed = await new HostBridge(cs).placeScore({ wavPath: wav, name: 'Cuebed \u2028 "x"', startTicks: '0', durationTicks: String(254016000000 * 2), ducking: [{ ticks: '0', gainDb: -6 }] });
    const script = cs.scripts[cs.scripts.length - 1];
    expect(script).not.toMatch(/[\u2028\u2029]/);
    expect(script).toContain('\\u2028');
    expect(placed.trackName).toBe('Cuebed');
    expect(emu.audioTrackNamed('Cuebed')!.items[0].projectItem?.getMediaPath()).toBe(wav);
  });

  it('surfaces host errors with their code', async () => {
    const { emu, cs } = emulated();
    emu.project!.activeSequence = null;
    const err = await new HostBridge(cs).snapshot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('NO_SEQUENCE');
    emu.emptySequence();
    await expect(new HostBridge(cs).snapshot()).rejects.toMatchObject({ code: 'EMPTY_SEQUENCE' });
  });

  it('turns "EvalScript error." and silence into BRIDGE errors, and times out', async () => {
    await expect(new HostBridge(standIn((_s, cb) => cb('EvalScript error.'))).snapshot()).rejects.toMatchObject({ code: 'BRIDGE', message: expect.stringMatching(/EvalScript error/) });
    await expect(new HostBridge(standIn((_s, cb) => cb('undefined'))).snapshot()).rejects.toMatchObject({ code: 'BRIDGE' });
    const never = new HostBridge(standIn(() => {}), { timeoutMs: 30 });
    const err = await never.snapshot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostTimeoutError);
    expect((err as HostTimeoutError).message).toMatch(/snapshot took longer/);
    await expect(new HostBridge(standIn(() => { throw new Error('no engine'); })).snapshot()).rejects.toMatchObject({ code: 'BRIDGE', message: expect.stringMatching(/no engine/) });
  });

  it('reads the project path, or "" when unsaved', async () => {
    const { emu, cs } = emulated();
    const bridge = new HostBridge(cs);
    expect(await bridge.projectPath()).toBe('');
    (emu.project as unknown as { path: string }).path = '/films/Launch "film".prproj';
    expect(await bridge.projectPath()).toBe('/films/Launch "film".prproj');
    expect(await bridge.ping()).toEqual({ version: expect.any(String) });
  });
});

/** A worker that answers from a script of messages. */
class FakeWorker implements WorkerLike {
  private listeners: Record<string, Array<(x: never) => void>> = {};
  terminated = false;
  posted: WorkerRequest[] = [];
  constructor(private readonly reply: (req: WorkerRequest, w: FakeWorker) => void) {}
  postMessage(m: WorkerRequest) {
    this.posted.push(m);
    setTimeout(() => this.reply(m, this), 0);
  }
  on(event: string, l: (x: never) => void) {
    (this.listeners[event] = this.listeners[event] ?? []).push(l);
    return this;
  }
  emit(event: 'message' | 'error' | 'exit', value: unknown) {
    for (const l of this.listeners[event] ?? []) (l as (x: unknown) => void)(value);
  }
  terminate() {
    this.terminated = true;
  }
}

const job = { kind: 'score' } as unknown as RenderJob;

describe('WorkerRenderService', () => {
  it('relays progress and the outcome, then ends the worker', async () => {
    let w!: FakeWorker;
    const svc = new WorkerRenderService(() => (w = new FakeWorker((req, me) => {
      me.emit('message', { type: 'progress', id: req.id, progress: { stage: 'rendering', fraction: 0.5 } } satisfies WorkerMessage);
      me.emit('message', { type: 'done', id: req.id, outcome: { folder: '/x' } } as unknown as WorkerMessage);
    })));
    const seen: number[] = [];
    const out = await svc.render(job, (p) => seen.push(p.fraction));
    expect(out.folder).toBe('/x');
    expect(seen).toEqual([0.5]);
    expect(w.terminated).toBe(true);
  });

  it('passes failures through with their code, and reports a crashed worker', async () => {
    const failing = new WorkerRenderService(() => new FakeWorker((req, me) => me.emit('message', { type: 'failed', id: req.id, failure: { code: 'DISK', message: 'the disk is full' } })));
    await expect(failing.render(job, () => {})).rejects.toMatchObject({ code: 'DISK', message: 'the disk is full' });
    const crashing = new WorkerRenderService(() => new FakeWorker((_req, me) => me.emit('exit', 1)));
    await expect(crashing.render(job, () => {})).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/stopped unexpectedly/) });
  });

  it('cancels a running render by terminating its worker; one render at a time', async () => {
    let w!: FakeWorker;
    const svc = new WorkerRenderService(() => (w = new FakeWorker(() => {})));
    const running = svc.render(job, () => {});
    await expect(svc.render(job, () => {})).rejects.toBeInstanceOf(RenderError);
    svc.cancel();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(w.terminated).toBe(true);
    // Free again afterwards.
    const next = svc.render(job, () => {});
    svc.cancel();
    await expect(next).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
