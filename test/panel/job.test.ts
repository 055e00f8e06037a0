/**
 * Render jobs as the panel's Node worker runs them (without the thread): host snapshot in,
 * versioned folder out, and the editor-facing failures (too long, no cut, no markers, disk).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/audio';
import type { HostSnapshot } from '../../src/host/adapter';
import { DEFAULT_SETTINGS, RenderError, type RenderJob, type RenderJobBase } from '../../src/panel';
import { readJobTimeline, runRenderJob } from '../../src/panel/job';
import { nodeJobOutput } from '../../src/io/job-output';
import { createSpeechReader } from '../../src/io/media';
import { OWN_FIXTURES } from '../paths';
import { ticksPerFrame, TICKS_PER_SECOND } from '../../src/time';
import type { SourceSequence } from '../../src/timeline';
import { Emulator } from '../host/emulator';
import { call, data } from '../host/helpers';

const probe = nodeJobOutput;

const rate = { num: 25, den: 1 };
const tpf = ticksPerFrame(rate);

/** `seconds` long, a cut every 2 s, a line of dialogue from 3 s to 6 s. */
function sequence(seconds: number, extra: Partial<SourceSequence> = {}): SourceSequence {
  const clips = [];
  for (let s = 0; s < seconds; s += 2) clips.push({ name: `shot ${s}`, start: s * 25 * tpf, end: Math.min(seconds, s + 2) * 25 * tpf, inPoint: 0, outPoint: 50 * tpf, mediaPath: `/m/${s % 3}.mov`, enabled: true, coverage: 'opaque' as const });
  return {
    source: 'test', name: 'Short', frameRate: rate, audioSampleRate: 48000, playhead: 0,
    tracks: [
      { kind: 'video', index: 1, name: 'V1', enabled: true, clips },
      { kind: 'audio', index: 1, name: 'Dialogue', enabled: true, clips: [{ name: 'line', start: 3 * 25 * tpf, end: 6 * 25 * tpf, inPoint: 0, outPoint: 75 * tpf, mediaPath: '/m/vo.wav', enabled: true }] },
    ],
    markers: [], warnings: [], ...extra,
  };
}

function snapshotOf(seq: SourceSequence): HostSnapshot {
  const emu = new Emulator();
  emu.loadSequence(seq);
  return data(call<HostSnapshot>(emu, 'snapshot'));
}

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-job-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function job(over: Partial<RenderJobBase> & { snapshot: HostSnapshot }, kind: 'score' | 'stingers' = 'score', at: 'playhead' | 'markers' | 'scenes' = 'scenes'): RenderJob {
  const base: RenderJobBase = { settings: DEFAULT_SETTINGS, projectPath: '', documentsPath: '/nonexistent-docs', ...over };
  return kind === 'score' ? { kind, ...base } : { kind, at, ...base };
}

