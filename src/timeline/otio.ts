/**
 * OpenTimelineIO (`.otio` JSON) reader, as written by DaVinci Resolve 18.5+, OTIO's own adapters
 * (Avid AAF, FCP7 XML, EDL) and Hiero. Translates only: cuts, range and dialogue are computed by
 * build.ts, exactly as for FCP7 XML.
 *
 * Decisions worth knowing:
 * - Layout is OTIO's: a track's items follow one another by their trimmed durations (source_range,
 *   else the media's available_range); a Transition takes no time, it overlaps its neighbours, so
 *   the cut is the boundary between them (where OTIO's FCP7 adapter put the cut point).
 * - RationalTime is {value, rate} in floats. Rates are snapped to the exact rational an editor
 *   means (23.976 → 24000/1001); values convert to ticks in integers when they are whole frames,
 *   rounded (with one warning per file) when they are not.
 * - A nested Stack or Track inside a track is one clip (a nested sequence), as in FCP7 XML.
 * - A Stack's children stack bottom first: the later video track is on top, as V2 over V1.
 * - `global_start_time` is the start timecode; track time itself always starts at 0.
 * - Markers on the timeline's stack and its tracks are sequence markers; clip markers are source
 *   markers and are ignored, as in FCP7 XML.
 */
import { FrameRate, TICKS_PER_SECOND, Ticks, formatRate, ticksPerFrame } from '../time';
import { KNOWN_FRAME_RATES_TEXT, findOverlap, isKnownFrameRate } from './checks';
import { decodePathUrl } from './fcp7';
import { Coverage, InputError, Marker, SourceClip, SourceSequence, SourceTrack } from './model';

const EXPORT_HINT = 'export the timeline again as OpenTimelineIO (Resolve: File > Export > Timeline > OpenTimelineIO; or otioconvert)';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "Clip.2" → "Clip"; undefined when the object has no schema. */
function schemaName(o: unknown): string | undefined {
  if (!isObject(o) || typeof o.OTIO_SCHEMA !== 'string') return undefined;
  return o.OTIO_SCHEMA.split('.')[0];
}

/** True when the text is an OTIO document (a JSON object whose root names an OTIO schema). */
export function looksLikeOtio(json: unknown): boolean {
  return isObject(json) && typeof json.OTIO_SCHEMA === 'string';
}

/**
 * A float rate as the exact rational editors mean: whole rates as they are, NTSC rates
 * (23.976, 29.97, 59.94 and their truncations 23.98, 29.97…) as n·1000/1001; undefined otherwise.
 */
export function snapRate(rate: number): FrameRate | undefined {
  if (!Number.isFinite(rate) || rate <= 0) return undefined;
  if (Number.isInteger(rate)) return { num: rate, den: 1 };
  const whole = Math.round(rate);
  if (Math.abs(rate - whole) < 1e-9) return { num: whole, den: 1 };
  const ntsc = Math.round((rate * 1001) / 1000);
  if (Math.abs((ntsc * 1000) / 1001 - rate) < 0.006) return { num: ntsc * 1000, den: 1001 };
  return undefined;
}

interface Placed {
  start: Ticks;
  end: Ticks;
}

class OtioReader {
  readonly warnings: string[] = [];
  /** Off-frame times by element (an element's range is read more than once). */
  private readonly offFrame = new Map<string, string>();
  constructor(readonly source: string) {}

  fail(element: string, problem: string, fix = EXPORT_HINT): never {
    throw new InputError(`${this.source}: ${element} ${problem}; ${fix}`);
  }

  rate(value: unknown, element: string): FrameRate {
    const rate = typeof value === 'number' ? snapRate(value) : undefined;
    if (!rate) this.fail(`${element} rate`, `is ${JSON.stringify(value)}, not a frame or sample rate`, `set the timeline to a standard frame rate (${KNOWN_FRAME_RATES_TEXT}) and ${EXPORT_HINT}`);
    return rate;
  }

