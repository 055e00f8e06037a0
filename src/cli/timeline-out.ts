/**
 * `cuebed score … --timeline-out FILE`: the score handed back as a timeline the editor's NLE
 * imports, in the input's own format (FCP7 XML for FCP7 XML, OTIO for .otio, FCPXML for FCPXML):
 * the original sequence plus the score on its own audio track at the scored range's start, ducked
 * by level keyframes, and stingers (rendered as separate files) on their own track.
 * Checked before rendering (format, extension, folder); built and verified by reading it back with
 * Cuebed's own reader before anything is written; written atomically after the render.
 */
import * as path from 'node:path';
import type { BitDepth } from '../audio';
import type { Plan } from '../plan/types';
import { renderStingers } from '../panel/stingers';
import { placeScore, type ScorePlacement } from '../report/timeline-placement';
import { readFcp7Placement, writeFcp7Timeline } from '../report/timeline-fcp7';
import { writeOtioTimeline, readOtioDuckKeys } from '../report/timeline-otio';
import { writeFcpxmlTimeline, readFcpxmlDuckKeys } from '../report/timeline-fcpxml';
import { readTimelineFile, timelineFormat, type Timeline } from '../timeline';
import type { PlacedKey } from '../report/timeline-placement';
import { checkOutputFolder, writeFilesAtomically } from '../io/files';
import { UsageError } from './args';

export type WrittenFormat = 'fcp7' | 'otio' | 'fcpxml';

const EXTENSIONS: Record<WrittenFormat, string> = { fcp7: '.xml', otio: '.otio', fcpxml: '.fcpxml' };
const LABEL: Record<WrittenFormat, string> = { fcp7: 'FCP7 XML (.xml)', otio: 'OpenTimelineIO (.otio)', fcpxml: 'FCPXML (.fcpxml)' };

export interface TimelineOutTarget {
  file: string;
  format: WrittenFormat;
}

/** Checks FILE against the input before any rendering: same format as the input, writable, not a clash. */
export function prepareTimelineOut(fileArg: string, inputText: string, cwd: string, force: boolean): TimelineOutTarget {
  const format = timelineFormat(inputText);
  if (format !== 'fcp7' && format !== 'otio' && format !== 'fcpxml') {
    throw new UsageError('--timeline-out needs an FCP7 XML, FCPXML or OTIO input (a panel snapshot is placed by the Premiere panel itself)');
  }
  if (path.extname(fileArg).toLowerCase() !== EXTENSIONS[format]) {
    throw new UsageError(`--timeline-out writes the input's format, ${LABEL[format]}: name the file like ${path.basename(fileArg, path.extname(fileArg))}${EXTENSIONS[format]} (got "${fileArg}")`);
  }
  const file = path.resolve(cwd, fileArg);
  checkOutputFolder(path.dirname(file), [path.basename(file)], force);
  return { file, format };
}

/** Stinger files for the timeline's stinger track, by their name in the output folder. */
export function stingerFiles(plan: Plan, bitDepth: BitDepth): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const s of renderStingers(plan, bitDepth)) files.set(stingerName(s.index), s.bytes);
  return files;
}

/** "score" in the name marks them as music, so re-reading never takes their track for dialogue. */
function stingerName(index: number): string {
  return `stingers/score-stinger-${index + 1}.wav`;
}

/**
 * The timeline text for a render in `outDir`, verified: re-read with Cuebed's reader it must give
 * the input's cuts, the score clip where it was placed and the same duck keys.
 */
export function buildTimelineOut(target: TimelineOutTarget, inputText: string, timeline: Timeline, plan: Plan, outDir: string): string {
  const placement = placeScore(plan, path.join(outDir, 'score.wav'), plan.stingers.length > 0 ? (i) => path.join(outDir, stingerName(i)) : undefined);
  const rate = timeline.frameRate;
  let text: string;
  if (target.format === 'fcp7') text = writeFcp7Timeline(inputText, placement, rate);
  else if (target.format === 'fcpxml') text = writeFcpxmlTimeline(inputText, placement);
  else text = writeOtioTimeline(JSON.parse(inputText.replace(/^\uFEFF/, '')), placement, rate);
  verify(target, text, timeline, placement);
  return text;
}

function verify(target: TimelineOutTarget, text: string, before: Timeline, placement: ScorePlacement): void {
  const fail: (what: string) => never = (what) => {
    throw new Error(`the --timeline-out ${LABEL[target.format]} did not read back as written (${what})`);
  };
  const after = readTimelineFile(text, target.file);
  if (JSON.stringify(after.cuts) !== JSON.stringify(before.cuts)) fail('cuts changed');
  const score = after.audioClips.find((c) => c.name === placement.score.name);
  if (!score) fail('no score clip');
  const tpf = (254_016_000_000 * before.frameRate.den) / before.frameRate.num;
  // FCP7 XML places clips on whole frames; FCPXML and OTIO exactly.
  const slack = target.format === 'fcp7' ? tpf / 2 : 0;
  if (Math.abs(score.start - placement.score.start) > slack || Math.abs(score.end - placement.score.end) > slack) fail('score clip moved');
  const keys =
    target.format === 'fcp7'
      ? readFcp7Placement(text, before.frameRate)?.keys
      : target.format === 'otio'
        ? readOtioDuckKeys(JSON.parse(text))
        : readFcpxmlDuckKeys(text, placement.score.start);
  if (!keys) fail('no duck keys');
  // FCPXML writes gains to 1/1000 dB and FCP7 XML to six digits of linear gain on whole frames.
  const near = (a: PlacedKey, b: PlacedKey) => Math.abs(a.ticks - b.ticks) <= slack && (a.gainDb === b.gainDb || Math.abs(a.gainDb - b.gainDb) < 0.01);
  const expected = placement.score.keys;
  const ok = target.format === 'fcp7' ? keys.every((k) => expected.some((e) => near(k, e))) && keys.length > 0 === expected.length > 0 : keys.length === expected.length && keys.every((k, i) => near(k, expected[i]));
  if (!ok) fail('duck keys differ');
}

/** Writes the timeline atomically (temporary name, then rename): never half a file. */
export function writeTimelineOut(target: TimelineOutTarget, text: string): void {
  writeFilesAtomically(path.dirname(target.file), new Map([[path.basename(target.file), new TextEncoder().encode(text)]]));
}
