/**
 * A render job, run on the panel's Node side (inside a worker thread): snapshot → Timeline →
 * score or stingers → a new versioned folder. Synchronous and CPU-bound by design: it is the
 * worker's whole body, never called on the UI thread.
 */
import * as path from 'node:path';
import { describeFsError, writeFilesAtomically } from '../io/files';
import { planScore } from '../plan';
import { scoreTimeline } from '../score';
import { TICKS_PER_SECOND, TimeError } from '../time';
import { buildTimeline, InputError, readSnapshot, type Timeline } from '../timeline';
import { chooseOutputRoot, nextVersionFolder, type FolderProbe } from './output';
import { MAX_SCORE_SECONDS, outputSampleRate, toScoreOptions } from './settings';
import { renderStingers } from './stingers';
import { RenderError, type RenderJob, type RenderOutcome, type RenderProgress, type StingerTarget } from './types';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** How far (seconds) the playhead may sit from a cut and still be "on" it. */
export const PLAYHEAD_CUT_TOLERANCE_SEC = 0.5;

export function readJobTimeline(job: RenderJob): Timeline {
  let timeline: Timeline;
  try {
    timeline = buildTimeline(readSnapshot(job.snapshot, `sequence "${job.snapshot?.sequence?.name ?? '?'}"`));
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

  if (job.kind === 'score') {
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
  const folder = nextVersionFolder(root, job.kind === 'score' ? 'score' : 'stingers', probe.list(root));
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
    wavPath: job.kind === 'score' ? path.join(folder, 'score.wav') : '',
    stingerWavs: stingerNames.map((n) => path.join(folder, n)),
    folderNote: note,
  };
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
