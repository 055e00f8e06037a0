/**
 * Final Cut Pro 7 XML ("xmeml") reader, as exported by Premiere Pro, Resolve, FCP 7 and Hiero.
 * Translates only: cuts, range and dialogue are computed by build.ts. XML parsing is xml.ts's;
 * what of it is kept (never the whole element tree) is fcp7-collect.ts's.
 *
 * Decisions worth knowing:
 * - clipitem `<start>/<end>` are frames at the SEQUENCE rate; `<in>/<out>` at the clipitem's own
 *   `<rate>` (falling back to the sequence rate); `<pproTicksIn>/<pproTicksOut>` win when present.
 * - An edge of -1 lies inside the adjacent `<transitionitem>`: its cut point is Premiere's
 *   `<cutPointTicks>` (an offset from the transition start) when present and inside the
 *   transition, else by alignment: start/start-black → start, end/end-black → end, center → the
 *   midpoint rounded down to a whole frame (what Premiere writes for odd lengths).
 * - Nested sequences (a clipitem holding a `<sequence>`, full or as an id reference) are one clip.
 * - Sequence-level `<marker>`s only; clip and file markers are source markers and are ignored.
 */
import {
  FrameRate,
  SequenceTimecode,
  Ticks,
  TimeError,
  assertTicks,
  formatRate,
  framesToTicks,
  rateFromTimebase,
  supportsDropFrame,
  ticksPerFrame,
  ticksToFrameFloor,
  ticksToFrames,
  timecodeToFrames,
  validateRate,
} from '../time';
import { KNOWN_FRAME_RATES_TEXT, findOverlap, isKnownFrameRate } from './checks';
import { Coverage, InputError, Marker, SourceClip, SourceSequence, SourceTrack } from './model';
import { XNode, XmlHint, child, children, isFalse, isTrue, path, textOf } from './xml';
import { FileInfo, NumberText, RateText, RawItem, TrackNode, collectFcp7, rateText } from './fcp7-collect';

const EXPORT_HINT = 'export the sequence with File > Export > Final Cut Pro XML';
const XML_HINT: XmlHint = { exportHint: EXPORT_HINT, doctype: 'Premiere writes a plain <!DOCTYPE xmeml>' };

/** Decodes file://localhost/D%3a/media/x.mov → D:/media/x.mov, file:///Users/x → /Users/x. */
export function decodePathUrl(url: string): string {
  let p = url.trim();
  const m = /^file:\/\/(localhost)?/i.exec(p);
  if (m) p = p.slice(m[0].length);
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep it as written
  }
  if (/^\/[A-Za-z]:[/\\]/.test(p)) p = p.slice(1);
  return p;
}

class Reader {
  readonly warnings: string[] = [];
  constructor(
    readonly source: string,
    private readonly files: Map<string, FileInfo>,
  ) {}

  fail(element: string, problem: string, fix: string): never {
    throw new InputError(`${this.source}: ${element} ${problem}; ${fix}`);
  }

  /** `rate`: an element's `<rate>` (rateText). */
  rate(rate: RateText | undefined, element: string, fallback?: FrameRate): FrameRate {
    if (!rate) {
      if (fallback) return fallback;
      this.fail(`<${element}>`, 'has no <rate>', `${EXPORT_HINT} again`);
    }
    const tb = rate.timebase;
    if (tb === undefined || tb === '') {
      if (fallback) return fallback;
      this.fail(`<${element}><rate>`, 'has no <timebase>', `${EXPORT_HINT} again`);
    }
    const timebase = Number(tb);
    if (!Number.isFinite(timebase) || timebase <= 0 || !Number.isInteger(timebase)) {
      this.fail(
        `<${element}><rate><timebase>`,
        `is "${tb}", not a frame rate`,
        'set the sequence to a standard frame rate (23.976, 24, 25, 29.97, 30, 50, 59.94, 60) and export again',
      );
    }
    try {
      const ntscText = rate.ntsc;
      if (ntscText && !isTrue(ntscText) && !isFalse(ntscText)) {
        this.fail(`<${element}><rate><ntsc>`, `is "${ntscText.slice(0, 20)}", not TRUE or FALSE`, `${EXPORT_HINT} again`);
      }
      const ntsc = isTrue(ntscText);
      const r = rateFromTimebase(timebase, ntsc);
      validateRate(r);
      if (!isKnownFrameRate(r)) {
        this.fail(
          `<${element}><rate>`,
          `is ${formatRate(r)} fps (timebase ${timebase}${ntsc ? ', NTSC' : ''}), not a frame rate editors use`,
          `conform the sequence to ${KNOWN_FRAME_RATES_TEXT} and ${EXPORT_HINT} again`,
        );
      }
      return r;
    } catch (e) {
      if (e instanceof TimeError) {
        this.fail(`<${element}><rate>`, `is unsupported (${e.message})`, 'conform the sequence to 23.976, 24, 25, 29.97, 30, 50, 59.94 or 60 fps');
      }
      throw e;
    }
  }

