/**
 * "Regenerate around edits" as the panel's worker runs it (without the thread), end to end on the
 * emulated host: score → place → the editor adds a Volume key and ripple-deletes part of a shot
 * (sync lock: the score clip is split and moved too) → read the old clip's keys → regenerate →
 * replace. The previous render is never modified; the editor's key moves with the picture.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot, PlaceScoreResult, ScoreKeysResult } from '../../src/host/adapter';
import { planToPlaceRequest } from '../../src/host/levels';
import { DEFAULT_SETTINGS, RenderError, resultLine, type RenderJobBase } from '../../src/panel';
import { readJobTimeline, runRenderJob, withoutOwnRenders } from '../../src/panel/job';
import { nodeJobOutput } from '../../src/io/job-output';
import { samplesToTicks, ticksPerFrame } from '../../src/time';
import type { SourceSequence } from '../../src/timeline';
import { Emulator, Time as EmuTime } from '../host/emulator';
import { call, data } from '../host/helpers';


const probe = nodeJobOutput;

const rate = { num: 25, den: 1 };
const tpf = ticksPerFrame(rate);
const S = 25 * tpf;

/** 40 s, shots of varied length, a line of dialogue from 3 s to 6 s. */
function sequence(): SourceSequence {
  const lengths = [3, 4.2, 2.6, 5, 3.4, 4.4, 2.8, 5.2, 3.6, 5.8];
  const clips = [];
  let t = 0;
  for (const [i, len] of lengths.entries()) {
    clips.push({ name: `shot ${i}`, start: Math.round(t * 25) * tpf, end: Math.round((t + len) * 25) * tpf, inPoint: 0, outPoint: Math.round(len * 25) * tpf, mediaPath: `/m/${i}.mov`, enabled: true, coverage: 'opaque' as const });
    t += len;
  }
  return {
    source: 'test', name: 'Regen', id: 'seq-regen', frameRate: rate, audioSampleRate: 48000, playhead: 0,
    tracks: [
      { kind: 'video', index: 1, name: 'V1', enabled: true, clips },
      { kind: 'audio', index: 1, name: 'Dialogue', enabled: true, clips: [{ name: 'line', start: 3 * S, end: 6 * S, inPoint: 0, outPoint: 3 * S, mediaPath: '/m/vo.wav', enabled: true }] },
    ],
    markers: [], warnings: [],
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('regenerate around edits (panel job + host)', () => {
  it('keeps what did not change, writes score-v2, leaves score-v1 alone, carries the editor key with the ripple', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-regen-'));
    dirs.push(work);
    const emu = new Emulator();
    emu.loadSequence(sequence());
    const base = (): RenderJobBase => ({ snapshot: data(call<HostSnapshot>(emu, 'snapshot')), settings: DEFAULT_SETTINGS, projectPath: path.join(work, 'film.prproj'), documentsPath: path.join(work, 'docs') });

    const first = await runRenderJob({ kind: 'score', ...base() }, probe);
    expect(path.basename(first.folder)).toBe('score-v1');
    emu.addFile(first.wavPath, samplesToTicks(first.plan.sequence.durationSamples, 48000));
    data(call<PlaceScoreResult>(emu, 'replaceScore', planToPlaceRequest(first.plan, first.wavPath, 'Cuebed score-v1')));
    const v1 = Object.fromEntries(fs.readdirSync(first.folder).map((n) => [n, hash(path.join(first.folder, n))]));

    // The editor: a key of their own at 34 s (inside the last shot), then a ripple delete of 1 s in shot 5.
    const clip = emu.audioTrackNamed('Cuebed')!.items[0];
    const level = clip.levelParam();
    level.addKey(EmuTime.of(34 * S));
    level.setValueAtKey(EmuTime.of(34 * S), 0.05);
    const shot5 = emu.sequence.video[0].items[5].raw;
    emu.sequence.rippleDelete(shot5.end - S, shot5.end);
    expect(emu.audioTrackNamed('Cuebed')!.items).toHaveLength(2); // split by the ripple (sync lock)

    const read = data(call<ScoreKeysResult>(emu, 'scoreKeys', { wavPath: first.wavPath }));
    expect(read.clips).toHaveLength(2);
    const clipKeys = read.clips.flatMap((c) => c.keys);
    const outcome = await runRenderJob({ kind: 'regen', ...base(), previous: { folder: first.folder, wavPath: first.wavPath }, clipKeys }, probe);

    expect(path.basename(outcome.folder)).toBe('score-v2');
    expect(outcome.kind).toBe('regen');
    expect(fs.readdirSync(outcome.folder).sort()).toEqual(expect.arrayContaining(['plan.json', 'render.json', 'score.wav', 'snapshot.json']));
    expect(Object.fromEntries(fs.readdirSync(first.folder).map((n) => [n, hash(path.join(first.folder, n))]))).toEqual(v1);
    const r = outcome.regen!;
    expect(r.kept.length).toBeGreaterThan(0);
    expect(r.kept.length + r.shifted.length).toBeGreaterThan(0);
    expect(r.rendered.length).toBeGreaterThan(0);
    expect(r.synthesisedSec).toBeLessThan(outcome.plan.sequence.duration);
    expect(resultLine(outcome)).toMatch(/^score-v2\/score\.wav · .* · \d+ kept, \d+ shifted, \d+ re-rendered.* \(from score-v1\)/);

    // The editor key moved 1 s left with the picture; Cuebed's old keys are not carried as theirs.
    expect(outcome.keys!.unread).toBe(false);
    expect(outcome.keys!.editorKeys).toHaveLength(1);
    expect(Number(outcome.keys!.editorKeys[0].ticks)).toBe(33 * S);
    expect(outcome.keys!.editorKeys[0].gainDb).toBeCloseTo(20 * Math.log10(0.05) + 15, 6);

    emu.addFile(outcome.wavPath, samplesToTicks(outcome.plan.sequence.durationSamples, 48000));
    const placed = data(call<PlaceScoreResult>(emu, 'replaceScore', { ...planToPlaceRequest(outcome.plan, outcome.wavPath, 'Cuebed score-v2'), ducking: outcome.keys!.ducking, editorKeys: outcome.keys!.editorKeys }));
    expect(placed.removed).toHaveLength(2);
    const track = emu.audioTrackNamed('Cuebed')!;
    expect(track.items).toHaveLength(1);
    expect(track.items[0].projectItem?.getMediaPath()).toBe(outcome.wavPath);
    expect(track.items[0].levelParam().getValueAtKey(EmuTime.of(33 * S))).toBeCloseTo(0.05, 9);
    expect(placed.keyframes.filter((k) => k.editor).map((k) => k.ticks)).toEqual([String(33 * S)]);
    expect(emu.binNamed('Cuebed')!.all().map((i) => i.getMediaPath())).toEqual([first.wavPath, outcome.wavPath]);
  });

  it('says what to do when the earlier render folder is gone', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-regen-'));
    dirs.push(work);
    const emu = new Emulator();
    emu.loadSequence(sequence());
    const snapshot = data(call<HostSnapshot>(emu, 'snapshot'));
    const job = { kind: 'regen' as const, snapshot, settings: DEFAULT_SETTINGS, projectPath: path.join(work, 'film.prproj'), documentsPath: work, previous: { folder: path.join(work, 'Cuebed', 'score-v1'), wavPath: path.join(work, 'Cuebed', 'score-v1', 'score.wav') }, clipKeys: null };
    let err: unknown;
    try {
      await runRenderJob(job, probe);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).code).toBe('INPUT');
    expect((err as RenderError).message).toMatch(/score-v1 cannot be read.*Score this sequence/);
    expect(fs.existsSync(path.join(work, 'Cuebed', 'score-v2'))).toBe(false);
  });

  it("never reads Cuebed's own renders (score, stingers) in the sequence as dialogue", () => {
    const emu = new Emulator();
    const seq = sequence();
    emu.loadSequence(seq);
    const snapshot = data(call<HostSnapshot>(emu, 'snapshot'));
    const own = {
      ...snapshot,
      audioTracks: [
        ...snapshot.audioTracks,
        { index: 2, name: 'Cuebed Stingers', enabled: true, clips: [{ name: 'hit', start: String(20 * S), end: String(22 * S), inPoint: '0', outPoint: String(2 * S), mediaPath: '/p/Cuebed/stingers-v1/stinger-01-impact.wav', enabled: true, mediaType: 'Audio' as const }] },
        { index: 3, name: 'Cuebed', enabled: true, clips: [{ name: 'score', start: '0', end: String(30 * S), inPoint: '0', outPoint: String(30 * S), mediaPath: 'C:\\p\\Cuebed\\score-v3\\score.wav', enabled: true, mediaType: 'Audio' as const }] },
      ],
    };
    expect(withoutOwnRenders(own).audioTracks.map((t) => t.clips.length)).toEqual([1, 0, 0]);
    const job = (s: HostSnapshot) => ({ kind: 'score' as const, snapshot: s, settings: DEFAULT_SETTINGS, projectPath: '', documentsPath: '/d' });
    expect(readJobTimeline(job(own)).dialogue).toEqual(readJobTimeline(job(snapshot)).dialogue);
  });
});
