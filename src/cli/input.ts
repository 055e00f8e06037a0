import * as path from 'node:path';
import { readTimelineFile } from '../timeline';
import type { Timeline } from '../timeline/model';
import { readInputText } from '../io/files';
import { createSpeechReader } from '../io/media';
import type { SpeechReader } from '../plan';
import type { PlanningArgs } from './args';
import { DEMO_SEQUENCE } from './demo';

export interface LoadedInput {
  /** Absolute path of what was read (the demo when no INPUT was given). */
  path: string;
  timeline: Timeline;
  /** The render rate: --sample-rate, else the sequence's when supported, else 48 kHz. */
  sampleRate: number;
  speech?: SpeechReader;
}

/** Reads INPUT (or the demo) into a Timeline, the same way for every command. */
export function loadInput(args: Pick<PlanningArgs, 'input' | 'maxInputBytes' | 'dialogueTracks' | 'sampleRate' | 'speech'>, cwd: string): LoadedInput {
  const input = args.input ? path.resolve(cwd, args.input) : DEMO_SEQUENCE;
  const text = readInputText(bundleDocument(input), args.maxInputBytes);
  const timeline = readTimelineFile(text, args.input ?? path.relative(cwd, input), { dialogueTracks: args.dialogueTracks });
  const own = timeline.audioSampleRate;
  const sampleRate = args.sampleRate ?? (own && [44100, 48000, 96000].includes(own) ? own : 48000);
  return { path: input, timeline, sampleRate, speech: args.speech ? createSpeechReader({ baseDir: path.dirname(input) }) : undefined };
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
