import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../timeline/model';
import { assertScoreable } from '../timeline';
import { SOFTWARE } from '../score';
import type { Plan } from '../plan/types';
import { WriteThread } from '../io/write-thread';
import { DEFAULT_MAX_INPUT_BYTES, StagedOutput, checkOutputFolder, checkReadCost, describeFsError, formatBytes, specialFileKind } from '../io/files';
import { openPcmSource } from '../io/pcm-source';
import { claimOutputFolder } from '../io/claim';
import { checkPreviousPlan } from '../regen/previous-check';
import { sameFolder } from '../io/paths';
import { parseRenderRecord, regenerateWithinTargetStreamedSteps, type PcmSource, type RenderRecord } from '../regen';
import { driveSteps, watchSignals } from './interrupt';
import { UsageError, dialogueTracksOption, maxInputBytesOption } from './args';
import { displayPath, loadInput } from './input';
import { ProgressLine } from './progress';
import { regenSoundBank } from './bank';
import { printable } from './printable';
import type { CliIo } from './main';

export const REGEN_USAGE = `usage: cuebed regen INPUT --from PREVIOUS_DIR [--out DIR]

  Re-scores INPUT (the edited sequence: FCP7 XML or host snapshot) around what changed since the
  render in PREVIOUS_DIR: music where the picture did not change is copied bit for bit (moved
  with the picture where a ripple moved it); only sections touching the edit are re-planned and
  re-rendered, at the previous render's loudness gain. PREVIOUS_DIR is never modified.

  --from DIR            the previous render (score.wav, plan.json, render.json)
  --out DIR             output folder (default cuebed-out/, then cuebed-out-2/ … never overwritten)
  --force               replace a render already in --out; regenerate from a render of
                        another sequence (refused without it)
  --sequence NAME|N     which sequence of a file holding several (its name or 1-based number)
  --dialogue-tracks L   audio tracks carrying dialogue, 1-based (e.g. 1,2); default by track name
  --no-speech           use dialogue clip extents; do not read dialogue media to find speech
  --max-input-mb N      refuse larger input files (default 64)
  --quiet               no progress line
  -h, --help            this text

Exit status: 0 done, 2 bad usage or bad input (nothing written), 1 internal failure.`;

interface RegenArgs {
  input: string;
  from: string;
  out?: string;
  force: boolean;
  dialogueTracks?: number[];
  sequence?: string;
  speech: boolean;
  maxInputBytes: number;
  quiet: boolean;
}

function parseRegenArgs(argv: string[]): RegenArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        from: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, 'dialogue-tracks': { type: 'string' }, sequence: { type: 'string' },
        'no-speech': { type: 'boolean' }, 'max-input-mb': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (parsed.positionals.length !== 1) throw new UsageError(`regen takes one INPUT, the edited sequence (got ${parsed.positionals.length})`);
  if (!v.from) throw new UsageError('regen needs --from PREVIOUS_DIR, the folder of the render to regenerate around');
  return {
    input: parsed.positionals[0], from: v.from, out: v.out, force: v.force ?? false, dialogueTracks: dialogueTracksOption(v['dialogue-tracks']), sequence: v.sequence,
    speech: !(v['no-speech'] ?? false), maxInputBytes: maxInputBytesOption(v['max-input-mb']), quiet: v.quiet ?? false,
  };
}

/** `cuebed regen INPUT --from PREVIOUS_DIR [--out DIR]`: exit status as runScore's. */
export async function runRegen(argv: string[], io: CliIo): Promise<number> {
  const args = parseRegenArgs(argv);
  if (!args) {
    io.stdout(REGEN_USAGE + '\n');
    return 0;
  }
  const from = path.resolve(io.cwd, args.from);
  const wanted = path.resolve(io.cwd, args.out ?? 'cuebed-out');
  // by real path and inode: a symlink (or a bind mount) to the previous render is the previous render
  if (args.out && sameFolder(wanted, from)) throw new UsageError('--out must differ from --from: the previous render is never modified');
  const previous = readPrevious(from, io.cwd);
  try {
    return await regenInto(args, from, wanted, previous, io);
  } finally {
    previous.close();
  }
}

