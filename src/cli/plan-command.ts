/**
 * `cuebed plan [INPUT] [--brief TEXT] [--explain | --json] …`: plans without rendering or writing
 * anything, and says why — how the brief was read, which words were not used, the sections with
 * their tempo and chords, the hit rate and the largest tempo change.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readTimelineFile } from '../timeline';
import { readInputText } from '../io/files';
import { createSpeechReader } from '../io/media';
import { PRESETS, parseBrief, planScore } from '../plan';
import type { Plan, Style } from '../plan/types';
import { samplesToTicks, ticksToTimecode } from '../time';
import { UsageError } from './args';
import type { CliIo } from './main';
import { DEMO_SEQUENCE } from './demo';


export const PLAN_USAGE = `usage: cuebed plan [INPUT] [options]

  Plans the score for a sequence and explains it; renders and writes nothing.
  INPUT                 FCP7 XML (.xml) or Cuebed snapshot (.json); default: the bundled demo
  --brief TEXT          what the music should do
  --explain             how the brief was read, sections, tempo, chords, hit rate (default)
  --json                print plan.json instead
  --preset NAME         ${Object.keys(PRESETS).join(' | ')}
  --style NAME          underscore | bed | thematic | ambient
  --seed N              default 1
  --sample-rate HZ      44100 | 48000 | 96000 (default: the sequence's, else 48000)
  --duck-db N           depth under dialogue in dB, negative (default per style)
  --dialogue-tracks L   audio tracks carrying dialogue, 1-based (e.g. 1,2)
  --stingers WHAT       none | scenes | markers | SECONDS,SECONDS…
  --stingers-in-dialogue  allow stingers to land inside dialogue
  --no-speech           use dialogue clip extents; do not read the media to find speech
  --max-input-mb N      refuse larger input files (default 200)
  -h, --help            this text`;

const STYLES: readonly Style[] = ['underscore', 'bed', 'thematic', 'ambient'];

export function runPlan(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        brief: { type: 'string' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
        preset: { type: 'string' },
        style: { type: 'string' },
        seed: { type: 'string' },
        'sample-rate': { type: 'string' },
        'duck-db': { type: 'string' },
        'dialogue-tracks': { type: 'string' },
        stingers: { type: 'string' },
        'stingers-in-dialogue': { type: 'boolean' },
        'no-speech': { type: 'boolean' },
        'max-input-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(PLAN_USAGE + '\n');
    return 0;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`one INPUT at most (got ${parsed.positionals.length}: ${parsed.positionals.join(' ')})`);
  if (v.json && v.explain) throw new UsageError('--json and --explain are exclusive: pick one');
  if (v.style !== undefined && !STYLES.includes(v.style as Style)) throw new UsageError(`--style must be one of ${STYLES.join(', ')} (got "${v.style}")`);
  if (v.preset !== undefined && !(v.preset in PRESETS)) throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(', ')} (got "${v.preset}")`);
  const seed = v.seed === undefined ? 1 : int(v.seed, '--seed');
  const sampleRateArg = v['sample-rate'] === undefined ? undefined : int(v['sample-rate'], '--sample-rate');
  if (sampleRateArg !== undefined && ![44100, 48000, 96000].includes(sampleRateArg)) throw new UsageError(`--sample-rate must be 44100, 48000 or 96000 (got ${sampleRateArg})`);
  const duckDb = v['duck-db'] === undefined ? undefined : num(v['duck-db'], '--duck-db');
  if (duckDb !== undefined && (duckDb > 0 || duckDb < -60)) throw new UsageError(`--duck-db must be between -60 and 0 dB (got ${duckDb})`);
  const maxMb = v['max-input-mb'] === undefined ? 200 : num(v['max-input-mb'], '--max-input-mb');
  if (!(maxMb > 0)) throw new UsageError(`--max-input-mb must be positive (got ${maxMb})`);
  const dialogueTracks = v['dialogue-tracks'] === undefined ? undefined : v['dialogue-tracks'].split(',').map((part) => {
    const n = num(part.trim(), '--dialogue-tracks');
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--dialogue-tracks takes 1-based track numbers like 1,2 (got "${v['dialogue-tracks']}")`);
    return n;
  });
  const stingers = stingerOption(v.stingers);

  const input = parsed.positionals[0] ? path.resolve(io.cwd, parsed.positionals[0]) : DEMO_SEQUENCE;
  const text = readInputText(input, Math.round(maxMb * 1024 * 1024));
  const timeline = readTimelineFile(text, parsed.positionals[0] ?? path.relative(io.cwd, input), { dialogueTracks });
  const sampleRate = sampleRateArg ?? (timeline.audioSampleRate && [44100, 48000, 96000].includes(timeline.audioSampleRate) ? timeline.audioSampleRate : 48000);
  const brief = v.brief ?? '';
  const plan = planScore(timeline, {
    brief, preset: v.preset, style: v.style as Style | undefined, seed, sampleRate, duckDb, stingers,
    stingersInDialogue: v['stingers-in-dialogue'] ?? false,
    speech: v['no-speech'] ? undefined : createSpeechReader({ baseDir: path.dirname(input) }),
  });

  const parsedBrief = parseBrief(brief);
  for (const w of new Set(plan.warnings)) io.stderr(`cuebed: warning: ${w}\n`);
  if (parsedBrief.unused.length > 0) io.stderr(`cuebed: warning: the brief's words ${parsedBrief.unused.map((w) => `"${w}"`).join(', ')} were not used\n`);
  if (v.json) {
    io.stdout(JSON.stringify(plan, null, 2) + '\n');
    return 0;
  }
  io.stdout(explainPlan(plan, startTicks(plan)));
  return 0;
}

function startTicks(plan: Plan): number {
  return Number(plan.sequence.startTicks);
}

/** The --explain text: the brief as understood, then the plan, one section per line. */
export function explainPlan(plan: Plan, rangeStartTicks: number): string {
  const brief = parseBrief(plan.brief);
  const sr = plan.sequence.sampleRate;
  const rate = plan.sequence.frameRate;
  const tc = (sample: number) => ticksToTimecode(rangeStartTicks + samplesToTicks(sample, sr), rate);
  const lines: string[] = [];
  lines.push(`${plan.sequence.name}: ${plan.sequence.duration.toFixed(2)} s, ${plan.cuts.length} cuts (${plan.cuts.filter((c) => c.scene).length} scene changes), ${plan.dialogue.length} dialogue regions`);
  lines.push('');
  lines.push(plan.brief ? `Brief: "${plan.brief}"` : 'Brief: (none: the preset decides)');
  for (const u of brief.understood) lines.push(`  "${u.phrase}" → ${u.meaning}`);
  if (brief.unused.length > 0) lines.push(`  not used: ${brief.unused.join(', ')}`);
  lines.push(`Preset ${plan.preset}, style ${plan.style}, target ${plan.targetLufs} LUFS, seed ${plan.seed}`);
  lines.push('');
  lines.push('Sections:');
  lines.push(`  ${'start'.padEnd(11)}  ${'kind'.padEnd(7)}  ${'bars'.padStart(4)}  ${'bpm'.padStart(7)}  meter  energy  key         chords`);
  for (const s of plan.sections) {
    const bpm = s.bpm > 0 ? s.bpm.toFixed(2) : 'free';
    const meter = s.bpm > 0 ? `${s.beatsPerBar}/4` : '-';
    const key = `${s.key} ${s.mode}`;
    const notes = [s.underDialogue ? 'under dialogue' : '', s.motif ? `motif ${s.motif} ${s.motifVariant ?? ''}`.trim() : ''].filter(Boolean).join(', ');
    lines.push(
      `  ${tc(s.startSample).padEnd(11)}  ${s.kind.padEnd(7)}  ${String(s.bars).padStart(4)}  ${bpm.padStart(7)}  ${meter.padEnd(5)}  ${s.energy.toFixed(2).padStart(6)}  ${key.padEnd(10)}  ${s.chords.map((c) => c.symbol).join(' ')}${notes ? `  (${notes})` : ''}`,
    );
  }
  lines.push('');
  const onBeat = plan.cuts.filter((c) => c.onBeat).length;
  lines.push(`Hit rate: ${(plan.hitRate * 100).toFixed(1)}% (${onBeat} of ${plan.cuts.length} cuts within ±1 frame of a beat)`);
  lines.push(`Largest tempo change: ${plan.maxTempoChangePct.toFixed(2)}%${plan.maxTempoChangePct > 6 ? ' (over the 6% aim: the cuts left no closer fit)' : ''}`);
  if (plan.dialogue.length > 0) {
    const speech = plan.dialogue.filter((d) => d.source.startsWith('speech:')).length;
    lines.push(`Dialogue: ${plan.dialogue.length} regions (${speech} from speech detected in the media, ${plan.dialogue.length - speech} from clip extents)`);
    for (const d of plan.dialogue) lines.push(`  ${tc(d.startSample)} – ${tc(d.endSample)}  ${d.source}`);
  }
  const depth = plan.ducking.reduce((m, k) => Math.min(m, k.gainDb), 0);
  lines.push(`Ducking: ${plan.ducking.length} keyframes${plan.ducking.length > 1 ? `, down to ${depth} dB` : ''}`);
  if (plan.stingers.length > 0) {
    lines.push(`Stingers: ${plan.stingers.length}`);
    for (const s of plan.stingers) lines.push(`  ${tc(s.hitSample)}  ${s.style}`);
  }
  return lines.join('\n') + '\n';
}

function stingerOption(text: string | undefined): 'none' | 'scenes' | 'markers' | number[] {
  if (text === undefined || text === 'none') return 'none';
  if (text === 'scenes' || text === 'markers') return text;
  const times = text.split(',').map((p) => num(p.trim(), '--stingers'));
  if (times.some((t) => !(t >= 0))) throw new UsageError(`--stingers takes none, scenes, markers or seconds like 12.5,40 (got "${text}")`);
  return times;
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
