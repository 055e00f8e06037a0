import type { Timeline } from '../timeline/model';
import type { PlanRegion } from './types';

/**
 * Speech spans of one clip's media: (media path, source in, source out, in ticks of source time)
 * → spans in source ticks, or undefined when the media cannot be read (the clip's extents are
 * then used). src/io/media.ts provides one over WAV/BWF files.
 */
export type SpeechReader = (mediaPath: string, sourceInTicks: number, sourceOutTicks: number) => SpeechSpans | undefined;

/**
 * Spans in source ticks; `via` names where they came from when it is not audio analysis
 * ("transcript"); `unsure` says why the analysis cannot be trusted (the clip is then ducked whole).
 */
export type SpeechSpans = Array<[number, number]> & { via?: string; unsure?: string };

/**
 * The plan's dialogue regions, in output samples. Each of the timeline's dialogue regions is
 * refined to the speech inside it when every clip in it could be analysed (`source` "speech: …"),
 * else kept as the clips' extents (`source` "clip: …").
 */
export function planDialogue(
  timeline: Timeline,
  toSample: (ticks: number) => number,
  length: number,
  sampleRate: number,
  speech: SpeechReader | undefined,
  warnings: string[] = [],
  /** Collects the media paths the reader could not analyse (missing, unreadable, not WAV/BWF). */
  unread?: Set<string>,
): PlanRegion[] {
  const { start: rangeStart, end: rangeEnd } = timeline.range;
  const out: PlanRegion[] = [];
  const push = (startTicks: number, endTicks: number, source: string) => {
    const startSample = Math.max(0, toSample(Math.max(startTicks, rangeStart)));
    const endSample = Math.min(length, toSample(Math.min(endTicks, rangeEnd)));
    if (endSample > startSample) out.push({ start: startSample / sampleRate, end: endSample / sampleRate, startSample, endSample, source });
  };
  const dialogueTracks = new Set(timeline.dialogueTracks);
  const clips = speech
    ? timeline.audioClips.filter((c) => c.enabled && dialogueTracks.has(c.track) && c.end > c.start).sort((a, b) => a.start - b.start)
    : [];
  let first = 0;
  for (const region of timeline.dialogue) {
    if (!speech) {
      push(region.start, region.end, `clip: ${region.source}`);
      continue;
    }
    while (first < clips.length && clips[first].end <= region.start) first++;
    const spans: Array<[number, number]> = [];
    const via = new Set<string>();
    let analysed = true;
    let any = false;
    for (let i = first; i < clips.length && clips[i].start < region.end; i++) {
      const c = clips[i];
      if (c.end <= region.start) continue;
      any = true;
      const inPoint = c.inPoint;
      const duration = c.end - c.start;
      // Speed changes and unknown sources cannot be mapped sample-true: use the clip.
      const sourceOut = inPoint === undefined ? undefined : c.outPoint ?? inPoint + duration;
      const found = c.mediaPath && inPoint !== undefined && sourceOut !== undefined && sourceOut - inPoint === duration
        ? speech(c.mediaPath, inPoint, sourceOut)
        : undefined;
      if (found?.unsure) warnings.push(`dialogue clip "${c.name}" (${c.mediaPath}): ${found.unsure}; it is ducked for its whole length`);
      if (!found || found.unsure) {
        // Keep going only to name every file that could not be read (misses are cheap; the reader caches).
        analysed = false;
        if (!found && c.mediaPath) unread?.add(c.mediaPath);
        if (!unread) break;
        continue;
      }
      via.add(found.via ?? 'speech');
      for (const [a, b] of found) {
        const s = Math.max(c.start, c.start + (a - inPoint!), region.start);
        const e = Math.min(c.end, c.start + (b - inPoint!), region.end);
        if (e > s) spans.push([s, e]);
      }
    }
    if (!any || !analysed) {
      push(region.start, region.end, `clip: ${region.source}`);
      continue;
    }
    spans.sort((x, y) => x[0] - y[0]);
    // "transcript: …" when Premiere's transcripts found all of it, else "speech: …" (analysis, or both)
    const label = via.size === 1 && !via.has('speech') ? [...via][0] : 'speech';
    let cur: [number, number] | null = null;
    for (const s of spans) {
      if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
      else {
        if (cur) push(cur[0], cur[1], `${label}: ${region.source}`);
        cur = [s[0], s[1]];
      }
    }
    if (cur) push(cur[0], cur[1], `${label}: ${region.source}`);
  }
  return out;
}

/** How the planner's warning about unread dialogue media starts (the panel picks it out). */
export const UNREAD_DIALOGUE_PREFIX = 'dialogue media could not be read for speech';
/** The CLI's advice at the end of that warning (the panel gives its own). */
export const UNREAD_DIALOGUE_CLI_ADVICE = 'Put the media beside the sequence file (or where it says the media is), or choose the dialogue tracks with --dialogue-tracks.';

/** The warning naming the unread files and what was assumed instead; '' when every file was read. */
export function unreadDialogueWarning(unread: Set<string>, dialogueTracks: number[]): string {
  if (unread.size === 0) return '';
  const names = [...unread].map((p) => p.split(/[\\/]/).pop() || p);
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, … and ${names.length - 10} more` : names.join(', ');
  const tracks = dialogueTracks.map((t) => `A${t}`).join(', ');
  return `${UNREAD_DIALOGUE_PREFIX}: ${unread.size} dialogue media file${unread.size === 1 ? '' : 's'} (${shown}) not found, unreadable or not WAV/BWF; ` +
    `the music ducks under their clips over their whole length, as dialogue on ${tracks}. ${UNREAD_DIALOGUE_CLI_ADVICE}`;
}
