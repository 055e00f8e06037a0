/**
 * A render job, run on the panel's Node side (inside a worker thread): snapshot → Timeline →
 * score or stingers → a new versioned folder. Synchronous and CPU-bound by design: it is the
 * worker's whole body, never called on the UI thread.
 */
import * as path from 'node:path';
import { describeFsError, writeFilesAtomically } from '../io/files';
import { planScore } from '../plan';
import type { Plan } from '../plan/types';
import { parseRenderRecord, regenerate, type RenderRecord } from '../regen';
import { scoreTimeline, SOFTWARE } from '../score';
import { TICKS_PER_SECOND, TimeError } from '../time';
import { buildTimeline, InputError, readSnapshot, type Timeline } from '../timeline';
import type { HostSnapshot } from '../timeline/snapshot';
import { chooseOutputRoot, nextVersionFolder, type FolderProbe } from './output';
import { MAX_SCORE_SECONDS, outputSampleRate, toScoreOptions } from './settings';
import { carryEditorKeys } from './keyframes';
import { renderStingers } from './stingers';
import { RenderError, type RegenJob, type RenderJob, type RenderOutcome, type RenderProgress, type StingerTarget } from './types';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** How far (seconds) the playhead may sit from a cut and still be "on" it. */
export const PLAYHEAD_CUT_TOLERANCE_SEC = 0.5;

/** A clip of one of Cuebed's own renders: …/Cuebed/score-v2/score.wav, …/Cuebed/stingers-v1/stinger-01-impact.wav. */
const OWN_RENDER_RE = /[\\/]Cuebed[\\/](score|stingers)-v\d+[\\/][^\\/]+\.wav$/i;

/**
 * The snapshot without Cuebed's own renders on its audio tracks: the score and stingers placed
 * earlier are neither dialogue nor picture to score against (a stinger track would otherwise read
 * as dialogue and duck the next render, and make every regeneration see "changed dialogue").
 */
export function withoutOwnRenders(snapshot: HostSnapshot): HostSnapshot {
  if (!snapshot || !Array.isArray(snapshot.audioTracks)) return snapshot;
  return {
    ...snapshot,
    audioTracks: snapshot.audioTracks.map((t) =>
      t && Array.isArray(t.clips) ? { ...t, clips: t.clips.filter((c) => !(c && typeof c.mediaPath === 'string' && OWN_RENDER_RE.test(c.mediaPath))) } : t,
    ),
  };
}

export function readJobTimeline(job: RenderJob): Timeline {
  let timeline: Timeline;
  try {
    timeline = buildTimeline(readSnapshot(withoutOwnRenders(job.snapshot), `sequence "${job.snapshot?.sequence?.name ?? '?'}"`));
  } catch (err) {
    if (err instanceof TimeError && /longer than/.test(err.message)) throw new RenderError('TOO_LONG', err.message);
    if (err instanceof InputError || err instanceof TimeError) throw new RenderError('INPUT', err.message);
    throw err;
  }
  const seconds = (timeline.range.end - timeline.range.start) / TICKS_PER_SECOND;
  if (!(seconds > 0)) throw new RenderError('INPUT', `The sequence "${timeline.name}" has nothing to score: no picture or dialogue clips in the scored range.`);
  if (seconds > MAX_SCORE_SECONDS) {
    throw new RenderError(
      'TOO_LONG',
      `The sequence "${timeline.name}" is ${formatMinutes(seconds)} long; Cuebed scores up to ${formatMinutes(MAX_SCORE_SECONDS)} at a time. Set In and Out points around the part to score.`,
    );
  }
  return timeline;
}

function formatMinutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** Seconds from the score start for the chosen stinger target. */
export function stingerTimes(timeline: Timeline, at: StingerTarget): 'scenes' | number[] {
  if (at === 'scenes') return 'scenes';
  const start = timeline.range.start;
  if (at === 'markers') {
    if (timeline.markers.length === 0) throw new RenderError('INPUT', 'The sequence has no markers in the scored range; add markers on the cuts that need a hit (M), or choose "at every scene change".');
    return timeline.markers.map((m) => (m.start - start) / TICKS_PER_SECOND);
  }
  const playhead = timeline.playhead ?? 0;
  let best: number | undefined;
  for (const c of timeline.cuts) if (best === undefined || Math.abs(c.time - playhead) < Math.abs(best - playhead)) best = c.time;
  if (best === undefined || Math.abs(best - playhead) > PLAYHEAD_CUT_TOLERANCE_SEC * TICKS_PER_SECOND) {
    throw new RenderError('INPUT', 'The playhead is not on a cut; move it onto the cut that needs a hit (Up/Down arrow jumps between edits).');
  }
  return [(best - start) / TICKS_PER_SECOND];
}

