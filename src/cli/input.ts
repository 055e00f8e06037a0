import * as path from 'node:path';
import { readTimelineFile } from '../timeline';
import type { Timeline } from '../timeline/model';
import { readInputFile } from '../io/files';
import { createSpeechReader } from '../io/media';
import type { SpeechReader } from '../plan';
import { UsageError, type PlanningArgs } from './args';
import { TICKS_PER_SECOND } from '../time';
import { DEMO_SEQUENCE } from './demo';

export interface LoadedInput {
  /** Absolute path of what was read (the demo when no INPUT was given). */
  path: string;
  timeline: Timeline;
  /** The render rate: --sample-rate, else the sequence's when supported, else 48 kHz. */
  sampleRate: number;
  speech?: SpeechReader;
  /** The input file's text, as read. */
  text: string;
}

/** Reads INPUT (or the demo) into a Timeline, the same way for every command. */
export function loadInput(args: Pick<PlanningArgs, 'input' | 'maxInputBytes' | 'dialogueTracks' | 'sampleRate' | 'speech'> & { stingers?: PlanningArgs['stingers']; sequence?: string }, cwd: string, onProgress?: (fraction: number) => void): LoadedInput {
  const input = args.input ? path.resolve(cwd, args.input) : DEMO_SEQUENCE;
  const shown = args.input ?? path.relative(cwd, input);
  const { text, warnings } = readInputFile(bundleDocument(input), args.maxInputBytes, shown);
  const timeline = readTimelineFile(text, shown, { dialogueTracks: args.dialogueTracks, sequence: args.sequence, onProgress });
  timeline.warnings.unshift(...warnings);
  checkStingerTimes(args.stingers, timeline);
  const own = timeline.audioSampleRate;
  const sampleRate = args.sampleRate ?? (own && [44100, 48000, 96000].includes(own) ? own : 48000);
  return { path: input, text, timeline, sampleRate, speech: args.speech ? createSpeechReader({ baseDir: path.dirname(input) }) : undefined };
}

/**
 * An FCPXML bundle (`Project.fcpxmld`, a folder Final Cut Pro 10.6+ writes) holds its document as
 * Info.fcpxml; anything else is read as given.
 */
export function bundleDocument(input: string): string {
  return /\.fcpxmld[\\/]?$/i.test(input) ? path.join(input, 'Info.fcpxml') : input;
}

/** Relative to where the editor ran the command when inside it, else absolute. */
export function displayPath(cwd: string, target: string): string {
  const rel = path.relative(cwd, target);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? target : rel;
}

/** `--stingers 12.5,40`: a time past the end of what is scored is a typo, not a request to move it to some cut. */
function checkStingerTimes(stingers: PlanningArgs['stingers'] | undefined, timeline: Timeline): void {
  if (!Array.isArray(stingers)) return;
  const seconds = (timeline.range.end - timeline.range.start) / TICKS_PER_SECOND;
  const late = stingers.find((t) => t > seconds);
  if (late !== undefined) {
    throw new UsageError(`--stingers ${late} is past the end of the sequence (${seconds.toFixed(2)} s long); give seconds from its start`);
  }
}
