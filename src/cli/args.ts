import { parseArgs } from 'node:util';
import type { BitDepth } from '../audio';
import type { Style } from '../plan/types';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: cuebed score [INPUT] [options]
       cuebed plan [INPUT] --explain   (plan only, explained; see cuebed plan --help)

  INPUT                 FCP7 XML (.xml) exported from Premiere/Resolve/FCP, or a Cuebed
                        host snapshot (.json). Without INPUT the bundled demo sequence is scored.
  --brief TEXT          what the music should do ("bright, builds in the final 20 seconds")
  --preset NAME         corporate | documentary | social | e-learning | trailer | ai-film
  --style NAME          underscore | bed | thematic | ambient
  --seed N              same input, brief and seed give the same WAV, bit for bit (default 1)
  --out DIR             output folder (default cuebed-out/, then cuebed-out-2/ … never overwritten)
  --force               replace a render already in --out
  --sample-rate HZ      44100 | 48000 | 96000 (default: the sequence's, else 48000)
  --bit-depth D         16 | 24 | 32f (default 24)
  --stems               also write stems/<group>.wav that sum to score.wav
  --target-lufs N       integrated loudness of the bed (default per preset)
  --duck-db N           depth under dialogue in dB, negative (default per style: -12 underscore)
  --dialogue-tracks L   audio tracks carrying dialogue, 1-based (e.g. 1,2); default by track name
  --stingers WHAT       none | scenes | markers | SECONDS,SECONDS… (default none)
  --stingers-in-dialogue  allow stingers to land inside dialogue
  --no-speech           use dialogue clip extents; do not read dialogue media to find speech
  --max-input-mb N      refuse larger input files (default 200)
  --quiet               no progress line
  -h, --help            this text

Exit status: 0 done, 2 bad usage or bad input (nothing written), 1 internal failure.`;

export interface ScoreArgs {
  input?: string;
  brief: string;
  preset?: string;
  style?: Style;
  seed: number;
  out?: string;
  force: boolean;
  sampleRate?: number;
  bitDepth: BitDepth;
  stems: boolean;
  targetLufs?: number;
  duckDb?: number;
  dialogueTracks?: number[];
  stingers: 'none' | 'scenes' | 'markers' | number[];
  stingersInDialogue: boolean;
  /** Read dialogue media to find where speech is (else clip extents). */
  speech: boolean;
  maxInputBytes: number;
  quiet: boolean;
  help: boolean;
}

const STYLES: readonly Style[] = ['underscore', 'bed', 'thematic', 'ambient'];

export function parseScoreArgs(argv: string[]): ScoreArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        brief: { type: 'string' },
        preset: { type: 'string' },
        style: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        'sample-rate': { type: 'string' },
        'bit-depth': { type: 'string' },
        stems: { type: 'boolean' },
        'target-lufs': { type: 'string' },
        'duck-db': { type: 'string' },
        'dialogue-tracks': { type: 'string' },
        stingers: { type: 'string' },
        'stingers-in-dialogue': { type: 'boolean' },
        'no-speech': { type: 'boolean' },
        'max-input-mb': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new UsageError(`one INPUT at most (got ${parsed.positionals.length}: ${parsed.positionals.join(' ')})`);
  const style = v.style;
  if (style !== undefined && !STYLES.includes(style as Style)) throw new UsageError(`--style must be one of ${STYLES.join(', ')} (got "${style}")`);
  const bitDepth = v['bit-depth'] ?? '24';
  if (bitDepth !== '16' && bitDepth !== '24' && bitDepth !== '32f') throw new UsageError(`--bit-depth must be 16, 24 or 32f (got "${bitDepth}")`);
  const sampleRate = v['sample-rate'] === undefined ? undefined : int(v['sample-rate'], '--sample-rate');
  if (sampleRate !== undefined && ![44100, 48000, 96000].includes(sampleRate)) throw new UsageError(`--sample-rate must be 44100, 48000 or 96000 (got ${sampleRate})`);
  const duckDb = v['duck-db'] === undefined ? undefined : num(v['duck-db'], '--duck-db');
  if (duckDb !== undefined && (duckDb > 0 || duckDb < -60)) throw new UsageError(`--duck-db must be between -60 and 0 dB (got ${duckDb})`);
  const targetLufs = v['target-lufs'] === undefined ? undefined : num(v['target-lufs'], '--target-lufs');
  if (targetLufs !== undefined && (targetLufs > -5 || targetLufs < -40)) throw new UsageError(`--target-lufs must be between -40 and -5 (got ${targetLufs})`);
  const maxMb = v['max-input-mb'] === undefined ? 200 : num(v['max-input-mb'], '--max-input-mb');
  if (!(maxMb > 0)) throw new UsageError(`--max-input-mb must be positive (got ${maxMb})`);
  return {
    input: parsed.positionals[0],
    brief: v.brief ?? '',
    preset: v.preset,
    style: style as Style | undefined,
    seed: v.seed === undefined ? 1 : int(v.seed, '--seed'),
    out: v.out,
    force: v.force ?? false,
    sampleRate,
    bitDepth: bitDepth === '32f' ? '32f' : (Number(bitDepth) as 16 | 24),
    stems: v.stems ?? false,
    targetLufs,
    duckDb,
    dialogueTracks: v['dialogue-tracks'] === undefined ? undefined : list(v['dialogue-tracks'], '--dialogue-tracks').map((n) => {
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--dialogue-tracks takes 1-based track numbers like 1,2 (got "${v['dialogue-tracks']}")`);
      return n;
    }),
    stingers: stingerOption(v.stingers),
    stingersInDialogue: v['stingers-in-dialogue'] ?? false,
    speech: !(v['no-speech'] ?? false),
    maxInputBytes: Math.round(maxMb * 1024 * 1024),
    quiet: v.quiet ?? false,
    help: v.help ?? false,
  };
}

function stingerOption(text: string | undefined): ScoreArgs['stingers'] {
  if (text === undefined || text === 'none') return 'none';
  if (text === 'scenes' || text === 'markers') return text;
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
