/**
 * `cuebed plan [INPUT] [--brief TEXT] [--explain | --json] …`: plans without rendering or writing
 * anything, and says why — how the brief was read, which words were not used, the sections with
 * their tempo and chords, the hit rate and the largest tempo change.
 */
import { choosePalette, describePalette, PALETTE_WORDS } from '../music/palette';
import { printable, printableLines } from './printable';
import { parseBrief, planScore } from '../plan';
import { ProgressLine } from './progress';
import type { Plan } from '../plan/types';
import { planTimecoder } from '../report/cuesheet';
import { PLANNING_USAGE, UsageError, parsePlanningArgs } from './args';
import { loadInput } from './input';
import type { CliIo } from './main';

export const PLAN_USAGE = `usage: cuebed plan [INPUT] [options]

  Plans the score for a sequence and explains it; renders and writes nothing.
${PLANNING_USAGE}
  --explain             how the brief was read, sections, tempo, chords, hit rate (default)
  --json                print plan.json instead`;

export function runPlan(argv: string[], io: CliIo): number {
  const { planning: args, values } = parsePlanningArgs(argv, { explain: { type: 'boolean' }, json: { type: 'boolean' } });
  if (args.help) {
    io.stdout(PLAN_USAGE + '\n');
    return 0;
  }
  if (values.json && values.explain) throw new UsageError('--json and --explain are exclusive: pick one');
  // on a terminal, one self-overwriting line: a 100,000-clip sequence takes seconds to read and plan
  const progress = new ProgressLine(io.stderr, io.isTTY);
  progress.show('reading', 0);
  let plan: Plan;
  try {
    const { timeline, sampleRate, speech } = loadInput(args, io.cwd, (f) => progress.show('reading', f));
    plan = planScore(timeline, {
      brief: args.brief,
      preset: args.preset,
      style: args.style,
      seed: args.seed,
      sampleRate,
      duckDb: args.duckDb,
      stingers: args.stingers,
      stingersInDialogue: args.stingersInDialogue,
      speech,
      onProgress: (f) => progress.show('planning', f),
    });
  } finally {
    progress.done();
  }

  const parsedBrief = parseBrief(args.brief);
  for (const w of new Set(plan.warnings)) io.stderr(`cuebed: warning: ${printable(w)}\n`);
  const unused = parsedBrief.unused.filter((w) => !PALETTE_WORDS.test(w));
  if (unused.length > 0) io.stderr(`cuebed: warning: the brief's words ${unused.map((w) => `"${printable(w)}"`).join(', ')} were not used\n`);
  if (values.json) {
    io.stdout(JSON.stringify(plan, null, 2) + '\n');
    return 0;
  }
  io.stdout(printableLines(explainPlan(plan, startTicks(plan))));
  return 0;
}

function startTicks(plan: Plan): number {
  return Number(plan.sequence.startTicks);
}

/** The --explain text: the brief as understood, then the plan, one section per line. */
export function explainPlan(plan: Plan, rangeStartTicks: number): string {
  const brief = parseBrief(plan.brief);
  const tc = planTimecoder({ ...plan, sequence: { ...plan.sequence, startTicks: String(rangeStartTicks) } });
  const lines: string[] = [];
  lines.push(`${printable(plan.sequence.name)}: ${plan.sequence.duration.toFixed(2)} s, ${plan.cuts.length} cuts (${plan.cuts.filter((c) => c.scene).length} scene changes), ${plan.dialogue.length} dialogue regions`);
  lines.push('');
  lines.push(plan.brief ? `Brief: "${plan.brief}"` : 'Brief: (none: the preset decides)');
  for (const u of brief.understood) lines.push(`  "${u.phrase}" → ${u.meaning}`);
  for (const c of brief.conflicts) lines.push(`  conflict: ${c.chose} won over ${c.over}: ${c.why}`);
  const unused = brief.unused.filter((w) => !PALETTE_WORDS.test(w));
  if (unused.length > 0) lines.push(`  not used: ${unused.join(', ')}`);
  lines.push(`Preset ${plan.preset}, style ${plan.style}, target ${plan.targetLufs} LUFS, seed ${plan.seed}`);
  lines.push(`Palette ${describePalette(choosePalette(plan.preset, plan.style, plan.brief))}`);
  lines.push('');
  lines.push('Sections:');
  lines.push(`  ${'start'.padEnd(11)}  ${'kind'.padEnd(7)}  ${'bars'.padStart(4)}  ${'bpm'.padStart(7)}  meter  energy  key         chords`);
  // looked up per section: scanning every cut for each made 100,000 clips' explanation quadratic
  const sceneCuts = new Set(plan.cuts.filter((c) => c.scene).map((c) => c.sample));
  plan.sections.forEach((s, i) => {
    const bpm = s.bpm > 0 ? s.bpm.toFixed(2) : 'free';
    const meter = s.bpm > 0 ? `${s.beatsPerBar}/4` : '-';
    const key = `${s.key} ${s.mode}`;
    const prev = plan.sections[i - 1];
    // a key change says why it is there: the brief's lift, or the new scene it marks
    const scene = sceneCuts.has(s.startSample);
    const change = prev && prev.key !== s.key ? `key change from ${prev.key}${brief.lift ? ' (lift)' : scene ? ' at a scene change' : ''}` : '';
    const notes = [change, s.underDialogue ? 'under dialogue' : '', s.motif ? `motif ${s.motif} ${s.motifVariant ?? ''}`.trim() : ''].filter(Boolean).join(', ');
    lines.push(
      `  ${tc(s.startSample).padEnd(11)}  ${s.kind.padEnd(7)}  ${String(s.bars).padStart(4)}  ${bpm.padStart(7)}  ${meter.padEnd(5)}  ${s.energy.toFixed(2).padStart(6)}  ${key.padEnd(10)}  ${s.chords.map((c) => c.symbol).join(' ')}${notes ? `  (${notes})` : ''}`,
    );
  });
  lines.push('');
  const onBeat = plan.cuts.filter((c) => c.onBeat).length;
  lines.push(`Hit rate: ${(plan.hitRate * 100).toFixed(1)}% (${onBeat} of ${plan.cuts.length} cuts within ±1 frame of a beat)`);
  lines.push(`Largest tempo change: ${plan.maxTempoChangePct.toFixed(2)}%${plan.maxTempoChangePct > 6 ? ' (over the 6% aim: the cuts left no closer fit)' : ''}`);
  if (plan.dialogue.length > 0) {
    const speech = plan.dialogue.filter((d) => d.source.startsWith('speech:')).length;
    lines.push(`Dialogue: ${plan.dialogue.length} regions (${speech} from speech detected in the media, ${plan.dialogue.length - speech} from clip extents)`);
    for (const d of plan.dialogue) lines.push(`  ${tc(d.startSample)} – ${tc(d.endSample)}  ${printable(d.source)}`);
  }
  const depth = plan.ducking.reduce((m, k) => Math.min(m, k.gainDb), 0);
  lines.push(`Ducking: ${plan.ducking.length} keyframes${plan.ducking.length > 1 ? `, down to ${depth} dB` : ''}`);
  if (plan.stingers.length > 0) {
    lines.push(`Stingers: ${plan.stingers.length}`);
    for (const s of plan.stingers) lines.push(`  ${tc(s.hitSample)}  ${s.style}`);
  }
  return lines.join('\n') + '\n';
}