async function regenInto(args: RegenArgs, from: string, wanted: string, previous: ReturnType<typeof readPrevious>, io: CliIo): Promise<number> {
  if (args.out) checkOutputFolder(wanted, ['score.wav', 'plan.json', 'plan.svg', 'cuesheet.csv', 'render.json'], args.force);

  const progress = new ProgressLine(io.stderr, io.isTTY && !args.quiet);
  progress.show('reading', 0);
  const { timeline, speech } = loadInput({ ...args, sampleRate: previous.plan.sequence.sampleRate }, io.cwd);
  assertScoreable(timeline, previous.plan.sequence.sampleRate);
  const before = previous.plan.sequence.name;
  const otherSequence = before !== timeline.name;
  if (otherSequence && !args.force) {
    throw new InputError(
      `${displayPath(io.cwd, from)} is a render of sequence "${before}", but ${displayPath(io.cwd, path.resolve(io.cwd, args.input))} is sequence "${timeline.name}": ` +
        `regenerate from a render of "${timeline.name}" (or score it), or pass --force to use this one anyway`,
    );
  }
  const sampler = await regenSoundBank(previous.record, io.stderr);
  progress.show('rendering', 0);
  // SIGINT/SIGTERM stop the regeneration between blocks: this run's files go, the previous render stays (as in score)
  const watch = watchSignals();
  let outcome;
  let writer: WriteThread | null = null;
  try {
    const claim = claimOutputFolder(wanted, { force: args.force, versioned: !args.out, marker: 'score.wav' });
    const out = claim.dir;
    try {
      // the claim may have moved on to another folder: check again that it is not the previous render
      if (sameFolder(out, from)) throw new UsageError('--out must differ from --from: the previous render is never modified');
      // score.wav streams into the folder as it is assembled (its write calls on their own
      // thread, src/io/write-thread.ts); the previous one is read in blocks
      writer = WriteThread.open();
      const staged = new StagedOutput(out, undefined, writer);
      outcome = await staged.guardAsync(async () => {
        const r = await driveSteps(regenerateWithinTargetStreamedSteps(timeline, { ...previous, folder: displayPath(io.cwd, from) }, {
          software: SOFTWARE,
          speech,
          sampler,
          onProgress: (f) => progress.show('rendering', f),
        }, () => staged.stream('score.wav')), watch);
        progress.show('writing', 0);
        for (const [name, bytes] of r.files) staged.put(name, bytes);
        watch.check();
        staged.commit();
        return { r, out, movedBecause: claim.movedBecause };
      });
    } finally {
      writer?.close();
      claim.release();
    }
  } finally {
    watch.stop();
    progress.done();
  }
  const { r: result, out, movedBecause } = outcome;
  if (movedBecause && args.out) io.stderr(`cuebed: warning: ${movedBecause}; this render went to ${displayPath(io.cwd, out)}\n`);

  if (otherSequence) io.stderr(`cuebed: warning: regenerated from a render of another sequence ("${printable(before)}"), as --force asked\n`);
  for (const w of new Set([...timeline.warnings, ...result.plan.warnings])) io.stderr(`cuebed: warning: ${printable(w)}\n`);
  const p = result.plan;
  const sr = p.sequence.sampleRate;
  const synthesised = result.renderedSpans.reduce((a, [s, e]) => a + (e - s), 0);
  const offsets = new Map(result.diff.sections.map((c) => [c.id, c.offsetFrames ?? 0]));
  const list = (ids: string[], withOffset = false) =>
    ids.length === 0 ? '-' : ids.map((id) => (withOffset ? `${id} (${(offsets.get(id) ?? 0) > 0 ? '+' : ''}${offsets.get(id)} frames)` : id)).join(', ');
  io.stdout(
    `${displayPath(io.cwd, out)}: score.wav ${p.sequence.duration.toFixed(2)} s regenerated from ${displayPath(io.cwd, from)}: ` +
      `${result.kept.length} kept, ${result.shifted.length} shifted, ${result.rendered.length} re-rendered, ${result.removed.length} removed; ` +
      `${(synthesised / sr).toFixed(1)} s of ${p.sequence.duration.toFixed(1)} s synthesised (${((100 * synthesised) / p.sequence.durationSamples).toFixed(0)}%), ` +
      `${Number.isFinite(result.integratedLufs) ? result.integratedLufs.toFixed(1) : '-inf'} LUFS at the previous gain (${result.gainDb.toFixed(2)} dB), ` +
      `true peak ${Number.isFinite(result.truePeakDb) ? result.truePeakDb.toFixed(1) : '-inf'} dBTP\n` +
      `  kept:        ${list(result.kept)}\n` +
      `  shifted:     ${list(result.shifted, true)}\n` +
      `  re-rendered: ${list(result.rendered)}\n` +
      `  removed:     ${list(result.removed)}\n`,
  );
  return 0;
}

function readPrevious(dir: string, cwd: string): { plan: Plan; record?: RenderRecord; wav: PcmSource; close: () => void } {
  const shown = displayPath(cwd, dir);
  // score.wav is opened, not read: regeneration reads it in blocks (an hour at 24-bit is 1 GB)
  const read = <T>(name: string, required: boolean, how: (file: string) => T = (f) => fs.readFileSync(f) as T): T | undefined => {
    const file = path.join(dir, name);
    const hint = '--from must name the folder of an earlier Cuebed render';
    try {
      const stat = fs.statSync(file);
      const special = specialFileKind(stat);
      if (special) throw new InputError(`${path.join(shown, name)}: is ${special}, not a file; ${hint}`);
      if (name.endsWith('.json')) {
        // parsed whole: a plan of hours of picture is a few MB; a bigger one is not Cuebed's, and one the heap cannot hold would abort the process
        if (stat.size > DEFAULT_MAX_INPUT_BYTES) throw new InputError(`${path.join(shown, name)}: ${formatBytes(stat.size)} is not a file Cuebed wrote (its plans and records are a few MB); ${hint}`);
        checkReadCost(path.join(shown, name), stat.size, 'score the sequence afresh with cuebed score');
      }
      return how(file);
    } catch (err) {
      if (err instanceof InputError) throw err;
      if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new InputError(`${path.join(shown, name)}: ${describeFsError(err, 'cannot be read')}; ${hint}`);
    }
  };
  const planBytes = read<Buffer>('plan.json', true) as Buffer;
  let plan: Plan;
  try {
    plan = JSON.parse(planBytes.toString('utf8')) as Plan;
  } catch {
    throw new InputError(`${path.join(shown, 'plan.json')}: not valid JSON`);
  }
  if (plan?.schema !== 'cuebed.plan/1' || !Array.isArray(plan.sections) || !Array.isArray(plan.cuts)) {
    throw new InputError(`${path.join(shown, 'plan.json')}: not a cuebed.plan/1 plan`);
  }
  try {
    checkPreviousPlan(plan, path.join(shown, 'plan.json'));
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const recordBytes = read<Buffer>('render.json', false);
  let record: RenderRecord | undefined;
  if (recordBytes) {
    try {
      record = parseRenderRecord(recordBytes.toString('utf8'), path.join(shown, 'render.json'));
    } catch (err) {
      throw new InputError((err as Error).message);
    }
  }
  const wav = read('score.wav', true, openPcmSource) as PcmSource & { close: () => void };
  return { plan, record, wav, close: wav.close };
}
