/**
 * Host snapshot reader: the JSON the Premiere panel's host script returns for the active sequence.
 *
 * Schema `cuebed.snapshot/1` (all times are Premiere tick counts as decimal strings, measured from
 * the sequence start, not from zeroPoint; 254016000000 ticks = 1 s):
 * ```
 * {
 *   "schema": "cuebed.snapshot/1",
 *   "sequence": {
 *     "name": string, "id": string,                 // id = Sequence.sequenceID
 *     "frameRate": { "num": int, "den": int },      // 24000/1001, 25/1, 30000/1001, ...
 *     "audioSampleRate": int,                       // 44100 | 48000 | 96000 ...
 *     "zeroPoint": ticks,                           // start timecode, informational only
 *     "end": ticks,                                 // Sequence.end: the stated length
 *     "inPoint": ticks | null, "outPoint": ticks | null,   // null when unset
 *     "playhead": ticks
 *   },
 *   "videoTracks": [ { "index": int (1-based, V1 first), "name": string, "enabled": bool,
 *       "clips": [ { "name", "start", "end", "inPoint", "outPoint" (ticks; in/out in source time),
 *                    "mediaPath": string ("" for synthetic media), "enabled": bool,
 *                    "mediaType": "Video",
 *                    "alpha"?: bool,              // media has transparency → overlay
 *                    "kind"?: "clip" | "title" | "graphic" | "adjustment" | "nested" | "generator" } ] } ],
 *   "audioTracks": [ { same, clips with "mediaType": "Audio" and "linkId"?: string
 *                      (channels of one linked item share it) } ],
 *   "markers": [ { "start", "end" (ticks; end = start for a point marker), "name", "comments", "type" } ]
 * }
 * ```
 * Titles, graphics, adjustment layers and clips with alpha are overlays; nested sequences and
 * generators are opaque picture.
 */
import { FrameRate, Ticks, TimeError, formatRate, parseTicks, supportsDropFrame, ticksToFrameFloor, validateRate } from '../time';
import { KNOWN_FRAME_RATES_TEXT, findOverlap, isKnownFrameRate } from './checks';
import { Coverage, InputError, Marker, SourceClip, SourceSequence, SourceTrack } from './model';

export const SNAPSHOT_SCHEMA = 'cuebed.snapshot/1';

export type SnapshotClipKind = 'clip' | 'title' | 'graphic' | 'adjustment' | 'nested' | 'generator';

export interface HostSnapshotClip {
  name: string;
  start: string;
  end: string;
  inPoint: string;
  outPoint: string;
  mediaPath: string;
  enabled: boolean;
  mediaType: 'Video' | 'Audio';
  alpha?: boolean;
  kind?: SnapshotClipKind;
  linkId?: string;
}

export interface HostSnapshotTrack {
  index: number;
  name: string;
  enabled: boolean;
  clips: HostSnapshotClip[];
}

export interface HostSnapshotMarker {
  start: string;
  end: string;
  name: string;
  comments: string;
  type: string;
}

export interface HostSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  sequence: {
    name: string;
    id: string;
    frameRate: FrameRate;
    audioSampleRate: number;
    zeroPoint: string;
    end: string;
    inPoint: string | null;
    outPoint: string | null;
    playhead: string;
    /** The timeline displays drop-frame timecode (29.97/59.94 DF); absent when not. */
    dropFrame?: boolean;
  };
  videoTracks: HostSnapshotTrack[];
  audioTracks: HostSnapshotTrack[];
  markers: HostSnapshotMarker[];
}

const KINDS: readonly SnapshotClipKind[] = ['clip', 'title', 'graphic', 'adjustment', 'nested', 'generator'];

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  try {
    const s = JSON.stringify(value);
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  } catch {
    return String(value);
  }
}

class Validator {
  constructor(readonly source: string) {}

