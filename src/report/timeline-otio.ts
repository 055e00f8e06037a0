/**
 * The score written back into an OpenTimelineIO timeline (Resolve: File > Import > Timeline): the
 * editor's timeline with an audio Track "Cuebed" (a Gap up to the scored range, then score.wav as a
 * Clip with an ExternalReference) and a "Cuebed Stingers" track. OTIO has no volume keyframes, so
 * the duck curve travels in the clip's metadata under "cuebed" (sequence ticks as decimal strings,
 * exact, plus seconds for people). Score times are written at the sample rate (whole samples),
 * gaps at the timeline's frame rate, so nothing is rounded.
 */
import { FrameRate, TICKS_PER_SECOND, Ticks, ticksPerSample } from '../time';
import { SCORE_TRACK_NAME, STINGER_TRACK_NAME, type PlacedFile, type PlacedKey, type ScorePlacement, fileUrl } from './timeline-placement';

export const OTIO_DUCK_SCHEMA = 'cuebed.duck/1';

type Json = Record<string, unknown>;

const rt = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, rate), duration: rt(duration, rate) });

/** A length of ticks as an OTIO time: whole samples when it is one, else ticks at the tick rate. */
function otioTime(ticks: Ticks, sampleRate: number): { value: number; rate: number } {
  const per = ticksPerSample(sampleRate);
  return ticks % per === 0 ? { value: ticks / per, rate: sampleRate } : { value: ticks, rate: TICKS_PER_SECOND };
}

function gap(ticks: Ticks, rate: FrameRate, sampleRate: number): Json {
  const tpf = (TICKS_PER_SECOND * rate.den) / rate.num;
  const t = ticks % tpf === 0 ? { value: ticks / tpf, rate: rate.num / rate.den } : otioTime(ticks, sampleRate);
  return { OTIO_SCHEMA: 'Gap.1', name: '', source_range: range(0, t.value, t.rate), effects: [], markers: [], enabled: true, metadata: {} };
}

function clip(file: PlacedFile, sampleRate: number, metadata: Json = {}, enabled = true): Json {
  return {
    OTIO_SCHEMA: 'Clip.2',
    name: file.name,
    source_range: range(0, file.samples, sampleRate),
    effects: [],
    markers: [],
    enabled,
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: 'ExternalReference.1',
        name: file.path.split(/[\\/]/).pop() ?? '',
        target_url: fileUrl(file.path),
        available_range: range(0, file.samples, sampleRate),
        available_image_bounds: null,
        metadata: {},
      },
    },
    active_media_reference_key: 'DEFAULT_MEDIA',
    metadata,
  };
}

function track(name: string, files: Array<{ file: PlacedFile; metadata?: Json; enabled?: boolean }>, rate: FrameRate, sampleRate: number): Json {
  const children: Json[] = [];
  let at = 0;
  for (const { file, metadata, enabled } of [...files].sort((a, b) => a.file.start - b.file.start)) {
    // Stingers never overlap in a plan; if one did, it would start where the previous one ends.
    if (file.start > at) children.push(gap(file.start - at, rate, sampleRate));
    children.push(clip(file, sampleRate, metadata, enabled ?? true));
    at = Math.max(at, file.start) + (file.end - file.start);
  }
  return { OTIO_SCHEMA: 'Track.1', name, kind: 'Audio', source_range: null, effects: [], markers: [], enabled: true, metadata: {}, children };
}

function duckMetadata(keys: PlacedKey[], start: Ticks): Json {
  return {
    cuebed: {
      schema: OTIO_DUCK_SCHEMA,
      note: 'Volume keyframes of the score: sequence time in ticks (254016000000 per second) and in seconds from the clip start; gain in dB, linear between keys, null is silence.',
      keys: keys.map((k) => ({ ticks: String(k.ticks), seconds: (k.ticks - start) / TICKS_PER_SECOND, gainDb: Number.isFinite(k.gainDb) ? k.gainDb : null })),
    },
  };
}

/** The .otio text `json` with the score (and stingers) on new audio tracks. */
export function writeOtioTimeline(json: unknown, placement: ScorePlacement, rate: FrameRate): string {
  const doc = structuredClone(json) as Json;
  const stack = doc.tracks as Json;
  const tracks = (stack.children as Json[] | undefined) ?? [];
  const sr = placement.sampleRate;
  tracks.push(track(SCORE_TRACK_NAME, [{ file: placement.score, metadata: duckMetadata(placement.score.keys, placement.score.start) }], rate, sr));
  if (placement.stingers.length > 0) tracks.push(track(STINGER_TRACK_NAME, placement.stingers.map((file) => ({ file, enabled: false })), rate, sr));
  stack.children = tracks;
  return `${JSON.stringify(doc, null, 4)}\n`;
}

/** The score's duck keys as written in an .otio (for checking a round trip). */
export function readOtioDuckKeys(json: unknown): PlacedKey[] | undefined {
  const tracks = ((json as Json).tracks as Json).children as Json[];
  const track = tracks.find((t) => t.name === SCORE_TRACK_NAME && t.kind === 'Audio');
  const clip = (track?.children as Json[] | undefined)?.find((c) => String(c.OTIO_SCHEMA).startsWith('Clip'));
  const meta = (clip?.metadata as Json | undefined)?.cuebed as { schema?: string; keys?: Array<{ ticks: string; gainDb: number | null }> } | undefined;
  if (meta?.schema !== OTIO_DUCK_SCHEMA || !meta.keys) return undefined;
  return meta.keys.map((k) => ({ ticks: Number(k.ticks), gainDb: k.gainDb === null ? -Infinity : k.gainDb }));
}
