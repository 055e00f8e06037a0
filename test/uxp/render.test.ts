/**
 * The UXP panel renders in-process over UXP's fs (src/io/uxp-output.ts, driven by
 * src/panel/inprocess-service.ts): the same files, byte for byte, as the CEP panel's Node worker
 * writes for the same job; a full disk or a refused rename leaves nothing behind; a cancel commits
 * nothing; renders.json round-trips; Premiere's transcripts become the dialogue the bed ducks under.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/host/adapter';
import { nodeJobOutput } from '../../src/io/job-output';
import { uxpJobOutput, uxpRenderStore } from '../../src/io/uxp-output';
import { DEFAULT_SETTINGS, RenderError, type RenderJob, type RenderJobBase } from '../../src/panel';
import { InProcessRenderService } from '../../src/panel/inprocess-service';
import { runRenderJob } from '../../src/panel/job';
import { ticksPerFrame } from '../../src/time';
import type { SourceSequence } from '../../src/timeline';
import { Emulator } from '../host/emulator';
import { call, data } from '../host/helpers';
import { tree, uxpFs } from './uxp-fs';

const rate = { num: 25, den: 1 };
const tpf = ticksPerFrame(rate);
const S = 25 * tpf;

/** 16 s, a cut every 2 s, an interview clip from 3 s to 9 s (source in at 10 s). */
function sequence(): SourceSequence {
  const clips = [];
  for (let s = 0; s < 16; s += 2) clips.push({ name: `shot ${s}`, start: s * S, end: (s + 2) * S, inPoint: 0, outPoint: 2 * S, mediaPath: `/m/${s % 3}.mov`, enabled: true, coverage: 'opaque' as const });
  return {
    source: 'test', name: 'UXP render', id: 'seq-uxp', frameRate: rate, audioSampleRate: 48000, playhead: 0,
    tracks: [
      { kind: 'video', index: 1, name: 'V1', enabled: true, clips },
      { kind: 'audio', index: 1, name: 'Dialogue', enabled: true, clips: [{ name: 'interview', start: 3 * S, end: 9 * S, inPoint: 10 * S, outPoint: 16 * S, mediaPath: '/m/interview.wav', enabled: true }] },
    ],
    markers: [], warnings: [],
  };
}

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-uxp-render-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function snapshot(): HostSnapshot {
  const emu = new Emulator();
  emu.loadSequence(sequence());
  return data(call<HostSnapshot>(emu, 'snapshot'));
}

