/**
 * FCPXML reader (Final Cut Pro 10.4+ and DaVinci Resolve, FCPXML 1.8–1.13; `.fcpxmld` bundles are
 * opened by the CLI, which reads their Info.fcpxml). Translates only: cuts, range and dialogue are
 * computed by build.ts, as for FCP7 XML and OTIO.
 *
 * FCPXML has no tracks, so the reader makes them:
 * - Video: the primary storyline (the sequence's spine) is V1; connected clips and secondary
 *   storylines stack by lane (lane 1 above the spine, -1 below it), each lane one video track, in
 *   lane order. So a connected clip above the spine hides it like an upper video track; titles
 *   (`<title>`) and generators (`<video>` of an effect) are overlays that hide nothing.
 * - Audio: one track per main audio role (Dialogue, Effects, Music…), which is how FCP users
 *   organise sound; build.ts then picks the dialogue tracks by name as for any other format.
 * Times are rational seconds ("1001/24000s", "5s"): an item's place in the sequence is its parent's
 * place plus (offset − parent start); the sequence starts at tcStart. Transitions overlap the items
 * around them, whose offsets already place the cut, so they add nothing. Markers and chapter
 * markers sit on clips in FCPXML (there are no others) and are read as sequence markers.
 */
import { FrameRate, TICKS_PER_SECOND, Ticks, formatRate, ticksToFrameFloor } from '../time';
import { KNOWN_FRAME_RATES_TEXT, isKnownFrameRate } from './checks';
import { decodePathUrl } from './fcp7';
import { Coverage, InputError, Marker, SourceClip, SourceSequence, SourceTrack } from './model';
import { XNode, XmlHint, child, children, parseXml } from './xml';

const EXPORT_HINT = 'export the project again from Final Cut Pro (File > Export XML…) or Resolve (File > Export > Timeline > FCPXML)';
const XML_HINT: XmlHint = { exportHint: EXPORT_HINT, doctype: 'Final Cut Pro writes a plain <!DOCTYPE fcpxml>' };

/** FCPXML versions this reader was written against; others are read with a warning. */
export const FCPXML_VERSIONS = ['1.8', '1.9', '1.10', '1.11', '1.12', '1.13'];

const CLIP_ELEMENTS = new Set(['asset-clip', 'clip', 'ref-clip', 'sync-clip', 'mc-clip', 'title', 'gap', 'video', 'audio', 'audition', 'spine']);

