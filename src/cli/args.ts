import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BitDepth } from '../audio';
import { PRESETS } from '../plan';
import { DEFAULT_MAX_INPUT_MB } from '../io/files';
import type { Style } from '../plan/types';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every command that plans a score takes, described once for all their usage texts. */
export const PLANNING_USAGE = `  INPUT                 FCP7 XML (.xml) exported from Premiere/Resolve/FCP 7, FCPXML (.fcpxml or
                        .fcpxmld bundle) from Final Cut Pro/Resolve, OpenTimelineIO (.otio), or a
                        Cuebed host snapshot (.json). Without INPUT the bundled demo sequence is used.
  --brief TEXT          what the music should do ("bright, builds in the final 20 seconds")
  --preset NAME         ${Object.keys(PRESETS).join(' | ')}
  --style NAME          underscore | bed | thematic | ambient
  --seed N              same input, brief and seed give the same WAV, bit for bit (default 1)
  --sample-rate HZ      44100 | 48000 | 96000 (default: the sequence's, else 48000)
  --duck-db N           depth under dialogue in dB, negative (default per style: -12 underscore)
  --sequence NAME|N     which sequence of a file holding several (its name or 1-based number)
  --dialogue-tracks L   audio tracks carrying dialogue, 1-based (e.g. 1,2); default by track name
  --stingers WHAT       none | scenes | markers | SECONDS,SECONDS… (default none)
  --stingers-in-dialogue  allow stingers to land inside dialogue
  --no-speech           use dialogue clip extents; do not read dialogue media to find speech
  --max-input-mb N      refuse larger input files (default 64)
  -h, --help            this text`;

export const USAGE = `usage: cuebed score [INPUT] [options]
       cuebed plan [INPUT] --explain   (plan only, explained; see cuebed plan --help)
       cuebed regen INPUT --from DIR    (re-score only what an edit changed; see cuebed regen --help)

${PLANNING_USAGE}
  --out DIR             output folder (default cuebed-out/, then cuebed-out-2/ … never overwritten)
  --force               replace a render already in --out
  --bit-depth D         16 | 24 | 32f (default 24)
  --stems               also write stems/<group>.wav that sum to score.wav
  --target-lufs N       integrated loudness of the bed (default per preset)
  --sound-bank FILE     SF2/SF3 bank for the sampled instruments, or "none" for the synth
                        palette (default: $CUEBED_SOUND_BANK, else MuseScore_General_Lite,
                        installed with Cuebed)
  --timeline-out FILE   also write the sequence back with the score placed and ducked, in the
                        input's format (.xml FCP7, .fcpxml, .otio) for Premiere/Resolve/FCP
  --quiet               no progress line

Exit status: 0 done, 2 bad usage or bad input (nothing written), 1 internal failure.`;

const PLANNING_OPTIONS = {
  brief: { type: 'string' },
  preset: { type: 'string' },
  style: { type: 'string' },
  seed: { type: 'string' },
  'sample-rate': { type: 'string' },
  'duck-db': { type: 'string' },
  'dialogue-tracks': { type: 'string' },
  sequence: { type: 'string' },
  stingers: { type: 'string' },
  'stingers-in-dialogue': { type: 'boolean' },
  'no-speech': { type: 'boolean' },
  'max-input-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export interface PlanningArgs {
  input?: string;
  brief: string;
  preset?: string;
  style?: Style;
  seed: number;
  sampleRate?: number;
  duckDb?: number;
  dialogueTracks?: number[];
  /** --sequence: a file's sequence by name or 1-based number. */
  sequence?: string;
  stingers: 'none' | 'scenes' | 'markers' | number[];
  stingersInDialogue: boolean;
  /** Read dialogue media to find where speech is (else clip extents). */
  speech: boolean;
  maxInputBytes: number;
  help: boolean;
}

export interface ScoreArgs extends PlanningArgs {
  out?: string;
  force: boolean;
  bitDepth: BitDepth;
  stems: boolean;
  targetLufs?: number;
  quiet: boolean;
  /** --sound-bank: a file, 'none', or undefined for the installed default. */
  soundBank?: string;
  /** --timeline-out FILE: the sequence written back with the score placed (input's format). */
  timelineOut?: string;
}

const STYLES: readonly Style[] = ['underscore', 'bed', 'thematic', 'ambient'];

/**
 * Parses a planning command's arguments: the shared options plus the command's own `extra`
 * options, whose raw values are returned for the command to interpret.
 */
