import type { Timeline } from './timeline/model';
import type { Plan } from './plan/types';
import type { Arrangement, VoiceGroup } from './music/types';
import { planScore, type SpeechReader } from './plan';
import { arrange } from './music';
import { ArrangementRenderer, drain, renderArrangement } from './synth';
import { MIX_PASS_TRACKS, SideTape } from './synth/stem-render';
import { encodeWav } from './audio';
import { streamScoreSteps } from './audio/stream';
import type { ScoreStreamIo, TrackSpill } from './audio/stream';
import { renderPlanSvg } from './report/svg';
import { renderCueSheet } from './report/cuesheet';
import { scoreWavMetadata } from './report/metadata';
import { scoreRecordJson, type RenderOptionsRecord } from './regen';
import type { SamplerBank } from './sampler/bank';
import { isSampled } from './sampler/gm';

/** The one entry both drivers (CLI, panel) call: timeline + brief + options → plan and audio. */
export interface ScoreOptions extends Omit<RenderOptionsRecord, 'speech'> {
  /** Finds speech inside dialogue media (src/io/media.ts); without it, clip extents are used. */
  speech?: SpeechReader;
  /** Plays the sampled instruments (src/io/bank.ts loads it); without it they play synth stand-ins. */
  sampler?: SamplerBank;
}

export type ScoreStage = 'planning' | 'arranging' | 'rendering' | 'encoding';
export type ProgressListener = (stage: ScoreStage, fraction: number) => void;

export interface ScoreResult {
  plan: Plan;
  arrangement: Arrangement;
  /** Encoded files by their name in the output folder ("score.wav", "stems/pads.wav", …). */
  files: Map<string, Uint8Array>;
  integratedLufs: number;
  truePeakDb: number;
}

export const SOFTWARE = 'Cuebed 0.1.0';

export function scoreTimeline(timeline: Timeline, options: ScoreOptions, onProgress: ProgressListener = () => {}): ScoreResult {
  const { plan, arrangement } = planAndArrange(timeline, options, onProgress);
  onProgress('rendering', 0);
  const render = renderArrangement(arrangement, {
    targetLufs: plan.targetLufs,
    stems: options.stems,
    onProgress: (f) => onProgress('rendering', f),
  });
  onProgress('encoding', 0);
  const meta = scoreWavMetadata(plan, SOFTWARE, arrangement.sampler?.credits);
  const files = new Map<string, Uint8Array>();
  files.set('score.wav', encodeWav(render.mix, plan.sequence.sampleRate, options.bitDepth, meta, ditherSeed(plan, 'score.wav')));
  if (options.stems && render.stems) {
    for (const [group, channels] of Object.entries(render.stems) as Array<[VoiceGroup, [Float32Array, Float32Array]]>) {
      const stemMeta = { ...meta, title: `${meta.title} - ${group}` };
      files.set(`stems/${group}.wav`, encodeWav(channels, plan.sequence.sampleRate, options.bitDepth, stemMeta, ditherSeed(plan, `stems/${group}.wav`)));
    }
  }
  for (const [name, bytes] of describingFiles(plan, { ...options, sampler: arrangement.sampler }, render)) files.set(name, bytes);
  onProgress('encoding', 1);
  return { plan, arrangement, files, integratedLufs: render.integratedLufs, truePeakDb: render.truePeakDb };
}

/**
 * Where a streamed score goes. Where `openSpill` is missing or answers null (no room to keep the
 * first pass), the first pass is rendered again instead of kept.
 */
export type ScoreStreamTarget = Omit<ScoreStreamIo, 'openSpill'> & { openSpill?: (tracks: number, frames: number) => TrackSpill | null };

/**
 * The same score, with the audio streamed: the WAVs are written block by block through `io`
 * (a float spill holds the first pass), so a long sequence never holds the whole mix in memory.
 * Same bytes as scoreTimeline. `files` holds only the small describing files.
 */
export function scoreTimelineStreamed(timeline: Timeline, options: ScoreOptions, target: ScoreStreamTarget, onProgress: ProgressListener = () => {}): ScoreResult {
  return drain(scoreTimelineStreamedSteps(timeline, options, target, onProgress));
}

