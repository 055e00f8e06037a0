/**
 * Checks shared by the readers and the drivers, as pure functions.
 *
 * Overlaps on one track. Premiere (like FCP 7 and Resolve) never lets two clips share a moment on
 * one VIDEO track: placing a clip over another trims or splits the one beneath, and a transition is
 * drawn across a cut between two clips that abut (FCP7 XML writes their edges inside it as -1, which
 * the reader resolves to the cut point, so they abut again). None of the seven shared real exports
 * has one. Two video clips overlapping on one track therefore mean a hand-edited, broken or hostile
 * file, and guessing which of them is seen would put cuts where the editor never made them: the
 * readers refuse it, naming both clips.
 * AUDIO is different: Premiere itself writes overlapping clips on the channels of exploded stereo
 * tracks (premiere_example.xml, A7: frames 956–1177 and 1164–1258), and audio only feeds dialogue
 * regions, which are a union anyway. So audio overlaps are accepted without a word (a warning on
 * every genuine Premiere export would teach editors to ignore warnings).
 */
import { type FrameRate, TICKS_PER_SECOND, ticksToSamples, ticksToTimecode } from '../time';
import { InputError, type SourceClip, type Timeline } from './model';

/** The first pair of clips on one track that share time ([start, end) ranges), or undefined. */
export function findOverlap(clips: readonly SourceClip[]): [SourceClip, SourceClip] | undefined {
  const sorted = clips.filter((c) => c.end > c.start).sort((a, b) => a.start - b.start || a.end - b.end);
  let reach: SourceClip | undefined;
  for (const c of sorted) {
    if (reach && c.start < reach.end) return [reach, c];
    if (!reach || c.end > reach.end) reach = c;
  }
  return undefined;
}

/** The longest range the CLI and panel render in one go (see `assertScoreable`). */
export const MAX_SCORE_SECONDS = 3 * 60 * 60;

export interface ScoreableOptions {
  /** Output sample format, named in the memory message (default 24-bit). */
  bitDepth?: 16 | 24 | '32f';
  /** Override the supported maximum (tests, or a future streaming renderer). */
  maxSeconds?: number;
  /** Memory the render may use, in bytes; unchecked when absent. */
  memoryBytes?: number;
}

function hoursMinutes(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/**
 * Peak memory of one render today, in bytes: the whole mix in two Float32 channels plus the encoded
 * WAV, on top of ~100 MB of runtime. Measured with /usr/bin/time on the CLI at 48 kHz/24-bit:
 * 10 min → 466 MB, 30 min → 1.28 GB (≈ 14.8 bytes per sample frame; the formula gives 1.31 GB).
 */
export function estimateRenderBytes(sampleFrames: number, bitDepth: 16 | 24 | '32f' = 24): number {
  const wav = bitDepth === 16 ? 4 : bitDepth === '32f' ? 8 : 6;
  return 100 * 2 ** 20 + sampleFrames * (8 + wav);
}

/**
 * Refuses, before any planning or rendering, a range that Cuebed cannot render within its bounds:
 * - longer than `MAX_SCORE_SECONDS` (3 h). Today's mixer holds the whole mix in memory (see
 *   `estimateRenderBytes`: ~2.4 GB per hour at 48 kHz/24-bit), so a 9-hour sequence would need
 *   ~22 GB before it wrote a byte; 3 hours (~7 GB) covers any feature-length edit. Raise it when
 *   the streaming renderer of issue 4 (60 min in < 400 MB) lands.
 * (A WAV past 4 GiB — 3 h at 96 kHz/32-bit float is 8.3 GB — is written as RF64, src/audio/wav.ts.)
 * - with `memoryBytes` (a driver passes e.g. os.totalmem()), a render estimated to need more.
 * Pure: reads only the timeline's range. Throws InputError naming the limit and the way out (In/Out).
 */
export function assertScoreable(timeline: Timeline, sampleRate: number, options: ScoreableOptions = {}): void {
  const maxSeconds = options.maxSeconds ?? MAX_SCORE_SECONDS;
  const length = timeline.range.end - timeline.range.start;
  const samples = ticksToSamples(length, sampleRate);
  const seconds = length / TICKS_PER_SECOND;
  const shown = `${ticksToTimecode(length, timeline.frameRate)} (${hoursMinutes(seconds)})`;
  let contentEnd = 0;
  for (const c of [...timeline.videoClips, ...timeline.audioClips]) if (c.enabled) contentEnd = Math.max(contentEnd, c.end);
  const what = timeline.range.start > 0 || timeline.range.end < contentEnd ? 'the In/Out range' : 'the sequence';
  const parts = 'set In/Out points around';
  if (seconds > maxSeconds) {
    throw new InputError(
      `${timeline.source}: ${what} lasts ${shown}, longer than the ${hoursMinutes(maxSeconds)} Cuebed scores in one render; ${parts} at most ${hoursMinutes(maxSeconds)} and score the parts one by one`,
    );
  }
  const format = `${sampleRate} Hz ${options.bitDepth === '32f' ? '32-bit float' : `${options.bitDepth ?? 24}-bit`}`;
  if (options.memoryBytes !== undefined) {
    const need = estimateRenderBytes(samples, options.bitDepth);
    if (need > options.memoryBytes) {
      const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;
      throw new InputError(
        `${timeline.source}: rendering ${what} (${shown}) at ${format} needs about ${gb(need)} of memory, more than the ${gb(options.memoryBytes)} available; ${parts} a shorter part or choose a lower --sample-rate`,
      );
    }
  }
}

/**
 * Frame rates an editor's sequence or clip can have: the integer timebases Premiere, Resolve and
 * FCP 7 write, and the NTSC (×1000/1001) variants that exist. Many other rates have an exact tick
 * duration (7 fps does), but none comes from a real export; refusing them keeps a corrupted
 * <timebase> from flowing into the planner as a rate nobody can check.
 */
const KNOWN_TIMEBASES = [10, 12, 15, 16, 18, 20, 24, 25, 30, 48, 50, 60, 72, 90, 96, 100, 120];
const KNOWN_NTSC_TIMEBASES = [15, 24, 30, 48, 60, 120];

export function isKnownFrameRate(rate: FrameRate): boolean {
  if (rate.den === 1) return KNOWN_TIMEBASES.includes(rate.num);
  return rate.den === 1001 && rate.num % 1000 === 0 && KNOWN_NTSC_TIMEBASES.includes(rate.num / 1000);
}

export const KNOWN_FRAME_RATES_TEXT = '23.976, 24, 25, 29.97, 30, 50, 59.94, 60 (or 10–120 fps as Premiere writes them)';