  /** A RationalTime as ticks: exact for whole frames at any rate whose frame divides the tick. */
  ticks(rt: unknown, element: string): Ticks {
    if (!isObject(rt) || schemaName(rt) !== 'RationalTime') this.fail(element, 'is not a RationalTime ({"OTIO_SCHEMA": "RationalTime.1", "value", "rate"})');
    const value = rt.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`${element} value`, `is ${JSON.stringify(value)}, not a number`);
    const rate = this.rate(rt.rate, element);
    const perNum = TICKS_PER_SECOND * rate.den;
    let ticks: number;
    if (Number.isInteger(value) && perNum % rate.num === 0) ticks = value * (perNum / rate.num);
    else {
      ticks = Math.round((value * perNum) / rate.num);
      if (!Number.isInteger(value) && !this.offFrame.has(element)) this.offFrame.set(element, `${element} ${value} at ${formatRate(rate)}`);
    }
    if (!Number.isSafeInteger(ticks)) this.fail(element, `is out of range (${value} at ${formatRate(rate)} is beyond the 9.8 hours Cuebed supports)`, 'shorten the timeline');
    return ticks;
  }

  range(tr: unknown, element: string): { start: Ticks; duration: Ticks } | undefined {
    if (tr === null || tr === undefined) return undefined;
    if (!isObject(tr) || schemaName(tr) !== 'TimeRange') this.fail(element, 'is not a TimeRange ({"OTIO_SCHEMA": "TimeRange.1", "start_time", "duration"})');
    const duration = this.ticks(tr.duration, `${element} duration`);
    if (duration < 0) this.fail(`${element} duration`, 'is negative');
    return { start: this.ticks(tr.start_time, `${element} start_time`), duration };
  }

  finish(): string[] {
    const n = this.offFrame.size;
    if (n > 0) {
      this.warnings.push(
        `${this.source}: ${n} time${n === 1 ? ' is' : 's are'} not on a whole frame (first: ${[...this.offFrame.values()][0]}); rounded to the nearest tick, so cuts may land between frames — conform the timeline and export again if that is not intended.`,
      );
    }
    return this.warnings;
  }
}

/** The media reference a clip plays (Clip.1: media_reference; Clip.2: the active one of media_references). */
function activeMedia(clip: Json): Json | undefined {
  if (isObject(clip.media_references)) {
    const key = typeof clip.active_media_reference_key === 'string' ? clip.active_media_reference_key : 'DEFAULT_MEDIA';
    const ref = clip.media_references[key];
    return isObject(ref) ? ref : undefined;
  }
  return isObject(clip.media_reference) ? clip.media_reference : undefined;
}

const TITLE_RE = /text|title|graphic|caption|subtitle|lower third/i;

function coverageOf(clip: Json, media: Json | undefined): Coverage {
  // OTIO's FCP7 adapter keeps the clipitem's alphatype in metadata.fcp_xml.
  const fcp = isObject(clip.metadata) && isObject(clip.metadata.fcp_xml) ? clip.metadata.fcp_xml : undefined;
  const alpha = fcp && typeof fcp.alphatype === 'string' ? fcp.alphatype : undefined;
  if (alpha !== undefined && alpha !== '' && alpha.toLowerCase() !== 'none') return 'overlay';
  if (schemaName(media) === 'GeneratorReference') {
    const kind = typeof media?.generator_kind === 'string' ? media.generator_kind : '';
    if (TITLE_RE.test(kind)) return 'overlay';
  }
  if (/adjustment/i.test(String(clip.name ?? ''))) return 'overlay';
  return 'opaque';
}

function nameOf(o: Json): string {
  return typeof o.name === 'string' ? o.name : '';
}

/** Children of a composition, checked to be an array. */
function childrenOf(r: OtioReader, o: Json, element: string): unknown[] {
  if (o.children === undefined || o.children === null) return [];
  if (!Array.isArray(o.children)) r.fail(`${element} "children"`, 'is not a list');
  return o.children;
}

/** Real timelines nest a few compositions deep; a hostile file must end in a message, not a stack overflow. */
export const MAX_OTIO_NESTING = 64;

function checkNesting(r: OtioReader, depth: number, element: string): void {
  if (depth > MAX_OTIO_NESTING) r.fail(element, `nests Stacks and Tracks more than ${MAX_OTIO_NESTING} deep, which no editor's timeline does`);
}