/** scoreTimelineStreamed, one audio chunk per step (synth/finalise.ts `drain`). */
export function* scoreTimelineStreamedSteps(timeline: Timeline, options: ScoreOptions, target: ScoreStreamTarget, onProgress: ProgressListener = () => {}): Generator<void, ScoreResult, void> {
  const { plan, arrangement } = planAndArrange(timeline, options, onProgress);
  const io: ScoreStreamIo = {
    openOutput: (name) => target.openOutput(name),
    openSpill: (tracks, frames) => target.openSpill?.(tracks, frames) ?? rerenderSpill(arrangement, tracks),
    openParts: (arr, groups) => target.openParts?.(arr, groups) ?? null,
    openEncodedOutput: (name, encoder) => target.openEncodedOutput?.(name, encoder) ?? null,
  };
  onProgress('rendering', 0);
  yield;
  const render = yield* streamScoreSteps(
    arrangement,
    {
      targetLufs: plan.targetLufs,
      stems: options.stems,
      bitDepth: options.bitDepth,
      meta: scoreWavMetadata(plan, SOFTWARE, arrangement.sampler?.credits),
      ditherSeed: (name) => ditherSeed(plan, name),
      onProgress: (f) => onProgress('rendering', f),
    },
    io,
  );
  onProgress('encoding', 0);
  const files = describingFiles(plan, { ...options, sampler: arrangement.sampler }, render);
  onProgress('encoding', 1);
  return { plan, arrangement, files, integratedLufs: render.integratedLufs, truePeakDb: render.truePeakDb };
}

/**
 * A spill that keeps nothing: the renderer is deterministic, so reading the first pass back is
 * rendering it again from the start. For hosts without random-access file writes (UXP's fs has no
 * synchronous positioned write); it costs one more synthesis pass and no memory.
 */
function rerenderSpill(arrangement: Arrangement, tracks: number): TrackSpill {
  let renderer: ArrangementRenderer | null = null;
  return {
    write: () => undefined,
    read: (offset, _n, out) => {
      // the mix pass of a render with stems keeps the gain curve as a third track (its tape, the same each time, is not needed again)
      if (offset === 0 || !renderer) renderer = new ArrangementRenderer(arrangement, tracks === MIX_PASS_TRACKS ? new SideTape(arrangement.lengthSamples) : null);
      renderer.renderChunk(out);
    },
    dispose: () => { renderer = null; },
  };
}

function planAndArrange(timeline: Timeline, options: ScoreOptions, onProgress: ProgressListener): { plan: Plan; arrangement: Arrangement } {
  onProgress('planning', 0);
  const plan = planScore(timeline, {
    brief: options.brief,
    preset: options.preset,
    style: options.style,
    seed: options.seed,
    sampleRate: options.sampleRate,
    targetLufs: options.targetLufs,
    duckDb: options.duckDb,
    stingers: options.stingers,
    stingersInDialogue: options.stingersInDialogue,
    speech: options.speech,
    onProgress: (f) => onProgress('planning', f),
  });
  onProgress('arranging', 0);
  const arrangement = arrange(plan);
  // the bank is credited (WAV, render.json) only when the arrangement plays something on it
  if (options.sampler && arrangement.events.some((e) => isSampled(e.instrument))) arrangement.sampler = options.sampler;
  return { plan, arrangement };
}

/** Dither is seeded per file, so the mix and each stem are reproducible on their own. */
function ditherSeed(plan: Plan, name: string): string {
  return name === 'score.wav' ? `${plan.seed}:score` : `${plan.seed}:stem:${name.replace(/^stems\/|\.wav$/g, '')}`;
}

function describingFiles(
  plan: Plan,
  options: ScoreOptions,
  render: { gainDb: number; integratedLufs: number; truePeakDb: number; mix?: Float32Array[]; segments?: Float64Array },
): Map<string, Uint8Array> {
  return new Map([
    ['plan.json', utf8(JSON.stringify(plan, null, 2) + '\n')],
    ['plan.svg', utf8(renderPlanSvg(plan))],
    ['cuesheet.csv', utf8(renderCueSheet(plan))],
    // What `cuebed regen` needs to reuse this render: options, normalisation gain and loudness
    // blocks (from the mix in memory, or as the streamed render's meter measured them).
    ['render.json', utf8(scoreRecordJson(options, render, SOFTWARE))],
  ]);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
