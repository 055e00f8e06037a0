import * as path from 'node:path';
import { InputError } from '../timeline/model';
import { TICKS_PER_SECOND, TimeError } from '../time';
import * as fs from 'node:fs';
import { SOFTWARE, scoreTimelineStreamedSteps, type ScoreStage } from '../score';
import { CHUNK } from '../synth';
import { StagedOutput, checkOutputFolder } from '../io/files';
import { workerParts } from '../io/render-worker';
import { WriteThread } from '../io/write-thread';
import { claimOutputFolder } from '../io/claim';
import { Interrupted, driveSteps, watchSignals } from './interrupt';
import { printable } from './printable';
import { USAGE, UsageError, parseScoreArgs } from './args';
import { ProgressLine } from './progress';
import { displayPath, loadInput } from './input';
import { assertScoreable } from '../timeline';
import { runPlan } from './plan-command';
import { runRegen } from './regen-command';
import { runDemoStyles } from './demo-styles';
import { cliSoundBank } from './bank';
import { buildTimelineOut, prepareTimelineOut, stingerFiles, writeTimelineOut } from './timeline-out';


export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
}

/** Sequences at least this long get plain progress lines when stderr is not a terminal. */
export const PLAIN_PROGRESS_FROM_SEC = 120;

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
};

/** Runs the CLI; resolves to the exit status (never throws, never prints a stack unless CUEBED_DEBUG is set). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'score':
        return rest.includes('--demo-styles') ? await runDemoStyles(rest.filter((a) => a !== '--demo-styles'), io) : await runScore(rest, io);
      case 'plan':
        return runPlan(rest, io);
      case 'regen':
        return await runRegen(rest, io);
      case '--version':
      case '-V':
      case 'version':
        io.stdout(`${SOFTWARE.replace(/^Cuebed /, 'cuebed ')}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; the commands are: cuebed score [INPUT], cuebed plan [INPUT] --explain, cuebed regen INPUT --from DIR`);
    }
  } catch (err) {
    return reportFailure(err, io);
  }
}

async function runScore(argv: string[], io: CliIo): Promise<number> {
  const args = parseScoreArgs(argv);
  if (args.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const outputNames = ['score.wav', 'plan.json', 'plan.svg', 'cuesheet.csv', 'render.json'];
  const wanted = path.resolve(io.cwd, args.out ?? 'cuebed-out');
  if (args.out) checkOutputFolder(wanted, outputNames, args.force);

  const progress = new ProgressLine(io.stderr, io.isTTY && !args.quiet);
  progress.show('reading', 0);
  const { timeline, sampleRate, speech, text } = loadInput(args, io.cwd, (f) => progress.show('reading', f));
  assertScoreable(timeline, sampleRate, { bitDepth: args.bitDepth });
  // Not a terminal and not --quiet: renders of two minutes and more say where they are, line by line.
  progress.plain(!args.quiet && (timeline.range.end - timeline.range.start) / TICKS_PER_SECOND >= PLAIN_PROGRESS_FROM_SEC);
  const sampler = await cliSoundBank(args.soundBank, io.cwd, io.stderr);
  const timelineOut = args.timelineOut ? prepareTimelineOut(args.timelineOut, text, io.cwd, args.force) : undefined;
  let timelineText: string | undefined;
  const watch = watchSignals();
  // claimed (locked) only now: bad input above has written nothing, made no folder
  const claim = claimOutputFolder(wanted, { force: args.force, versioned: !args.out, marker: 'score.wav' });
  const out = claim.dir;
  // the WAVs' and the spill's write calls run on a thread of their own (src/io/write-thread.ts)
  const writer = WriteThread.open();
  const staged = new StagedOutput(out, undefined, writer);
  let result;
  try {
    result = await staged.guardAsync(async () => {
      const r = await driveSteps(
        scoreTimelineStreamedSteps(
          timeline,
          {
            brief: args.brief,
            preset: args.preset,
            style: args.style,
            seed: args.seed,
            sampleRate,
            bitDepth: args.bitDepth,
            targetLufs: args.targetLufs,
            duckDb: args.duckDb,
            stems: args.stems,
            stingers: args.stingers,
            stingersInDialogue: args.stingersInDialogue,
            speech,
            sampler,
          },
          // The WAVs stream into the output folder under temporary names; the first pass spills there.
          {
            openSpill: (tracks) => staged.spill(tracks, CHUNK), openOutput: (name) => staged.stream(name), openParts: (arr, groups) => workerParts(arr, groups),
            openEncodedOutput: (name, encoder) => staged.streamEncoded(name, encoder),
          },
          (stage: ScoreStage, fraction: number) => progress.show(stage, fraction),
        ),
        watch,
      );
      progress.show('writing', 0);
      for (const [name, bytes] of r.files) staged.put(name, bytes);
      if (timelineOut) {
        if (r.plan.stingers.length > 0) for (const [name, bytes] of stingerFiles(r.plan, args.bitDepth)) staged.put(name, bytes);
        timelineText = buildTimelineOut(timelineOut, text, timeline, r.plan, out);
      }
      // --force replaces the whole earlier render: its stems that this render has not are removed too
      for (const stem of listStems(out)) staged.retire(`stems/${stem}`);
      watch.check();
      const written = staged.commit();
      return { ...r, stemCount: written.filter((f) => f.includes(`${path.sep}stems${path.sep}`)).length };
    });
  } finally {
    writer?.close();
    watch.stop();
    claim.release();
    progress.done();
  }
  if (!args.stems) quietRmdir(path.join(out, 'stems'));
  if (timelineOut && timelineText !== undefined) writeTimelineOut(timelineOut, timelineText);
  if (claim.movedBecause && args.out) io.stderr(`cuebed: warning: ${claim.movedBecause}; this render went to ${displayPath(io.cwd, out)}\n`);

  for (const w of new Set([...timeline.warnings, ...result.plan.warnings])) io.stderr(`cuebed: warning: ${printable(w)}\n`);
  const miss = result.integratedLufs - result.plan.targetLufs;
  if (Number.isFinite(miss) && Math.abs(miss) > 1) {
    io.stderr(`cuebed: warning: the score measures ${result.integratedLufs.toFixed(1)} LUFS, ${Math.abs(miss).toFixed(1)} LU ${miss > 0 ? 'above' : 'below'} the target ${result.plan.targetLufs} (the true-peak limit or a very quiet arrangement held it there); check it before delivery\n`);
  }
  const p = result.plan;
  io.stdout(
    `${displayPath(io.cwd, out)}: score.wav ${p.sequence.duration.toFixed(2)} s (${p.sequence.durationSamples} samples at ${p.sequence.sampleRate} Hz, ${args.bitDepth === '32f' ? '32-bit float' : `${args.bitDepth}-bit`}), ` +
      `${result.integratedLufs.toFixed(1)} LUFS, true peak ${result.truePeakDb.toFixed(1)} dBTP; ` +
      `${p.sections.length} sections, ${p.cuts.length === 0 ? '0 cuts (nothing to hit)' : `${p.cuts.length} cuts, hit rate ${(p.hitRate * 100).toFixed(0)}%`}, ${p.stingers.length} stingers` +
      `${args.stems ? `, ${result.stemCount} stems` : ''}\n`,
  );
  if (timelineOut) io.stdout(`${displayPath(io.cwd, timelineOut.file)}: the sequence with the score placed and ducked${result.plan.stingers.length > 0 ? ` and ${result.plan.stingers.length} stingers on their own track (switched off: score.wav holds them)` : ''}; import it into your editing application\n`);
  return 0;
}

function listStems(dir: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, 'stems')).filter((f) => f.endsWith('.wav'));
  } catch {
    return [];
  }
}

function quietRmdir(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or not there: nothing to tidy
  }
}

function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof Interrupted) {
    io.stderr(`cuebed: ${err.message}; stopped, this run's temporary files are removed and any earlier render is unchanged\n`);
    return err.exitCode;
  }
  if (err instanceof UsageError) {
    io.stderr(`cuebed: ${printable(err.message)} (see cuebed --help)\n`);
    return 2;
  }
  if (err instanceof InputError || err instanceof TimeError) {
    io.stderr(`cuebed: ${printable(err.message)}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`cuebed: internal error: ${printable(message)}; please report it with the input file (set CUEBED_DEBUG=1 for details)\n`);
  if (process.env.CUEBED_DEBUG && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
  return 1;
}
