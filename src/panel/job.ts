/**
 * A render job: snapshot → Timeline → score, stingers or regeneration → a new versioned folder.
 * The CEP panel runs it in a Node worker thread; the UXP panel (no Node, no workers) runs it in
 * the panel itself. Both hand it a JobOutput over their own file system, so nothing here touches
 * one: the WAVs stream into a staged folder that is renamed into place only when complete.
 */
import { describeFsError } from '../io/errors';
import { planScore, type SpeechReader } from '../plan';
import type { Plan } from '../plan/types';
import { CHUNK, drain } from '../synth';
import { parseRenderRecord, regenerateWithinTarget, type RenderRecord } from '../regen';
import { scoreTimelineStreamedSteps, SOFTWARE } from '../score';
import { TICKS_PER_SECOND, TimeError } from '../time';
// not '../timeline': its index brings the timeline readers (sax), which the page and UXP bundles do not need
import { buildTimeline } from '../timeline/build';
import { InputError, type Timeline } from '../timeline/model';
import { readSnapshot } from '../timeline/snapshot';
import type { HostSnapshot } from '../timeline/snapshot';
import { chooseOutputRoot, nextVersionFolder, type JobOutput, type RenderFolder } from './output';
import { baseName, joinPath } from './paths';
import { transcriptSpeechReader } from './transcripts';
import { MAX_SCORE_SECONDS, outputSampleRate, toScoreOptions } from './settings';
import { carryEditorKeys } from './keyframes';
import { renderStingers } from './stingers';
import { RenderError, type PanelSound, type RegenJob, type RenderJob, type RenderOutcome, type RenderProgress, type StingerTarget } from './types';
import type { SamplerBank } from '../sampler/bank';

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

export interface JobRunOptions {
  /** The environment's own speech finder (audio analysis of dialogue media). */
  speech?: SpeechReader;
  /** Checked as the render goes: a cancelled render is undone before anything is committed. */
  cancelled?: () => boolean;
  /**
   * For a host without threads: the score is rendered a slice at a time (about `sliceMs` of work)
   * and `pause` lets the page draw and take clicks between slices. Without it the job runs through.
   */
  pause?: () => Promise<void>;
  sliceMs?: number;
  /**
   * The sound bank for the sampled instruments (the CEP worker's: src/io/panel-bank.ts), or why
   * this environment plays the synth palette (UXP); without it the render plays the synth palette.
   */
  sound?: () => Promise<PanelSound>;
}

/**
 * Runs one job into the next free versioned folder. `options.speech` is the environment's own
 * speech finder; Premiere's transcripts in the job come first where a clip has one.
 */
export async function runRenderJob(job: RenderJob, out: JobOutput, onProgress: (p: RenderProgress) => void = () => {}, options: JobRunOptions = {}): Promise<RenderOutcome> {
  const { speech } = options;
  const report = (stage: RenderProgress['stage'], fraction: number) => {
    stopIfCancelled(options);
    onProgress({ stage, fraction });
  };
  report('reading', 0);
  // stingers are synth hits: only a score or a regeneration plays the bank
  const sound = job.kind !== 'stingers' && options.sound ? await options.sound() : null;
  const sampler = sound?.bank ?? undefined;
  const soundNote = sound && !sound.bank ? `Sampled instruments: ${sound.why}.` : '';
  const timeline = readJobTimeline(job);
  const sampleRate = outputSampleRate(timeline.audioSampleRate);
  const reader = transcriptSpeechReader(job.transcripts, speech);
  const previous = job.kind === 'regen' ? readPrevious(job, out) : null;
  const { root, note } = chooseOutputRoot(job.projectPath, job.documentsPath, (dir) => out.writable(dir));
  const folder = nextVersionFolder(root, job.kind === 'stingers' ? 'stingers' : 'score', out.list(root));
  let staged: RenderFolder;
  try {
    staged = await out.begin(folder, job.kind === 'score' && job.settings.stems ? ['stems'] : []);
  } catch (err) {
    throw diskError(err);
  }
  try {
    staged.put('snapshot.json', utf8(JSON.stringify(job.snapshot, null, 2) + '\n'));
    const made = job.kind === 'regen'
      ? renderRegen(job, timeline, previous as PreviousRender, staged, reader, report, sampler)
      : job.kind === 'score'
        ? await runSliced(renderScore(job, timeline, sampleRate, staged, reader, report, sampler), options)
        : renderStingerJob(job, timeline, sampleRate, staged, report);
    report('writing', 0);
    const files = await staged.commit();
    report('writing', 1);
    return {
      ...made.outcome,
      folder,
      files,
      wavPath: job.kind === 'stingers' ? '' : joinPath(folder, 'score.wav'),
      stingerWavs: made.stingerNames.map((n) => joinPath(folder, n)),
      folderNote: note,
      ...(soundNote ? { soundNote } : {}),
    };
  } catch (err) {
    await staged.abort();
    throw toRenderError(err);
  }
}

type Report = (stage: RenderProgress['stage'], fraction: number) => void;
type Made = { outcome: Omit<RenderOutcome, 'folder' | 'files' | 'wavPath' | 'stingerWavs' | 'folderNote'>; stingerNames: string[] };

function stopIfCancelled(o: JobRunOptions): void {
  if (o.cancelled?.()) throw new RenderError('CANCELLED', 'Render cancelled.');
}