  fail(field: string, expected: string, got: unknown): never {
    throw new InputError(`${this.source}: ${field} must be ${expected} (got ${show(got)})`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, 'an object', v);
    return v as Record<string, unknown>;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, 'an array', v);
    return v;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, 'a string', v);
    return v;
  }

  bool(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, 'true or false', v);
    return v;
  }

  int(v: unknown, field: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `a whole number ≥ ${min}`, v);
    return v;
  }

  ticks(v: unknown, field: string): Ticks {
    if (typeof v !== 'string' || !/^\s*-?\d+\s*$/.test(v)) this.fail(field, 'a tick string like "254016000000"', v);
    try {
      return parseTicks(v, field);
    } catch (e) {
      if (e instanceof TimeError) throw new InputError(`${this.source}: ${e.message}`);
      throw e;
    }
  }
}

function readClip(v: Validator, raw: unknown, field: string, mediaType: 'Video' | 'Audio'): SourceClip {
  const o = v.object(raw, field);
  const name = v.string(o.name, `${field}.name`);
  const start = v.ticks(o.start, `${field}.start`);
  const end = v.ticks(o.end, `${field}.end`);
  if (start < 0) v.fail(`${field}.start`, 'at or after the sequence start', o.start);
  if (end < start) v.fail(`${field}.end`, `at or after start (${start})`, o.end);
  const inPoint = v.ticks(o.inPoint, `${field}.inPoint`);
  const outPoint = v.ticks(o.outPoint, `${field}.outPoint`);
  const mediaPath = v.string(o.mediaPath, `${field}.mediaPath`);
  const enabled = v.bool(o.enabled, `${field}.enabled`);
  if (o.mediaType !== mediaType) v.fail(`${field}.mediaType`, `"${mediaType}"`, o.mediaType);
  const clip: SourceClip = { name, start, end, inPoint, outPoint, enabled };
  if (mediaPath !== '') clip.mediaPath = mediaPath;
  let alpha = false;
  if (o.alpha !== undefined) alpha = v.bool(o.alpha, `${field}.alpha`);
  let kind: SnapshotClipKind = 'clip';
  if (o.kind !== undefined) {
    if (typeof o.kind !== 'string' || !(KINDS as readonly string[]).includes(o.kind)) v.fail(`${field}.kind`, `one of ${KINDS.join(', ')}`, o.kind);
    kind = o.kind as SnapshotClipKind;
  }
  if (kind === 'nested') clip.nested = true;
  if (kind === 'generator') clip.generator = true;
  if (mediaType === 'Video') {
    const overlay = alpha || kind === 'title' || kind === 'graphic' || kind === 'adjustment';
    clip.coverage = (overlay ? 'overlay' : 'opaque') satisfies Coverage;
  }
  if (o.linkId !== undefined) {
    if (mediaType !== 'Audio') v.fail(`${field}.linkId`, 'absent on a video clip', o.linkId);
    const linkId = v.string(o.linkId, `${field}.linkId`);
    if (linkId !== '') clip.linkId = linkId;
  }
  return clip;
}

function readTracks(v: Validator, raw: unknown, field: string, kind: 'video' | 'audio'): SourceTrack[] {
  const mediaType = kind === 'video' ? 'Video' : 'Audio';
  const seen = new Set<number>();
  return v.array(raw, field).map((t, i) => {
    const f = `${field}[${i}]`;
    const o = v.object(t, f);
    const index = v.int(o.index, `${f}.index`, 1);
    if (seen.has(index)) v.fail(`${f}.index`, 'unique among the tracks', index);
    seen.add(index);
    const name = v.string(o.name, `${f}.name`);
    const enabled = v.bool(o.enabled, `${f}.enabled`);
    const fields = new Map<SourceClip, string>();
    const clips = v.array(o.clips, `${f}.clips`).map((c, j) => {
      const clip = readClip(v, c, `${f}.clips[${j}]`, mediaType);
      fields.set(clip, `${f}.clips[${j}]`);
      return clip;
    });
    // Refused on video, accepted on audio: see checks.ts for why.
    const overlap = kind === 'video' ? findOverlap(clips) : undefined;
    if (overlap) {
      const [a, b] = overlap;
      const span = (c: SourceClip) => `"${c.name}" ${c.start}–${c.end}`;
      throw new InputError(
        `${v.source}: ${fields.get(b)} ${span(b)} overlaps ${fields.get(a)} ${span(a)} (ticks); a video track shows one clip at a time, so read the sequence again from the Cuebed panel`,
      );
    }
    return { kind, index, name: name.trim() !== '' ? name : `${kind === 'video' ? 'V' : 'A'}${index}`, enabled, clips };
  });
}