/** A rational FCPXML time ("1001/24000s", "3600s", "0.5s") as exact ticks, or undefined when malformed. */
export function parseFcpxmlTime(text: string): { ticks: Ticks; exact: boolean } | undefined {
  const m = /^\s*(-?\d+)(?:\.(\d+))?(?:\/(\d+))?s\s*$/.exec(text);
  if (!m) return undefined;
  if (m[2] !== undefined && m[3] !== undefined) return undefined;
  const num = BigInt(m[1] + (m[2] ?? ''));
  const den = m[3] !== undefined ? BigInt(m[3]) : 10n ** BigInt(m[2]?.length ?? 0);
  if (den === 0n) return undefined;
  const scaled = num * BigInt(TICKS_PER_SECOND);
  let q = scaled / den;
  const r = scaled - q * den;
  const exact = r === 0n;
  if (!exact && 2n * (r < 0n ? -r : r) >= den) q += r < 0n ? -1n : 1n;
  if (q > BigInt(Number.MAX_SAFE_INTEGER) || q < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { ticks: Number(q), exact };
}

/** A format's frameDuration ("1001/24000s") as a frame rate (24000/1001). */
function rateFromFrameDuration(text: string): FrameRate | undefined {
  const m = /^\s*(\d+)(?:\/(\d+))?s\s*$/.exec(text);
  if (!m) return undefined;
  let num = Number(m[2] ?? 1);
  let den = Number(m[1]);
  if (!(num > 0 && den > 0)) return undefined;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(num, den);
  num /= g;
  den /= g;
  return { num, den };
}

interface Lane {
  /** Compositing order: the spine is 0, connected items above it positive. */
  lane: number;
}

interface Found {
  clip: SourceClip;
  label: string;
}

class FcpxmlReader {
  readonly warnings: string[] = [];
  readonly resources = new Map<string, XNode>();
  readonly video = new Map<number, Found[]>();
  readonly audio = new Map<string, Found[]>();
  readonly markers: Marker[] = [];
  private roundedTimes = 0;

  constructor(readonly source: string) {}

  fail(element: string, problem: string, fix = EXPORT_HINT): never {
    throw new InputError(`${this.source}: ${element} ${problem}; ${fix}`);
  }

  time(node: XNode, attr: string, label: string, fallback?: Ticks): Ticks {
    const text = node.attrs[attr];
    if (text === undefined || text === '') {
      if (fallback !== undefined) return fallback;
      this.fail(`${label}`, `has no ${attr}`);
    }
    const t = parseFcpxmlTime(text);
    if (!t) this.fail(`${label} ${attr}="${text}"`, 'is not an FCPXML time like "1001/24000s" or "5s"', `fix the value or ${EXPORT_HINT}`);
    if (!t.exact) this.roundedTimes++;
    return t.ticks;
  }

  finish(): void {
    if (this.roundedTimes > 0) {
      this.warnings.push(`${this.source}: ${this.roundedTimes} time${this.roundedTimes === 1 ? ' is' : 's are'} finer than Cuebed's tick (1/254016000000 s) and ${this.roundedTimes === 1 ? 'was' : 'were'} rounded to the nearest tick.`);
    }
  }
}

function label(n: XNode): string {
  return `<${n.name}${n.attrs.name !== undefined ? ` name="${n.attrs.name}"` : ''}${n.attrs.offset !== undefined ? ` offset="${n.attrs.offset}"` : ''}>`;
}

function roleTrackName(role: string | undefined): string {
  const main = (role ?? 'dialogue').split('.')[0].trim() || 'dialogue';
  return main.charAt(0).toUpperCase() + main.slice(1);
}

function assetPath(asset: XNode | undefined): string | undefined {
  if (!asset) return undefined;
  const src = asset.attrs.src ?? children(asset, 'media-rep').find((m) => (m.attrs.kind ?? 'original-media') === 'original-media')?.attrs.src;
  return src ? decodePathUrl(src) : undefined;
}

/** What an item shows and sounds, from its own element and its contained (lane-less) content. */
function contentOf(r: FcpxmlReader, n: XNode): { video: boolean; generator: boolean; audioRole?: string; mediaPath?: string } {
  const srcEnable = n.attrs.srcEnable ?? 'all';
  switch (n.name) {
    case 'asset-clip': {
      const asset = r.resources.get(n.attrs.ref ?? '');
      const hasVideo = asset?.attrs.hasVideo === '1' && srcEnable !== 'audio';
      const hasAudio = asset?.attrs.hasAudio === '1' && srcEnable !== 'video';
      return { video: hasVideo, generator: false, audioRole: hasAudio ? n.attrs.audioRole ?? 'dialogue' : undefined, mediaPath: assetPath(asset) };
    }
    case 'ref-clip':
    case 'mc-clip':
      return { video: srcEnable !== 'audio', generator: false, audioRole: srcEnable !== 'video' ? n.attrs.audioRole ?? 'dialogue' : undefined };
    case 'title':
      return { video: true, generator: true };
    case 'video': {
      const res = r.resources.get(n.attrs.ref ?? '');
      return { video: true, generator: res?.name === 'effect', mediaPath: res?.name === 'asset' ? assetPath(res) : undefined };
    }
    case 'audio':
      return { video: false, generator: false, audioRole: n.attrs.role ?? 'dialogue', mediaPath: assetPath(r.resources.get(n.attrs.ref ?? '')) };
    default: {
      // clip, sync-clip: whatever their contained items show and sound.
      const out: { video: boolean; generator: boolean; audioRole?: string; mediaPath?: string } = { video: false, generator: true };
      for (const c of n.children) {
        if (!CLIP_ELEMENTS.has(c.name) || c.attrs.lane !== undefined || c.name === 'gap') continue;
        const inner = c.name === 'spine' ? { video: true, generator: false } : contentOf(r, c);
        if (inner.video) {
          out.video = true;
          out.generator = out.generator && inner.generator;
        }
        out.audioRole ??= inner.audioRole;
        out.mediaPath ??= inner.mediaPath;
      }
      // Detached audio of a clip often sits in a gap inside it (FCP's "break apart" result).
      if (out.audioRole === undefined) {
        for (const g of children(n, 'gap')) {
          const a = g.children.find((c) => c.name === 'audio');
          if (a) out.audioRole = a.attrs.role ?? 'dialogue';
        }
      }
      if (!out.video) out.generator = false;
      return out;
    }
  }
}

/**
 * Places one story item and everything connected to it. `at` is where the parent's local time
 * `parentStart` falls in the sequence (ticks from the sequence start).
 */
function place(r: FcpxmlReader, n: XNode, parentAt: Ticks, parentStart: Ticks, lane: Lane, enabled: boolean): void {
  if (n.name === 'transition') return;
  const el = label(n);
  if (n.name === 'audition') {
    // The active pick is the first child.
    const pick = n.children.find((c) => CLIP_ELEMENTS.has(c.name));
    if (pick) place(r, { ...pick, attrs: { ...pick.attrs, offset: n.attrs.offset ?? pick.attrs.offset ?? '0s', lane: n.attrs.lane ?? '0' } }, parentAt, parentStart, lane, enabled);
    return;
  }
  const offset = r.time(n, 'offset', el, parentStart);
  const at = parentAt + (offset - parentStart);
  const on = enabled && n.attrs.enabled !== '0';
  if (n.name === 'spine') {
    // A storyline: its items follow their own offsets, from the storyline's local time 0.
    for (const c of n.children) if (CLIP_ELEMENTS.has(c.name)) place(r, c, at, 0, lane, on);
    return;
  }
  const start = r.time(n, 'start', el, 0);
  const duration = r.time(n, 'duration', el, -1);
  if (duration < 0) {
    if (n.name === 'video' || n.name === 'audio') {
      // Contained in a clip: it spans the clip (its own length may run on beyond the cut).
      return;
    }
    r.fail(el, 'has no duration', EXPORT_HINT);
  }
  const end = at + duration;
  if (n.name !== 'gap' && duration > 0) {
    const content = contentOf(r, n);
    const base: SourceClip = { name: n.attrs.name ?? '', start: at, end, enabled: on, inPoint: start, outPoint: start + duration };
    if (content.mediaPath) base.mediaPath = content.mediaPath;
    if (n.name === 'ref-clip' || n.name === 'mc-clip') base.nested = true;
    if (content.video) {
      const coverage: Coverage = content.generator ? 'overlay' : 'opaque';
      const clip: SourceClip = { ...base, coverage };
      if (content.generator) clip.generator = true;
      const list = r.video.get(lane.lane) ?? [];
      list.push({ clip, label: el });
      r.video.set(lane.lane, list);
    }
    if (content.audioRole !== undefined) {
      const track = roleTrackName(content.audioRole);
      const list = r.audio.get(track) ?? [];
      list.push({ clip: { ...base }, label: el });
      r.audio.set(track, list);
    }
  }
  for (const m of n.children) {
    if (m.name !== 'marker' && m.name !== 'chapter-marker') continue;
    const ms = r.time(m, 'start', `<${m.name}> in ${el}`);
    const md = r.time(m, 'duration', `<${m.name}> in ${el}`, 0);
    const t = at + (ms - start);
    if (t < at || t >= end || t < 0) continue;
    const marker: Marker = { start: t, end: t + md, name: m.attrs.value ?? '', comment: m.attrs.note ?? '' };
    if (m.name === 'chapter-marker') marker.type = 'chapter';
    else if (m.attrs.completed !== undefined) marker.type = 'todo';
    r.markers.push(marker);
  }
  // Connected items (with a lane) and, inside clips, contained storylines.
  for (const c of n.children) {
    if (!CLIP_ELEMENTS.has(c.name)) continue;
    const l = c.attrs.lane;
    if (l === undefined) continue;
    const laneNumber = Number(l);
    if (!Number.isInteger(laneNumber)) r.fail(`${label(c)} lane="${l}"`, 'is not a whole number');
    place(r, c, at, start, { lane: lane.lane + laneNumber }, on);
  }
}

/** Clips of one lane as tracks: clips that share time (possible after nesting) go to a track above. */
function packLane(found: Found[]): Found[][] {
  const tracks: Found[][] = [];
  for (const f of [...found].sort((a, b) => a.clip.start - b.clip.start)) {
    const free = tracks.find((t) => t[t.length - 1].clip.end <= f.clip.start);
    if (free) free.push(f);
    else tracks.push([f]);
  }
  return tracks;
}

function findProjects(n: XNode, out: XNode[] = []): XNode[] {
  for (const c of n.children) {
    if (c.name === 'project') out.push(c);
    else if (c.name === 'library' || c.name === 'event') findProjects(c, out);
  }
  return out;
}

/** Reads FCPXML text into a SourceSequence. `source` names the file in messages. */
export function readFcpxml(text: string, source: string): SourceSequence {
  const root = parseXml(text, source, XML_HINT);
  return readFcpxmlRoot(root, source);
}

export function readFcpxmlRoot(root: XNode, source: string): SourceSequence {
  const r: FcpxmlReader = new FcpxmlReader(source);
  if (root.name !== 'fcpxml') r.fail(`the root element <${root.name}>`, 'is not <fcpxml>');
  const version = root.attrs.version ?? '';
  if (!FCPXML_VERSIONS.includes(version)) {
    r.warnings.push(`${source}: FCPXML version "${version}" is outside the 1.8–1.13 Cuebed was tested with; read as 1.13.`);
  }
  for (const res of child(root, 'resources')?.children ?? []) if (res.attrs.id !== undefined) r.resources.set(res.attrs.id, res);
  const projects = findProjects(root);
  if (projects.length === 0) {
    r.fail('the <fcpxml>', 'holds no <project> (only clips or events)', 'select the project in the Final Cut Pro browser and use File > Export XML…, or in Resolve export the timeline as FCPXML');
  }
  const project = projects[0];
  if (projects.length > 1) r.warnings.push(`${source}: the file holds ${projects.length} projects; scoring the first ("${project.attrs.name ?? ''}"). Export one project to choose another.`);
  const seq = child(project, 'sequence');
  if (!seq) r.fail(`<project name="${project.attrs.name ?? ''}">`, 'has no <sequence>');
  const format = r.resources.get(seq.attrs.format ?? '');
  if (!format || format.name !== 'format') r.fail(`<sequence format="${seq.attrs.format ?? ''}">`, 'names no <format> in <resources>');
  const fd = format.attrs.frameDuration;
  const rate = fd ? rateFromFrameDuration(fd) : undefined;
  if (!rate) r.fail(`<format id="${format.attrs.id}">`, `has frameDuration ${fd === undefined ? 'missing' : `"${fd}"`}, not a frame duration like "1001/24000s"`);
  if (!isKnownFrameRate(rate)) {
    r.fail(`<format id="${format.attrs.id}" frameDuration="${fd}">`, `is ${formatRate(rate)} fps, not a frame rate editors use`, `conform the project to ${KNOWN_FRAME_RATES_TEXT} and ${EXPORT_HINT}`);
  }
  const tcStart = r.time(seq, 'tcStart', '<sequence>', 0);
  const spine = child(seq, 'spine');
  if (!spine) r.fail('<sequence>', 'has no <spine>');
  // Sequence time tcStart is tick 0 of the timeline model.
  for (const c of spine.children) if (CLIP_ELEMENTS.has(c.name)) place(r, c, -tcStart, 0, { lane: 0 }, true);
  r.finish();

  const out: SourceSequence = { source, name: project.attrs.name ?? '', frameRate: rate, tracks: [], markers: r.markers, warnings: r.warnings };
  if (project.attrs.uid) out.id = project.attrs.uid;
  if (tcStart > 0) out.timecodeStart = tcStart;
  // tcFormat="DF": the timeline shows drop-frame labels (29.97/59.94); it changes labels, never time.
  if (seq.attrs.tcFormat === 'DF') out.timecode = { startFrame: ticksToFrameFloor(tcStart, rate), dropFrame: true };
  const sr = /^(\d+(?:\.\d+)?)k$/.exec(seq.attrs.audioRate ?? '');
  if (sr) out.audioSampleRate = Math.round(Number(sr[1]) * 1000);
  const duration = seq.attrs.duration !== undefined ? r.time(seq, 'duration', '<sequence>') : undefined;
  if (duration !== undefined) out.statedDuration = duration;
  let index = 0;
  for (const lane of [...r.video.keys()].sort((a, b) => a - b)) {
    for (const t of packLane(r.video.get(lane) ?? [])) {
      index++;
      out.tracks.push({ kind: 'video', index, name: lane === 0 ? 'Primary storyline' : `Lane ${lane}`, enabled: true, clips: t.map((f) => f.clip) });
    }
  }
  // Dialogue first, then the other roles by name: the order does not depend on where clips hang.
  const roles = [...r.audio.keys()].sort((a, b) => Number(b === 'Dialogue') - Number(a === 'Dialogue') || a.localeCompare(b));
  roles.forEach((role, i) => {
    const track: SourceTrack = { kind: 'audio', index: i + 1, name: role, enabled: true, clips: (r.audio.get(role) ?? []).map((f) => f.clip) };
    out.tracks.push(track);
  });
  const first = out.tracks.flatMap((t) => t.clips).find((c) => c.start < 0);
  if (first) {
    r.fail(`the clip "${first.name}"`, `starts before the sequence's tcStart`, EXPORT_HINT);
  }
  return out;
}