  /** A whole number of frames ("12", Hiero's "12.0") from the text of `<name>`; undefined when absent. */
  frames(t: NumberText, name: string, element: string): number | undefined {
    if (typeof t === 'number') return t;
    if (t === undefined || t === '') return undefined;
    if (!/^-?\d+(\.0*)?$/.test(t)) {
      this.fail(`<${element}><${name}>`, `is "${t}", not a whole number of frames`, `fix the value or ${EXPORT_HINT} again`);
    }
    return Number.parseInt(t, 10);
  }

  ticksOf(frames: number, rate: FrameRate, element: string): Ticks {
    try {
      return assertTicks(frames * ticksPerFrame(rate), `<${element}> time ${frames}`);
    } catch (e) {
      if (e instanceof TimeError) {
        // whole frames at a valid rate are always whole ticks: only the length can be the problem
        const hours = (frames * rate.den) / rate.num / 3600;
        this.fail(
          `<${element}>`,
          `is at frame ${frames} (${hours.toFixed(1)} h), beyond the 9.8 hours of timeline Cuebed can represent`,
          'set In/Out points around the part to score (at most 3 h) and export again',
        );
      }
      throw e;
    }
  }

  /** An item's `<file>`: described in place, or by id anywhere in the file (first described wins). */
  resolveFile(item: RawItem): FileInfo | undefined {
    return typeof item.file === 'string' ? this.files.get(item.file) : item.file;
  }
}