describe('render jobs', () => {
  it('writes score-v1, then score-v2 beside the project, never overwriting', async () => {
    const dir = tmp();
    const snapshot = snapshotOf(sequence(20));
    const projectPath = path.join(dir, 'Film.prproj');
    const stages = new Set<string>();
    const first = await runRenderJob(job({ snapshot, projectPath }), probe, (p) => stages.add(p.stage));
    expect(first.folder).toBe(path.join(dir, 'Cuebed', 'score-v1'));
    expect(first.folderNote).toBe('');
    expect([...stages]).toEqual(['reading', 'planning', 'arranging', 'rendering', 'encoding', 'writing']);
    for (const f of ['score.wav', 'plan.json', 'plan.svg', 'cuesheet.csv', 'snapshot.json']) expect(fs.existsSync(path.join(first.folder, f))).toBe(true);
    const wav = decodeWav(fs.readFileSync(first.wavPath));
    expect(wav.channels[0].length).toBe(first.plan.sequence.durationSamples);
    expect(first.plan.cuts.length).toBe(9);
    // Loudness is asserted on the demo edit in the browser test (a one-section 20 s edit renders silent at the moment: see the issue note).
    const before = fs.readFileSync(first.wavPath);
    const second = await runRenderJob(job({ snapshot, projectPath, settings: { ...DEFAULT_SETTINGS, seed: 2 } }), probe);
    expect(second.folder).toBe(path.join(dir, 'Cuebed', 'score-v2'));
    expect(fs.readFileSync(first.wavPath).equals(before)).toBe(true);
  });

  it('finds the speech in the dialogue media (as the worker runs it); a transcript of that media comes first', async () => {
    const docs = tmp();
    const wav = path.join(OWN_FIXTURES, 'speech', 'interview.wav');
    const seq = sequence(12);
    const a1 = seq.tracks.find((t) => t.kind === 'audio')!;
    a1.clips[0] = { ...a1.clips[0], mediaPath: wav };
    const snapshot = snapshotOf(seq);
    // interview.wav speaks 0.500–1.291 s of source; the clip plays source 0–3 s at 3 s
    const heard = await runRenderJob(job({ snapshot, documentsPath: docs }), probe, undefined, { speech: createSpeechReader() });
    expect(heard.plan.dialogue.map((d) => d.source.split(':')[0])).toEqual(['speech']);
    // the detector's edges sit within ~0.12 s of the phrase (test/plan/speech.test.ts)
    expect(Math.abs(heard.plan.dialogue[0].start - 3.5)).toBeLessThan(0.12);
    expect(Math.abs(heard.plan.dialogue[0].end - 4.29)).toBeLessThan(0.15);
    const told = await runRenderJob(job({ snapshot, documentsPath: docs, transcripts: [{ mediaPath: wav, spans: [[String(tpf * 25), String(tpf * 50)]] }] }), probe, undefined, { speech: createSpeechReader() });
    expect(told.plan.dialogue.map((d) => [d.source.split(':')[0], d.start, d.end])).toEqual([['transcript', 4, 5]]);
  });

  it('falls back to documents for an unsaved project, saying why', async () => {
    const docs = tmp();
    const out = await runRenderJob(job({ snapshot: snapshotOf(sequence(6)), documentsPath: docs }), probe);
    expect(out.folder).toBe(path.join(docs, 'Cuebed', 'score-v1'));
    expect(out.folderNote).toMatch(/not saved/);
  });

  it('reports an unwritable destination as a disk problem and leaves nothing behind', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'Cuebed'), 'a file where the folder should be');
    fs.writeFileSync(path.join(dir, 'Documents'), 'also a file');
    const err = await runRenderJob(job({ snapshot: snapshotOf(sequence(6)), projectPath: path.join(dir, 'F.prproj'), documentsPath: path.join(dir, 'Documents') }), probe).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).code).toBe('DISK');
    expect((err as RenderError).message).toMatch(/^Could not save the render: .*(not a folder|ENOTDIR|EEXIST|file).*try again\.$/);
    expect(fs.readdirSync(dir).sort()).toEqual(['Cuebed', 'Documents']);
  });

  it('refuses a sequence longer than the panel scores at once, pointing at In/Out', async () => {
    const long = sequence(2, { tracks: [{ kind: 'video', index: 1, name: 'V1', enabled: true, clips: [{ name: 'long', start: 0, end: 61 * 60 * TICKS_PER_SECOND, inPoint: 0, outPoint: 61 * 60 * TICKS_PER_SECOND, mediaPath: '/m/l.mov', enabled: true }] }] });
    const err = (() => {
      try {
        readJobTimeline(job({ snapshot: snapshotOf(long) }));
      } catch (e) {
        return e as RenderError;
      }
    })();
    expect(err?.code).toBe('TOO_LONG');
    expect(err?.message).toMatch(/is 61 min long; Cuebed scores up to 60 min at a time\. Set In and Out points/);
  });

  it('renders a stinger at the cut under the playhead, its hit at the planned offset in its own file', async () => {
    const docs = tmp();
    const snapshot = snapshotOf(sequence(12, { playhead: 8 * 25 * tpf + 3 * tpf }));
    const out = await runRenderJob(job({ snapshot, documentsPath: docs }, 'stingers', 'playhead'), probe);
    expect(out.folder).toBe(path.join(docs, 'Cuebed', 'stingers-v1'));
    expect(out.plan.stingers).toHaveLength(1);
    const s = out.plan.stingers[0];
    expect(out.plan.cuts[s.cut].frame).toBe(200);
    expect(out.stingerWavs).toHaveLength(1);
    const wav = decodeWav(fs.readFileSync(out.stingerWavs[0]));
    expect(wav.channels[0].length).toBe(s.endSample - s.startSample);
    expect(wav.cues[0].sample).toBe(s.hitSample - s.startSample);
  });

  it('says what to do when the playhead is off any cut or there are no markers', async () => {
    const off = snapshotOf(sequence(12, { playhead: 5 * 25 * tpf }));
    await expect(runRenderJob(job({ snapshot: off }, 'stingers', 'playhead'), probe)).rejects.toThrow(/playhead is not on a cut/);
    await expect(runRenderJob(job({ snapshot: off }, 'stingers', 'markers'), probe)).rejects.toThrow(/no markers/);
  });
});