export function runRenderJob(job: RenderJob, probe: FolderProbe, onProgress: (p: RenderProgress) => void = () => {}): RenderOutcome {
  const report = (stage: RenderProgress['stage'], fraction: number) => onProgress({ stage, fraction });
  report('reading', 0);
  const timeline = readJobTimeline(job);
  const sampleRate = outputSampleRate(timeline.audioSampleRate);
  const files = new Map<string, Uint8Array>();
  files.set('snapshot.json', utf8(JSON.stringify(job.snapshot, null, 2) + '\n'));
  let outcome: Omit<RenderOutcome, 'folder' | 'files' | 'wavPath' | 'stingerWavs' | 'folderNote'>;
  let stingerNames: string[] = [];

  if (job.kind === 'regen') {
    report('planning', 0);
    const previous = readPrevious(job, probe);
    report('rendering', 0);
    const result = regenerate(timeline, previous, { software: SOFTWARE });
    report('rendering', 1);
    for (const [name, bytes] of result.files) files.set(name, bytes);
    const sr = result.plan.sequence.sampleRate;
    const carry = job.clipKeys ? carryEditorKeys(previous.plan, result.plan, job.clipKeys) : null;
    outcome = {
      kind: 'regen', plan: result.plan, integratedLufs: result.integratedLufs, truePeakDb: result.truePeakDb,
      regen: {
        from: job.previous.folder, kept: result.kept, shifted: result.shifted, rendered: result.rendered, removed: result.removed,
        synthesisedSec: result.renderedSpans.reduce((a, [s, e]) => a + (e - s), 0) / sr,
      },
      keys: carry
        ? { ducking: carry.ducking, editorKeys: carry.editorKeys, dropped: carry.dropped, unread: false }
        : { ducking: [], editorKeys: [], dropped: [], unread: true },
    };
  } else if (job.kind === 'score') {
    const result = scoreTimeline(timeline, toScoreOptions(job.settings, sampleRate), (stage, fraction) => report(stage, fraction));
    for (const [name, bytes] of result.files) files.set(name, bytes);
    outcome = { kind: 'score', plan: result.plan, integratedLufs: result.integratedLufs, truePeakDb: result.truePeakDb };
  } else {
    report('planning', 0);
    const options = toScoreOptions(job.settings, sampleRate, stingerTimes(timeline, job.at));
    const plan = planScore(timeline, options);
    if (plan.stingers.length === 0) {
      throw new RenderError('INPUT', job.at === 'scenes'
        ? 'No scene change was found outside dialogue; try "at markers" or put the playhead on a cut.'
        : 'No stinger fits there (too close to the sequence start for its pre-roll, or under another stinger).');
    }
    report('rendering', 0);
    const rendered = renderStingers(plan, job.settings.bitDepth, (f) => report('rendering', f));
    report('encoding', 1);
    stingerNames = rendered.map((r) => `stinger-${String(r.index + 1).padStart(2, '0')}-${plan.stingers[r.index].style}.wav`);
    rendered.forEach((r, i) => files.set(stingerNames[i], r.bytes));
    files.set('plan.json', utf8(JSON.stringify(plan, null, 2) + '\n'));
    const loudest = rendered.reduce((a, r) => Math.max(a, r.integratedLufs), -Infinity);
    const peak = rendered.reduce((a, r) => Math.max(a, r.truePeakDb), -Infinity);
    outcome = { kind: 'stingers', plan, integratedLufs: loudest, truePeakDb: peak };
  }

  report('writing', 0);
  const { root, note } = chooseOutputRoot(job.projectPath, job.documentsPath, (dir) => probe.writable(dir));
  const folder = nextVersionFolder(root, job.kind === 'stingers' ? 'stingers' : 'score', probe.list(root));
  let written: string[];
  try {
    written = writeFilesAtomically(folder, files);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new RenderError('DISK', `Could not save the render: ${message}. Free some space or save the project in a writable folder, then try again.`);
  }
  report('writing', 1);
  return {
    ...outcome,
    folder,
    files: written,
    wavPath: job.kind === 'stingers' ? '' : path.join(folder, 'score.wav'),
    stingerWavs: stingerNames.map((n) => path.join(folder, n)),
    folderNote: note,
  };
}

/** The render to regenerate around: plan.json, render.json (optional) and score.wav of its folder. */
function readPrevious(job: RegenJob, probe: FolderProbe): { plan: Plan; record?: RenderRecord; wav: Uint8Array; folder: string } {
  const { folder, wavPath } = job.previous;
  const shown = path.basename(folder);
  const again = 'click Score this sequence to start afresh';
  if (!probe.read) throw new RenderError('INTERNAL', 'This panel cannot read the earlier render (no file access in the render worker).');
  const read = (file: string, required: boolean): Uint8Array | undefined => {
    try {
      return (probe.read as (f: string) => Uint8Array)(file);
    } catch (err) {
      if (!required && (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
      throw new RenderError('INPUT', `The earlier score ${shown} cannot be read (${path.basename(file)}: ${describeFsError(err, 'unreadable')}); it may have been moved or deleted: ${again}.`);
    }
  };
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  let plan: Plan;
  try {
    plan = JSON.parse(text(read(path.join(folder, 'plan.json'), true) as Uint8Array)) as Plan;
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError('INPUT', `The earlier score ${shown} has a damaged plan.json; ${again}.`);
  }
  if (plan?.schema !== 'cuebed.plan/1' || !Array.isArray(plan.sections) || !Array.isArray(plan.cuts) || !Array.isArray(plan.ducking)) {
    throw new RenderError('INPUT', `The earlier score ${shown} has no Cuebed plan (plan.json); ${again}.`);
  }
  const recordBytes = read(path.join(folder, 'render.json'), false);
  let record: RenderRecord | undefined;
  if (recordBytes) {
    try {
      record = parseRenderRecord(text(recordBytes), `${shown}/render.json`);
    } catch {
      record = undefined; // regenerate estimates the gain from the audio instead
    }
  }
  const wav = read(wavPath, true) as Uint8Array;
  return { plan, record, wav, folder: shown };
}

/** Any thrown value as a RenderFailure-shaped RenderError. */
export function toRenderError(err: unknown): RenderError {
  if (err instanceof RenderError) return err;
  if (err instanceof InputError || err instanceof TimeError) return new RenderError('INPUT', err.message);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return new RenderError('DISK', `Could not save the render: ${describeFsError(err, 'file error')}.`);
  const message = err instanceof Error ? err.message : String(err);
  return new RenderError('INTERNAL', `Cuebed hit an internal error: ${message}. Please report it with the sequence.`);
}