/** Runs a render generator through, or (with `pause`) a slice at a time. */
async function runSliced<T>(steps: Generator<void, T, void>, o: JobRunOptions): Promise<T> {
  if (!o.pause) return drain(steps);
  const slice = o.sliceMs ?? 12;
  let started = Date.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (Date.now() - started >= slice) {
      await o.pause();
      if (o.cancelled?.()) steps.return(undefined as never); // runs the render's finally blocks (the spill is let go)
      stopIfCancelled(o);
      started = Date.now();
    }
  }
}

function* renderScore(job: RenderJob, timeline: Timeline, sampleRate: number, staged: RenderFolder, speech: SpeechReader | undefined, report: Report, sampler?: SamplerBank): Generator<void, Made, void> {
  const result = yield* scoreTimelineStreamedSteps(
    timeline,
    { ...toScoreOptions(job.settings, sampleRate), speech, sampler },
    { openOutput: (name) => staged.stream(name), openSpill: (tracks, frames) => staged.spill(tracks, CHUNK, frames) },
    (stage, fraction) => report(stage, fraction),
  );
  for (const [name, bytes] of result.files) staged.put(name, bytes);
  return { outcome: { kind: 'score', plan: result.plan, integratedLufs: result.integratedLufs, truePeakDb: result.truePeakDb }, stingerNames: [] };
}

function renderRegen(job: RegenJob, timeline: Timeline, previous: PreviousRender, staged: RenderFolder, speech: SpeechReader | undefined, report: Report, bank?: SamplerBank): Made {
  report('planning', 0);
  report('rendering', 0);
  // as the CLI does: re-rendered sections play the bank only when the kept ones did (render.json)
  const sampler = previous.record?.options.soundBank ? bank : undefined;
  const result = regenerateWithinTarget(timeline, previous, { software: SOFTWARE, speech, sampler, onProgress: (f) => report('rendering', f) });
  report('rendering', 1);
  for (const [name, bytes] of result.files) staged.put(name, bytes);
  const sr = result.plan.sequence.sampleRate;
  const carry = job.clipKeys ? carryEditorKeys(previous.plan, result.plan, job.clipKeys) : null;
  return {
    outcome: {
      kind: 'regen', plan: result.plan, integratedLufs: result.integratedLufs, truePeakDb: result.truePeakDb,
      regen: {
        from: job.previous.folder, kept: result.kept, shifted: result.shifted, rendered: result.rendered, removed: result.removed,
        synthesisedSec: result.renderedSpans.reduce((a, [s, e]) => a + (e - s), 0) / sr,
      },
      keys: carry
        ? { ducking: carry.ducking, editorKeys: carry.editorKeys, dropped: carry.dropped, unread: false }
        : { ducking: [], editorKeys: [], dropped: [], unread: true },
    },
    stingerNames: [],
  };
}

function renderStingerJob(job: RenderJob & { kind: 'stingers' }, timeline: Timeline, sampleRate: number, staged: RenderFolder, report: Report): Made {
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
  const stingerNames = rendered.map((r) => `stinger-${String(r.index + 1).padStart(2, '0')}-${plan.stingers[r.index].style}.wav`);
  rendered.forEach((r, i) => staged.put(stingerNames[i], r.bytes));
  staged.put('plan.json', utf8(JSON.stringify(plan, null, 2) + '\n'));
  const loudest = rendered.reduce((a, r) => Math.max(a, r.integratedLufs), -Infinity);
  const peak = rendered.reduce((a, r) => Math.max(a, r.truePeakDb), -Infinity);
  return { outcome: { kind: 'stingers', plan, integratedLufs: loudest, truePeakDb: peak }, stingerNames };
}

function diskError(err: unknown): RenderError {
  if (err instanceof RenderError) return err;
  return new RenderError('DISK', `Could not save the render: ${describeFsError(err, err instanceof Error ? err.message : 'file error')}. Free some space or save the project in a writable folder, then try again.`);
}

type PreviousRender = { plan: Plan; record?: RenderRecord; wav: Uint8Array; folder: string };

/** The render to regenerate around: plan.json, render.json (optional) and score.wav of its folder. */
function readPrevious(job: RegenJob, probe: JobOutput): PreviousRender {
  const { folder, wavPath } = job.previous;
  const shown = baseName(folder);
  const again = 'click Score this sequence to start afresh';
  if (!probe.read) throw new RenderError('INTERNAL', 'This panel cannot read the earlier render (no file access in the render worker).');
  const read = (file: string, required: boolean): Uint8Array | undefined => {
    try {
      return (probe.read as (f: string) => Uint8Array)(file);
    } catch (err) {
      if (!required && (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
      throw new RenderError('INPUT', `The earlier score ${shown} cannot be read (${baseName(file)}: ${describeFsError(err, 'unreadable')}); it may have been moved or deleted: ${again}.`);
    }
  };
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  let plan: Plan;
  try {
    plan = JSON.parse(text(read(joinPath(folder, 'plan.json'), true) as Uint8Array)) as Plan;
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError('INPUT', `The earlier score ${shown} has a damaged plan.json; ${again}.`);
  }
  if (plan?.schema !== 'cuebed.plan/1' || !Array.isArray(plan.sections) || !Array.isArray(plan.cuts) || !Array.isArray(plan.ducking)) {
    throw new RenderError('INPUT', `The earlier score ${shown} has no Cuebed plan (plan.json); ${again}.`);
  }
  const recordBytes = read(joinPath(folder, 'render.json'), false);
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
  if (code && /^E[A-Z]+$/.test(code)) return diskError(err);
  const message = err instanceof Error ? err.message : String(err);
  return new RenderError('INTERNAL', `Cuebed hit an internal error: ${message}. Please report it with the sequence.`);
}