/** Validates a host snapshot field by field and translates it into a SourceSequence. */
export function readSnapshot(json: unknown, source: string): SourceSequence {
  const v = new Validator(source);
  const root = v.object(json, 'the snapshot');
  if (root.schema !== SNAPSHOT_SCHEMA) v.fail('schema', `"${SNAPSHOT_SCHEMA}"`, root.schema);
  const s = v.object(root.sequence, 'sequence');
  const name = v.string(s.name, 'sequence.name');
  const id = v.string(s.id, 'sequence.id');
  const fr = v.object(s.frameRate, 'sequence.frameRate');
  const frameRate: FrameRate = { num: v.int(fr.num, 'sequence.frameRate.num', 1), den: v.int(fr.den, 'sequence.frameRate.den', 1) };
  try {
    validateRate(frameRate);
  } catch (e) {
    if (e instanceof TimeError) throw new InputError(`${source}: sequence.frameRate is unsupported (${e.message})`);
    throw e;
  }
  if (!isKnownFrameRate(frameRate)) {
    throw new InputError(
      `${source}: sequence.frameRate is unsupported (${frameRate.num}/${frameRate.den} = ${formatRate(frameRate)} fps is not a frame rate editors use; supported: ${KNOWN_FRAME_RATES_TEXT})`,
    );
  }
  const audioSampleRate = v.int(s.audioSampleRate, 'sequence.audioSampleRate', 1);
  // 8 kHz telephone audio to 384 kHz; Premiere reports 32000–192000
  if (audioSampleRate < 8000 || audioSampleRate > 384000) v.fail('sequence.audioSampleRate', 'an audio sample rate from 8000 to 384000 Hz', s.audioSampleRate);
  const zeroPoint = v.ticks(s.zeroPoint, 'sequence.zeroPoint');
  const dropFrame = s.dropFrame === undefined ? false : v.bool(s.dropFrame, 'sequence.dropFrame') && supportsDropFrame(frameRate);
  // the sequence's own times count from its start: none of them can be negative
  const notNegative = (value: unknown, field: string): Ticks => {
    const t = v.ticks(value, field);
    if (t < 0) v.fail(field, 'a tick count of 0 or more', value);
    return t;
  };
  const end = notNegative(s.end, 'sequence.end');
  const inPoint = s.inPoint === null ? undefined : notNegative(s.inPoint, 'sequence.inPoint');
  const outPoint = s.outPoint === null ? undefined : notNegative(s.outPoint, 'sequence.outPoint');
  const playhead = v.ticks(s.playhead, 'sequence.playhead');
  const tracks = [
    ...readTracks(v, root.videoTracks, 'videoTracks', 'video'),
    ...readTracks(v, root.audioTracks, 'audioTracks', 'audio'),
  ];
  const markers: Marker[] = v.array(root.markers, 'markers').map((m, i) => {
    const f = `markers[${i}]`;
    const o = v.object(m, f);
    const start = v.ticks(o.start, `${f}.start`);
    const mEnd = v.ticks(o.end, `${f}.end`);
    const marker: Marker = {
      start,
      end: Math.max(start, mEnd),
      name: v.string(o.name, `${f}.name`),
      comment: v.string(o.comments, `${f}.comments`),
    };
    marker.type = v.string(o.type, `${f}.type`);
    return marker;
  });
  const seq: SourceSequence = {
    source,
    name,
    id,
    frameRate,
    audioSampleRate,
    statedDuration: end,
    playhead,
    tracks,
    markers,
    warnings: [],
  };
  if (inPoint !== undefined) seq.inPoint = inPoint;
  if (outPoint !== undefined) seq.outPoint = outPoint;
  // zeroPoint is the sequence's start timecode (01:00:00:00 is common): labels only, never time.
  const startFrame = ticksToFrameFloor(zeroPoint, frameRate);
  if (startFrame > 0 || dropFrame) seq.timecode = { startFrame, dropFrame };
  return seq;
}