export function parsePlanningArgs<E extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  extra: E,
): { planning: PlanningArgs; values: Record<keyof E, string | boolean | undefined> } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...PLANNING_OPTIONS, ...extra } });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (name: string) => v[name] as string | undefined;
  if (parsed.positionals.length > 1) throw new UsageError(`one INPUT at most (got ${parsed.positionals.length}: ${parsed.positionals.join(' ')})`);
  const style = str('style');
  if (style !== undefined && !STYLES.includes(style as Style)) throw new UsageError(`--style must be one of ${STYLES.join(', ')} (got "${style}")`);
  const preset = str('preset');
  if (preset !== undefined && !Object.prototype.hasOwnProperty.call(PRESETS, preset)) throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(', ')} (got "${preset}")`);
  const sampleRate = str('sample-rate') === undefined ? undefined : int(str('sample-rate') as string, '--sample-rate');
  if (sampleRate !== undefined && ![44100, 48000, 96000].includes(sampleRate)) throw new UsageError(`--sample-rate must be 44100, 48000 or 96000 (got ${sampleRate})`);
  const duckDb = str('duck-db') === undefined ? undefined : num(str('duck-db') as string, '--duck-db');
  if (duckDb !== undefined && (duckDb > 0 || duckDb < -60)) throw new UsageError(`--duck-db must be between -60 and 0 dB (got ${duckDb})`);
  const planning: PlanningArgs = {
    input: parsed.positionals[0],
    brief: str('brief') ?? '',
    preset,
    style: style as Style | undefined,
    seed: str('seed') === undefined ? 1 : int(str('seed') as string, '--seed'),
    sampleRate,
    duckDb,
    dialogueTracks: dialogueTracksOption(str('dialogue-tracks')),
    sequence: str('sequence'),
    stingers: stingerOption(str('stingers')),
    stingersInDialogue: v['stingers-in-dialogue'] === true,
    speech: v['no-speech'] !== true,
    maxInputBytes: maxInputBytesOption(str('max-input-mb')),
    help: v.help === true,
  };
  return { planning, values: v as Record<keyof E, string | boolean | undefined> };
}

const SCORE_OPTIONS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
  'bit-depth': { type: 'string' },
  stems: { type: 'boolean' },
  'target-lufs': { type: 'string' },
  quiet: { type: 'boolean' },
  'sound-bank': { type: 'string' },
  'timeline-out': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export function parseScoreArgs(argv: string[]): ScoreArgs {
  const { planning, values: v } = parsePlanningArgs(argv, SCORE_OPTIONS);
  const bitDepth = (v['bit-depth'] as string | undefined) ?? '24';
  if (bitDepth !== '16' && bitDepth !== '24' && bitDepth !== '32f') throw new UsageError(`--bit-depth must be 16, 24 or 32f (got "${bitDepth}")`);
  const lufs = v['target-lufs'] as string | undefined;
  const targetLufs = lufs === undefined ? undefined : num(lufs, '--target-lufs');
  if (targetLufs !== undefined && (targetLufs > -5 || targetLufs < -40)) throw new UsageError(`--target-lufs must be between -40 and -5 (got ${targetLufs})`);
  return {
    ...planning,
    out: v.out as string | undefined,
    force: v.force === true,
    bitDepth: bitDepth === '32f' ? '32f' : (Number(bitDepth) as 16 | 24),
    stems: v.stems === true,
    targetLufs,
    quiet: v.quiet === true,
    soundBank: v['sound-bank'] as string | undefined,
    timelineOut: v['timeline-out'] as string | undefined,
  };
}

/** `--dialogue-tracks 1,2`: 1-based audio track numbers. */
export function dialogueTracksOption(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return list(text, '--dialogue-tracks').map((n) => {
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--dialogue-tracks takes 1-based track numbers like 1,2 (got "${text}")`);
    return n;
  });
}

/** `--max-input-mb N` in bytes (default DEFAULT_MAX_INPUT_MB). */
export function maxInputBytesOption(text: string | undefined): number {
  const mb = text === undefined ? DEFAULT_MAX_INPUT_MB : num(text, '--max-input-mb');
  if (!(mb > 0)) throw new UsageError(`--max-input-mb must be positive (got ${mb})`);
  return Math.round(mb * 1024 * 1024);
}

function stingerOption(text: string | undefined): PlanningArgs['stingers'] {
  if (text === undefined || text === 'none') return 'none';
  if (text === 'scenes' || text === 'markers') return text;
  if (text.split(',').some((part) => part.trim() === '' || !Number.isFinite(Number(part)))) {
    throw new UsageError(`--stingers takes none, scenes, markers or seconds like 12.5,40 (got "${text}")`);
  }
  const times = list(text, '--stingers');
  if (times.some((t) => !(t >= 0))) throw new UsageError(`--stingers takes none, scenes, markers or seconds like 12.5,40 (got "${text}")`);
  return times;
}

function list(text: string, flag: string): number[] {
  return text.split(',').map((part) => num(part.trim(), flag));
}

function num(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number (got "${text}")`);
  return n;
}

function int(text: string, flag: string): number {
  const n = num(text, flag);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} needs a whole number (got "${text}")`);
  return n;
}