function scoreJob(projectDir: string, over: Partial<RenderJobBase> = {}): RenderJob {
  return { kind: 'score', snapshot: snapshot(), settings: { ...DEFAULT_SETTINGS, stems: true }, projectPath: path.join(projectDir, 'Film.prproj'), documentsPath: path.join(projectDir, 'docs'), ...over };
}

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('in-process render over UXP fs', () => {
  it.each([
    ['the first pass kept in memory', undefined],
    ['the first pass rendered again (too long to keep)', 0],
  ])('writes the same files, byte for byte, as the Node worker does (score with stems; %s)', async (_what, memorySpillBytes) => {
    const a = tmp();
    const b = tmp();
    const ufs = uxpFs();
    const viaNode = await runRenderJob(scoreJob(a), nodeJobOutput);
    const viaUxp = await runRenderJob(scoreJob(b), uxpJobOutput(ufs, { memorySpillBytes }));
    const rel = (o: { files: string[]; folder: string }) => o.files.map((f) => path.relative(o.folder, f)).sort();
    expect(rel(viaUxp)).toEqual(rel(viaNode));
    expect(rel(viaUxp)).toEqual(expect.arrayContaining(['score.wav', 'plan.json', 'render.json', 'snapshot.json', path.join('stems', 'pads.wav')]));
    for (const f of rel(viaNode)) {
      if (f === 'snapshot.json') continue;
      expect(digest(path.join(viaUxp.folder, f)), f).toBe(digest(path.join(viaNode.folder, f)));
    }
    // committed, with no hidden temporaries left
    expect(tree(path.join(b, 'Cuebed')).filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
    expect(viaUxp.integratedLufs).toBe(viaNode.integratedLufs);
    // UXP's fs was used the UXP way: no sync rename or mkdir exists there
    expect(new Set(ufs.calls)).toEqual(new Set(['lstatSync', 'readdirSync', 'mkdir', 'writeFileSync', 'rename']));
  });

  it('a full disk part-way through the WAV leaves nothing behind and says it is a disk problem', async () => {
    const dir = tmp();
    const ufs = uxpFs({ diskBytes: 600_000 });
    const err = await runRenderJob(scoreJob(dir), uxpJobOutput(ufs)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).code).toBe('DISK');
    expect((err as RenderError).message).toMatch(/^Could not save the render: the disk is full\..*try again\.$/);
    expect(tree(dir)).toEqual([]);
  });

  it('a refused rename at commit takes back the files already renamed', async () => {
    const dir = tmp();
    const err = await runRenderJob(scoreJob(dir), uxpJobOutput(uxpFs({ failRenameOf: 'plan.svg' }))).then(() => null, (e: unknown) => e);
    expect((err as RenderError).code).toBe('DISK');
    expect((err as RenderError).message).toMatch(/permission denied/);
    expect(tree(dir)).toEqual([]);
  });

  it('keeps earlier renders and numbers the next one after them', async () => {
    const dir = tmp();
    const out = uxpJobOutput(uxpFs());
    const first = await runRenderJob(scoreJob(dir), out);
    const before = digest(first.wavPath);
    const second = await runRenderJob(scoreJob(dir, { settings: { ...DEFAULT_SETTINGS, seed: 9 } }), out);
    expect(path.basename(first.folder)).toBe('score-v1');
    expect(path.basename(second.folder)).toBe('score-v2');
    expect(digest(first.wavPath)).toBe(before);
    expect(digest(second.wavPath)).not.toBe(before);
  });

  it('the in-process service reports progress, refuses a second render, and a cancel commits nothing', async () => {
    const dir = tmp();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const service = new InProcessRenderService(uxpJobOutput(uxpFs()), undefined, () => gate);
    const stages: string[] = [];
    const running = service.render(scoreJob(dir), (p) => stages.push(p.stage));
    await expect(service.render(scoreJob(dir), () => undefined)).rejects.toThrow(/already running/);
    service.cancel();
    release();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tree(dir)).toEqual([]);
    expect(stages).toEqual(['reading']);

    const done = await new InProcessRenderService(uxpJobOutput(uxpFs())).render(scoreJob(dir), (p) => stages.push(p.stage));
    expect(fs.existsSync(done.wavPath)).toBe(true);
    expect(stages.slice(1)).toEqual(expect.arrayContaining(['planning', 'rendering', 'encoding', 'writing']));
  });

  it('renders a slice at a time with a frame for the page in between; a cancel between slices stops it and commits nothing', async () => {
    const dir = tmp();
    let pauses = 0;
    let service: InProcessRenderService;
    const stages: string[] = [];
    service = new InProcessRenderService(uxpJobOutput(uxpFs()), undefined, async () => {
      pauses++;
      if (pauses === 6) service.cancel();
    });
    await expect(service.render(scoreJob(dir), (p) => stages.push(p.stage))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pauses).toBe(6);
    expect(stages).toContain('rendering');
    expect(stages).not.toContain('writing');
    expect(tree(dir)).toEqual([]);

    pauses = 0;
    service = new InProcessRenderService(uxpJobOutput(uxpFs()), undefined, async () => { pauses++; });
    const done = await service.render(scoreJob(dir), () => undefined);
    // the 16 s score (two passes + the loudness pass again) takes several 12 ms slices
    expect(pauses).toBeGreaterThan(3);
    expect(fs.existsSync(done.wavPath)).toBe(true);
  });

  it('remembers the last render per sequence in renders.json (atomic, over UXP fs)', async () => {
    const dir = tmp();
    const out = await runRenderJob(scoreJob(dir), uxpJobOutput(uxpFs()));
    const store = uxpRenderStore(uxpFs());
    const root = path.join(dir, 'Cuebed');
    expect(await store.lastRender([root], 'seq-uxp')).toBeNull();
    await store.remember(root, 'seq-uxp', { folder: out.folder, wavPath: out.wavPath, time: '2026-11-28T10:00:00Z' });
    await store.remember(root, 'other', { folder: out.folder, wavPath: out.wavPath, time: '2026-11-28T10:00:01Z' });
    expect(await store.lastRender([root], 'seq-uxp')).toEqual({ folder: out.folder, wavPath: out.wavPath, time: '2026-11-28T10:00:00Z' });
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'renders.json'), 'utf8')))).toEqual(['seq-uxp', 'other']);
    expect(fs.readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe("Premiere's transcripts as the dialogue the bed ducks under", () => {
  it('ducks under the transcribed words only, labelled "transcript:", clipped to the clip', async () => {
    const dir = tmp();
    // source time: words at 11.0–12.5 s and 14.0–15.0 s of the interview media (sequence 4–5.5 s and 7–8 s),
    // plus one at 17 s, beyond the clip's out point (16 s)
    const transcripts = [{ mediaPath: '/M/Interview.wav', spans: [[11 * S, 12.5 * S], [14 * S, 15 * S], [17 * S, 18 * S]].map(([a, b]) => [String(a), String(b)] as [string, string]) }];
    const withT = await runRenderJob(scoreJob(dir, { transcripts }), nodeJobOutput);
    const regions = withT.plan.dialogue.map((d) => [d.start, d.end, d.source.split(':')[0]]);
    expect(regions).toEqual([[4, 5.5, 'transcript'], [7, 8, 'transcript']]);
    const without = await runRenderJob(scoreJob(dir), nodeJobOutput);
    expect(without.plan.dialogue.map((d) => [d.start, d.end, d.source.split(':')[0]])).toEqual([[3, 9, 'clip']]);
    // the gap between the two answers is not ducked
    const duckedAt = (t: number) => withT.plan.ducking.filter((k) => k.sample / 48000 <= t).at(-1)?.gainDb ?? 0;
    expect(duckedAt(6.3)).toBeGreaterThan(duckedAt(5));
  });

  it('a clip whose media has no transcript keeps its extents', async () => {
    const dir = tmp();
    const out = await runRenderJob(scoreJob(dir, { transcripts: [{ mediaPath: '/m/other.wav', spans: [['0', String(S)]] }] }), nodeJobOutput);
    expect(out.plan.dialogue.map((d) => d.source.split(':')[0])).toEqual(['clip']);
  });
});