/** The trimmed duration of any item: source_range, else its natural length. */
function itemDuration(r: OtioReader, item: Json, element: string, depth = 0): Ticks {
  checkNesting(r, depth, element);
  const own = r.range(item.source_range, `${element} source_range`);
  if (own) return own.duration;
  const kind = schemaName(item);
  if (kind === 'Gap' && item.duration !== undefined) return r.ticks(item.duration, `${element} duration`);
  if (kind === 'Clip') {
    const media = activeMedia(item);
    const avail = media ? r.range(media.available_range, `${element} media available_range`) : undefined;
    if (!avail) r.fail(element, 'has neither a source_range nor media with an available_range, so its length is unknown');
    return avail.duration;
  }
  if (kind === 'Track' || kind === 'Sequence') {
    let total = 0;
    childrenOf(r, item, element).forEach((c, i) => {
      if (isObject(c) && schemaName(c) !== 'Transition') total += itemDuration(r, c, `${element} item ${i + 1}`, depth + 1);
    });
    return total;
  }
  if (kind === 'Stack') {
    let longest = 0;
    childrenOf(r, item, element).forEach((c, i) => {
      if (isObject(c)) longest = Math.max(longest, itemDuration(r, c, `${element} child ${i + 1}`, depth + 1));
    });
    return longest;
  }
  r.fail(element, `is a ${String(item.OTIO_SCHEMA)}, which has no length Cuebed knows`);
}

function readTrack(r: OtioReader, track: Json, kind: 'video' | 'audio', index: number, where: string): SourceTrack {
  const prefix = kind === 'video' ? 'V' : 'A';
  const label = `${prefix}${index}`;
  const element = `Track "${nameOf(track) || label}" (${where})`;
  const window = r.range(track.source_range, `${element} source_range`);
  const clips: SourceClip[] = [];
  const labels = new Map<SourceClip, string>();
  let position = 0;
  childrenOf(r, track, element).forEach((item, i) => {
    const el = `${element} item ${i + 1}`;
    if (!isObject(item)) r.fail(el, 'is not an OTIO object');
    const schema = schemaName(item);
    if (schema === 'Transition') return; // takes no time: its neighbours overlap into it
    const itemEl = `${schema ?? 'item'} "${nameOf(item)}" on ${label}`;
    const duration = itemDuration(r, item, itemEl);
    const placed: Placed = { start: position, end: position + duration };
    position += duration;
    if (schema === 'Gap') return;
    if (schema !== 'Clip' && schema !== 'Stack' && schema !== 'Track' && schema !== 'Sequence') {
      r.warnings.push(`${r.source}: ${itemEl} is a ${String(item.OTIO_SCHEMA)}, which Cuebed does not know; it was treated as a gap.`);
      return;
    }
    // A track's own source_range is a window onto its items.
    let { start, end } = placed;
    if (window) {
      start = Math.max(start - window.start, 0);
      end = Math.min(end - window.start, window.duration);
    }
    if (end <= start) return;
    const clip: SourceClip = { name: nameOf(item), start, end, enabled: item.enabled !== false };
    const src = r.range(item.source_range, `${itemEl} source_range`);
    if (schema === 'Clip') {
      const media = activeMedia(item);
      const from = src ?? (media ? r.range(media.available_range, `${itemEl} media available_range`) : undefined);
      if (from) {
        clip.inPoint = from.start;
        clip.outPoint = from.start + from.duration;
      }
      if (media && typeof media.target_url === 'string' && media.target_url !== '') clip.mediaPath = decodePathUrl(media.target_url);
      if (schemaName(media) === 'GeneratorReference') clip.generator = true;
      if (kind === 'video') clip.coverage = coverageOf(item, media);
    } else {
      clip.nested = true;
      if (kind === 'video') clip.coverage = 'opaque';
    }
    clips.push(clip);
    labels.set(clip, itemEl);
  });
  const overlap = kind === 'video' ? findOverlap(clips) : undefined;
  if (overlap) {
    r.fail(labels.get(overlap[1]) ?? 'a clip', `overlaps ${labels.get(overlap[0]) ?? 'another clip'}; a video track shows one clip at a time, so trim or move one of them and ${EXPORT_HINT}`);
  }
  return { kind, index, name: nameOf(track) || label, enabled: track.enabled !== false, clips };
}

function readMarkers(r: OtioReader, owner: Json, element: string, out: Marker[]): void {
  if (!Array.isArray(owner.markers)) return;
  owner.markers.forEach((m, i) => {
    if (!isObject(m) || schemaName(m) !== 'Marker') return;
    const el = `${element} Marker ${i + 1} "${nameOf(m)}"`;
    const range = r.range(m.marked_range, `${el} marked_range`);
    if (!range || range.start < 0) return;
    const marker: Marker = { start: range.start, end: range.start + range.duration, name: nameOf(m), comment: typeof m.comment === 'string' ? m.comment : '' };
    if (typeof m.color === 'string') marker.type = m.color;
    out.push(marker);
  });
}