function readTrack(r: Reader, track: TrackNode, kind: 'video' | 'audio', index: number, seqRate: FrameRate): SourceTrack {
  const prefix = kind === 'video' ? 'V' : 'A';
  const items = track.items;
  const where = `${prefix}${index}`;
  const cutPoint = (t: RawItem): Ticks => {
    const el = `transitionitem on ${where}`;
    const s = r.frames(t.start, 'start', el);
    const e = r.frames(t.end, 'end', el);
    if (s === undefined || e === undefined) r.fail(`<${el}>`, 'has no <start>/<end>', `${EXPORT_HINT} again`);
    const start = r.ticksOf(s, seqRate, el);
    const end = r.ticksOf(e, seqRate, el);
    const cpt = t.cutPointTicks;
    if (cpt !== undefined && (typeof cpt === 'number' ? cpt >= 0 : /^\d+$/.test(cpt))) {
      const off = Number(cpt);
      if (Number.isSafeInteger(off) && start + off <= end) return start + off;
    }
    const alignment = (t.alignment ?? 'center').toLowerCase();
    if (alignment === 'start' || alignment === 'start-black') return start;
    if (alignment === 'end' || alignment === 'end-black') return end;
    return r.ticksOf(s + Math.floor((e - s) / 2), seqRate, el);
  };

  const clips: SourceClip[] = [];
  // each clip's item, for naming it in a refusal (labels made only then: 100,000 clips, 100,000 strings)
  const itemOf: RawItem[] = [];
  const elementOf = (n: RawItem) => `${n.kind === 'clip' ? 'clipitem' : 'generatoritem'}${n.id ? ` id="${n.id}"` : ''} on ${where}`;
  const explodedIndex = Number(track.attrs.currentExplodedTrackIndex ?? NaN);
  const explodedCount = Number(track.attrs.totalExplodedTrackCount ?? NaN);
  items.forEach((n, i) => {
    if (n.kind === 'transition') return;
    const name = n.name ?? '';
    const el = elementOf(n);
    const clipRate = r.rate(n.rate, el, seqRate);
    const startF = r.frames(n.start, 'start', el);
    const endF = r.frames(n.end, 'end', el);
    const inF = r.frames(n.in, 'in', el);
    const outF = r.frames(n.out, 'out', el);
    if (startF === undefined || endF === undefined) r.fail(`<${el}>`, 'has no <start>/<end>', `${EXPORT_HINT} again`);
    for (const [tag, f] of [['start', startF], ['end', endF]] as const) {
      if (f < -1) r.fail(`<${el}><${tag}>`, `is ${f}; only -1 (an edge inside a transition) may be negative`, `fix the value or ${EXPORT_HINT} again`);
    }
    if (inF !== undefined && outF !== undefined && inF >= 0 && outF >= 0 && outF < inF) {
      r.fail(`<${el}>`, `"${name}" has its source <out> (frame ${outF}) before its <in> (frame ${inF})`, `fix its <in>/<out> or ${EXPORT_HINT} again`);
    }
    if (startF >= 0 && endF >= 0 && endF < startF) {
      r.fail(`<${el}>`, `"${name}" ends (frame ${endF}) before it starts (frame ${startF})`, `fix its <start>/<end> or ${EXPORT_HINT} again`);
    }
    // Source range, in ticks of source time.
    let inPoint: Ticks | undefined;
    let outPoint: Ticks | undefined;
    const ppIn = n.pproTicksIn;
    const ppOut = n.pproTicksOut;
    if (isTicks(ppIn)) inPoint = Number(ppIn);
    else if (inF !== undefined && inF >= 0) inPoint = r.ticksOf(inF, clipRate, el);
    if (isTicks(ppOut)) outPoint = Number(ppOut);
    else if (outF !== undefined && outF >= 0) outPoint = r.ticksOf(outF, clipRate, el);

    let start: Ticks;
    let end: Ticks;
    const sourceLength = inPoint !== undefined && outPoint !== undefined ? outPoint - inPoint : undefined;
    if (startF < 0) {
      const prev = items[i - 1];
      if (prev?.kind === 'transition') start = cutPoint(prev);
      else start = NaN;
    } else start = r.ticksOf(startF, seqRate, el);
    if (endF < 0) {
      const next = items[i + 1];
      if (next?.kind === 'transition') end = cutPoint(next);
      else end = NaN;
    } else end = r.ticksOf(endF, seqRate, el);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      if (Number.isNaN(start) && Number.isNaN(end)) {
        r.fail(`<${el}>`, 'has <start> and <end> of -1 with no adjacent transition', `${EXPORT_HINT} again`);
      }
      if (sourceLength === undefined) r.fail(`<${el}>`, 'has an edge of -1 with no adjacent transition and no <in>/<out>', `${EXPORT_HINT} again`);
      r.warnings.push(`${r.source}: ${el} "${name}" has an edge of -1 with no transition beside it; its length was taken from <in>/<out>.`);
      if (Number.isNaN(start)) start = end - sourceLength;
      else end = start + sourceLength;
      // Keep it on whole frames of the sequence.
      start = Math.round(start);
      end = Math.round(end);
    }
    if (end <= start) {
      // Written as zero length, or squeezed to nothing between two transitions: nothing to see.
      r.warnings.push(`${r.source}: ${el} "${name}" has no length on the timeline; it was ignored.`);
      return;
    }
    if (start < 0) {
      r.fail(`<${el}>`, `"${name}" starts before the sequence start (its -1 edge was taken from <in>/<out>)`, `${EXPORT_HINT} again`);
    }

    const file = r.resolveFile(n);
    const pathurl = file?.pathurl;
    const clip: SourceClip = {
      name,
      start,
      end,
      enabled: !isFalse(n.enabled),
    };
    if (inPoint !== undefined) clip.inPoint = inPoint;
    if (outPoint !== undefined) clip.outPoint = outPoint;
    if (pathurl) clip.mediaPath = decodePathUrl(pathurl);
    if (n.nested) clip.nested = true;
    if (n.kind === 'generator') clip.generator = true;
    if (kind === 'video') clip.coverage = coverageOf(n, n.kind, file);
    else {
      const refs = n.links;
      if (n.id && refs.length > 1 && refs.includes(n.id)) {
        clip.linkId = [...new Set(refs)].sort().join('+');
      } else if (explodedCount > 1 && Number.isInteger(explodedIndex)) {
        // Exploded stereo without <link>s: the channels sit on neighbouring tracks at the same time.
        clip.linkId = `exploded:A${index - explodedIndex}:${start}:${end}`;
      }
    }
    clips.push(clip);
    itemOf.push(n);
  });
  // Policy and evidence in checks.ts: refused on video, where it would invent cuts; accepted on audio.
  const overlap = kind === 'video' ? findOverlap(clips) : undefined;
  if (overlap) {
    const [a, b] = overlap;
    const frames = (c: SourceClip) => `frames ${ticksToFrames(c.start, seqRate)}–${ticksToFrames(c.end, seqRate)}`;
    const label = (c: SourceClip) => {
      const n = itemOf[clips.indexOf(c)];
      return `<${elementOf(n)}> "${n.name ?? ''}"`;
    };
    throw new InputError(
      `${r.source}: ${label(b)} (${frames(b)}) overlaps ${label(a)} (${frames(a)}); a video track shows one clip at a time, so trim or move one of them and ${EXPORT_HINT} again`,
    );
  }

  const name = textOf(track, 'name');
  return {
    kind,
    index,
    name: name ? name : `${prefix}${index}`,
    enabled: !isFalse(textOf(track, 'enabled')),
    clips,
  };
}