/**
 * The sequence frame rate: global_start_time's rate, else the most common rate among the top-level
 * items of the video tracks (of any track when there is no video).
 */
function sequenceRate(r: OtioReader, timeline: Json, tracks: Json[]): FrameRate {
  const gst = timeline.global_start_time;
  if (isObject(gst) && typeof gst.rate === 'number') return r.rate(gst.rate, 'Timeline global_start_time');
  const counts = new Map<number, number>();
  const video = tracks.filter((t) => t.kind === 'Video');
  for (const t of video.length > 0 ? video : tracks) {
    for (const item of Array.isArray(t.children) ? t.children : []) {
      if (!isObject(item) || schemaName(item) === 'Transition') continue;
      const sr = item.source_range;
      const rate = isObject(sr) && isObject(sr.duration) ? sr.duration.rate : undefined;
      if (typeof rate === 'number') counts.set(rate, (counts.get(rate) ?? 0) + 1);
    }
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  if (!best) r.fail('Timeline', 'has no global_start_time and no timed items, so its frame rate is unknown');
  return r.rate(best[0], 'Timeline (most common item rate)');
}

/** Tracks in stacking order (bottom first); a Stack inside the top stack contributes its tracks in place. */
function flattenTracks(r: OtioReader, stack: Json, element: string, out: Json[], depth = 0): void {
  checkNesting(r, depth, element);
  childrenOf(r, stack, element).forEach((c, i) => {
    const kind = schemaName(c);
    if (kind === 'Track' || kind === 'Sequence') out.push(c as Json);
    else if (kind === 'Stack') flattenTracks(r, c as Json, `${element} > Stack "${nameOf(c as Json)}"`, out, depth + 1);
    else r.fail(`${element} child ${i + 1}`, `is a ${String((c as Json | null)?.OTIO_SCHEMA ?? typeof c)}, not a Track`);
  });
}

/** Reads an OpenTimelineIO timeline (parsed JSON) into a SourceSequence. `source` names the file in messages. */
export function readOtio(json: unknown, source: string): SourceSequence {
  const r: OtioReader = new OtioReader(source);
  const root = schemaName(json);
  if (root === 'SerializableCollection') {
    r.fail('the root SerializableCollection', 'holds a bin of items, not one timeline', 'export a single timeline as .otio');
  }
  if (root !== 'Timeline' || !isObject(json)) {
    r.fail('the root object', `has OTIO_SCHEMA ${JSON.stringify(isObject(json) ? json.OTIO_SCHEMA : undefined)}, not Timeline.1`, EXPORT_HINT);
  }
  const stack = json.tracks;
  if (!isObject(stack) || schemaName(stack) !== 'Stack') r.fail('Timeline "tracks"', 'is not a Stack', EXPORT_HINT);
  const tracks: Json[] = [];
  flattenTracks(r, stack, 'Timeline stack', tracks);
  const rate = sequenceRate(r, json, tracks);
  if (!isKnownFrameRate(rate)) {
    r.fail('Timeline', `runs at ${formatRate(rate)} fps, not a frame rate editors use`, `conform the timeline to ${KNOWN_FRAME_RATES_TEXT} and ${EXPORT_HINT}`);
  }
  ticksPerFrame(rate);

  const seq: SourceSequence = { source, name: nameOf(json), frameRate: rate, tracks: [], markers: [], warnings: r.warnings };
  const gst = json.global_start_time;
  if (isObject(gst)) {
    const start = r.ticks(gst, 'Timeline global_start_time');
    if (start > 0) seq.timecodeStart = start;
  }
  let v = 0;
  let a = 0;
  for (const t of tracks) {
    const kind = t.kind === 'Audio' ? 'audio' : t.kind === 'Video' ? 'video' : undefined;
    if (!kind) {
      r.warnings.push(`${source}: Track "${nameOf(t)}" has kind ${JSON.stringify(t.kind)} (neither Video nor Audio); it was ignored.`);
      continue;
    }
    const index = kind === 'video' ? ++v : ++a;
    seq.tracks.push(readTrack(r, t, kind, index, `${kind === 'video' ? 'video' : 'audio'} track ${index}`));
  }
  readMarkers(r, stack, 'Timeline stack', seq.markers);
  for (const t of tracks) readMarkers(r, t, `Track "${nameOf(t)}"`, seq.markers);
  r.finish();
  return seq;
}