/** Premiere's `<pproTicksIn>`/`<pproTicksOut>`: a whole, exactly representable number of ticks. */
function isTicks(t: NumberText): boolean {
  return typeof t === 'number' || (t !== undefined && /^-?\d+$/.test(t) && Number.isSafeInteger(Number(t)));
}

const TITLE_RE = /text|title|graphic|caption|subtitle|lower third/i;
const ADJUSTMENT_RE = /adjustment/i;

function coverageOf(n: RawItem, kind: 'clip' | 'generator', file: FileInfo | undefined): Coverage {
  const alpha = n.alphatype ?? file?.alphatype;
  if (alpha !== undefined && alpha !== '' && alpha.toLowerCase() !== 'none') return 'overlay';
  const name = n.name ?? '';
  const mediaSource = file?.mediaSource ?? '';
  if (ADJUSTMENT_RE.test(name) || ADJUSTMENT_RE.test(mediaSource)) return 'overlay';
  if (/graphic|title/i.test(mediaSource)) return 'overlay';
  for (const { id, name: effectName } of n.effects) {
    if (ADJUSTMENT_RE.test(id)) return 'overlay';
    // A generator that makes text or graphics (not a matte or bars) sits on top; so does Premiere's
    // Graphics (GraphicAndType) on a clip.
    if (kind === 'generator' ? TITLE_RE.test(`${id} ${effectName}`) : /graphicandtype/i.test(id)) return 'overlay';
  }
  return 'opaque';
}

/**
 * The sequence's `<timecode>`: its start label (`<frame>`, else `<string>`) and drop-frame display
 * (`<displayformat>DF`, or a ';' in the string). Labels only: it never moves time. Undefined when
 * it is 00:00:00:00 non-drop (or unreadable: labels are not worth refusing a file for).
 */
function readStartTimecode(r: Reader, seq: XNode, rate: FrameRate): SequenceTimecode | undefined {
  const tc = child(seq, 'timecode');
  if (!tc) return undefined;
  const tcRate = r.rate(rateText(child(tc, 'rate')), 'sequence><timecode', rate);
  const label = textOf(tc, 'string') ?? '';
  const dropFrame = supportsDropFrame(rate) && ((textOf(tc, 'displayformat') ?? '').trim().toUpperCase() === 'DF' || /;|,/.test(label));
  let frame: number | undefined;
  const f = (textOf(tc, 'frame') ?? '').trim();
  if (/^\d+$/.test(f)) frame = Number(f);
  else if (label) {
    try {
      frame = timecodeToFrames(label, tcRate);
    } catch {
      frame = undefined;
    }
  }
  const startFrame = frame === undefined ? 0 : ticksToFrameFloor(framesToTicks(frame, tcRate), rate);
  return startFrame > 0 || dropFrame ? { startFrame, dropFrame } : undefined;
}

function readMarkers(r: Reader, seq: XNode, rate: FrameRate): Marker[] {
  const markers: Marker[] = [];
  for (const m of children(seq, 'marker')) {
    const inF = r.frames(textOf(m, 'in'), 'in', 'sequence marker');
    if (inF === undefined || inF < 0) continue;
    const outF = r.frames(textOf(m, 'out'), 'out', 'sequence marker');
    const start = r.ticksOf(inF, rate, 'sequence marker');
    const end = outF === undefined || outF < 0 ? start : Math.max(start, r.ticksOf(outF, rate, 'sequence marker'));
    markers.push({ start, end, name: textOf(m, 'name') ?? '', comment: textOf(m, 'comment') ?? '' });
  }
  return markers;
}

/** Reads an FCP7 XML export into a SourceSequence. `source` names the file in messages. */
/**
 * The sequence to read: `pick` is a 1-based number or a name (exact, else ignoring case); without
 * it the first, with a warning naming them all when there are several.
 */
function pickSequence(sequences: XNode[], source: string, pick: string | undefined, warnings: string[]): XNode {
  const names = sequences.map((s) => textOf(s, 'name') ?? '');
  const listed = names.map((n, i) => `${i + 1} "${n}"`).join(', ');
  if (pick === undefined) {
    if (sequences.length > 1) warnings.push(`${source}: the file holds ${sequences.length} sequences (${listed}); scoring the first. Choose another with --sequence NAME or --sequence NUMBER.`);
    return sequences[0];
  }
  const wanted = pick.trim();
  let i = /^\d+$/.test(wanted) ? Number(wanted) - 1 : names.indexOf(wanted);
  if (i < 0 && !/^\d+$/.test(wanted)) i = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
  if (i < 0 || i >= sequences.length) {
    throw new InputError(`${source}: no sequence ${/^\d+$/.test(wanted) ? `number ${wanted}` : `named "${wanted}"`}; the file holds ${listed}: pass --sequence with one of these names or numbers`);
  }
  return sequences[i];
}

/**
 * Reads one sequence of an FCP7 XML (`pick`: its 1-based number or name; default the first).
 * `onProgress` gets the share of the text read, 0..1.
 */
export function readFcp7Xml(text: string, source: string, pick?: string, onProgress?: (fraction: number) => void): SourceSequence {
  const doc = collectFcp7(text, source, XML_HINT, onProgress);
  if (doc.rootName !== 'xmeml') {
    // FCPXML (Final Cut Pro X, Resolve) has its own reader; FCP X cannot export FCP7 XML at all.
    if (doc.rootName === 'fcpxml') throw new InputError(`${source}: this is FCPXML from Final Cut Pro or Resolve (root <fcpxml>), not FCP7 XML; score the .fcpxml as it is: Cuebed reads FCPXML directly`);
    throw new InputError(`${source}: not FCP7 XML (root element is <${doc.rootName}>, expected <xmeml>); ${EXPORT_HINT}`);
  }
  const r = new Reader(source, doc.files);
  const sequences = doc.sequences;
  if (sequences.length === 0) {
    throw new InputError(`${source}: the <xmeml> holds no <sequence>; select a sequence (not a bin or clip) and ${EXPORT_HINT}`);
  }
  const seq = pickSequence(sequences, source, pick, r.warnings);
  const name = textOf(seq, 'name') ?? '';
  const rate = r.rate(rateText(child(seq, 'rate')), 'sequence');
  const result: SourceSequence = {
    source,
    name,
    frameRate: rate,
    tracks: [],
    markers: [],
    warnings: r.warnings,
  };
  const id = textOf(seq, 'uuid') || seq.attrs.id;
  if (id) result.id = id;
  const duration = r.frames(textOf(seq, 'duration'), 'duration', 'sequence');
  if (duration !== undefined && duration >= 0) result.statedDuration = r.ticksOf(duration, rate, 'sequence><duration');
  const inF = r.frames(textOf(seq, 'in'), 'in', 'sequence');
  const outF = r.frames(textOf(seq, 'out'), 'out', 'sequence');
  if (inF !== undefined && inF >= 0) result.inPoint = r.ticksOf(inF, rate, 'sequence><in');
  if (outF !== undefined && outF >= 0) result.outPoint = r.ticksOf(outF, rate, 'sequence><out');
  const sr = textOf(path(seq, 'media', 'audio', 'format', 'samplecharacteristics'), 'samplerate');
  if (sr !== undefined && sr !== '') {
    const rate = Number(sr);
    // 8 kHz telephone audio to 384 kHz: anything else is not an audio sample rate
    if (/^\d+$/.test(sr) && rate >= 8000 && rate <= 384000) result.audioSampleRate = rate;
    else r.warnings.push(`${r.source}: <sequence><media><audio> <samplerate> is "${sr.slice(0, 20)}", not an audio sample rate; it was ignored (the score is rendered at 48 kHz unless --sample-rate says otherwise).`);
  }

  for (const kind of ['video', 'audio'] as const) {
    children(path(seq, 'media', kind), 'track').forEach((t, i) => {
      result.tracks.push(readTrack(r, t as TrackNode, kind, i + 1, rate));
    });
  }
  result.markers = readMarkers(r, seq, rate);
  const timecode = readStartTimecode(r, seq, rate);
  if (timecode) result.timecode = timecode;
  return result;
}
