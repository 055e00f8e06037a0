/**
 * The host-adapter seam (DESIGN.md "Premiere facts"; reference §7): everything Cuebed asks of an
 * editing host, as pure types. The CEP/ExtendScript implementation is host/cuebed.jsx behind
 * `createCepAdapter` (bridge.ts); a UXP adapter can implement the same interface later, and the CLI's
 * FCP7 XML reader is the file-based third implementation of `snapshot`.
 *
 * All times are Premiere ticks (254,016,000,000 per second) as decimal strings, measured from the
 * sequence start (not from zeroPoint), exactly as the host reports them.
 */
import type { HostSnapshot } from '../timeline/snapshot';

export type { HostSnapshot } from '../timeline/snapshot';

/** Error codes a host call can answer with. */
export type HostErrorCode =
  | 'NO_PROJECT'
  | 'NO_SEQUENCE'
  | 'EMPTY_SEQUENCE'
  | 'IMPORT_FAILED'
  | 'TRACK_LOCKED'
  | 'NO_TRACK'
  | 'PLACE_FAILED'
  | 'KEYFRAMES_FAILED'
  | 'BAD_REQUEST'
  | 'INTERNAL'
  /** Panel side: the host answered something that is not an envelope ("EvalScript error.", "undefined"). */
  | 'BRIDGE';

export interface HostErrorInfo {
  code: HostErrorCode;
  message: string;
}

/** What every host function returns, as JSON text. */
export type HostEnvelope<T> = { ok: true; data: T } | { ok: false; error: HostErrorInfo };

/** A host call that came back `{ok:false}`. */
export class HostError extends Error {
  override name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A ducking keyframe at a sequence time; gainDb null means silence (−∞ dB, JSON has no −Infinity). */
export interface DuckKeyRequest {
  ticks: string;
  gainDb: number | null;
}

export interface PlaceScoreRequest {
  /** Absolute path of the rendered WAV. */
  wavPath: string;
  /** Name given to the placed clip. */
  name: string;
  /** Where the score starts in the sequence. */
  startTicks: string;
  /** Length of the WAV. */
  durationTicks: string;
  /** Volume keyframes at SEQUENCE times; the host converts to the clip's source time. */
  ducking: DuckKeyRequest[];
  /**
   * Optional: Volume keys the editor made by hand on the previous Cuebed clip, carried over to the
   * new one (SEQUENCE times, src/panel/keyframes.ts). Written after `ducking`, so a key at the same
   * tick wins; reported back with `editor: true`. A host that does not know the field ignores it.
   */
  editorKeys?: DuckKeyRequest[];
  /**
   * More of this score's keys follow in addScoreKeys calls: no key of this call asks Premiere to
   * redraw (the last call's last key does). Absent: this call's keys are all of them.
   */
  moreKeys?: boolean;
}

/** Same shape: the new render replaces the old clip on the Cuebed track (the old item stays in the bin). */
export type ReplaceScoreRequest = PlaceScoreRequest;

/**
 * More Volume keys for a score an earlier placeScore/replaceScore put in the sequence: a long
 * interview's keys go in several calls of a bounded size (src/panel/place-batches.ts), so no one
 * call keeps Premiere busy for minutes. The clip is found by `wavPath` and `startTicks` (within a frame).
 */
export interface AddScoreKeysRequest {
  wavPath: string;
  startTicks: string;
  ducking: DuckKeyRequest[];
  editorKeys?: DuckKeyRequest[];
  moreKeys?: boolean;
}

export interface AddScoreKeysResult {
  keyframes: WrittenKeyframe[];
}

export interface PlacedClip {
  name: string;
  start: string;
  end: string;
  inPoint: string;
  outPoint: string;
}

export interface WrittenKeyframe {
  /** Sequence time. */
  ticks: string;
  /** Clip source time the key was written at: inPoint + (ticks − start). */
  sourceTicks: string;
  /** Level value written: 10^((dB − 15)/20). */
  value: number;
  /** Read back with getValueAtKey and equal. */
  verified: boolean;
  /** One of the request's editorKeys (absent for ducking keys). */
  editor?: boolean;
}

export interface ReadKeyframe {
  /** Sequence time. */
  ticks: string;
  value: number;
  gainDb: number | null;
}

export interface PlaceScoreResult {
  /** The clip was already on the track (same media path and start): nothing was changed. */
  alreadyPlaced: boolean;
  /** The WAV was imported by this call (false when the bin already held it). */
  imported: boolean;
  /** 1-based audio track index. */
  trackIndex: number;
  trackName: string;
  trackCreated: boolean;
  nodeId: string;
  clip: PlacedClip;
  keyframes: WrittenKeyframe[];
  /** replaceScore: clips taken off the track (their project items stay in the bin). */
  removed: Array<{ mediaPath: string; clip: PlacedClip }>;
  /** replaceScore: the Volume keys found on the old clip, so the panel can carry the editor's own keys over. */
  previousKeyframes: ReadKeyframe[];
}

/** A Volume key read from a clip, with its time in the clip's media as well. */
export interface ClipKeyframe extends ReadKeyframe {
  /** Media (source) time of the key: for a Cuebed WAV, the time in the score. */
  sourceTicks: string;
}

export interface ScoreKeysRequest {
  /** The WAV whose clips to read (the previous render's score.wav). */
  wavPath: string;
}

/** Speech in one media file per Premiere's transcript: [start, end) in source ticks (decimal strings). */
export interface TranscriptSpeech {
  mediaPath: string;
  spans: Array<[string, string]>;
}

/** Premiere's transcripts of the sequence's enabled audio clips (UXP only; CEP cannot read them). */
export interface TranscriptsResult {
  media: TranscriptSpeech[];
  /** Clips whose media has no transcript (their dialogue stays the clip's extents). */
  untranscribed: Array<{ track: number; clipName: string }>;
}

export interface ScoreKeysResult {
  /**
   * Every clip of that WAV in the active sequence (a razor or a sync-locked ripple can split the
   * score into several), in track then time order, each with the Volume keys it holds.
   */
  clips: Array<{ trackIndex: number; trackName: string; clip: PlacedClip; keys: ClipKeyframe[] }>;
}

export interface StingerRequest {
  wavPath: string;
  name: string;
  /** Where the stinger FILE starts in the sequence: hit − pre-roll. */
  startTicks: string;
  /** Where its transient must land (the cut). */
  hitTicks: string;
  /**
   * Where the file ends (start + its length). Optional: without it the host reserves hit + 10 s
   * when it looks for a stinger track with room.
   */
  endTicks?: string;
}

export interface PlaceStingersRequest {
  stingers: StingerRequest[];
}

export interface PlacedStinger {
  name: string;
  alreadyPlaced: boolean;
  clip: PlacedClip;
  /** Where the hit landed: clip start + (hit − start). */
  hitTicks: string;
}

export interface PlaceStingersResult {
  trackIndex: number;
  trackName: string;
  trackCreated: boolean;
  stingers: PlacedStinger[];
}

/** Everything Cuebed needs from an editing host. Rejections are HostError. */
export interface HostAdapter {
  readonly kind: 'cep' | 'uxp' | 'file';
  /** The active sequence (schema cuebed.snapshot/1, read by src/timeline readSnapshot). */
  snapshot(): Promise<HostSnapshot>;
  /** Import the WAV into the "Cuebed" bin, put it on the "Cuebed" track, write the ducking keys. Idempotent. */
  placeScore(req: PlaceScoreRequest): Promise<PlaceScoreResult>;
  /** Each stinger on the "Cuebed Stingers" track, its hit on its cut. Idempotent. */
  placeStingers(req: PlaceStingersRequest): Promise<PlaceStingersResult>;
  /** The new render replaces the old clip on the track; nothing is deleted from the project. */
  replaceScore(req: ReplaceScoreRequest): Promise<PlaceScoreResult>;
  /**
   * Optional: the Volume keys on the clips of a rendered WAV (read-only), so the panel can tell the
   * editor's own keys from the ones Cuebed wrote before a regeneration replaces the clip.
   */
  scoreKeys?(req: ScoreKeysRequest): Promise<ScoreKeysResult>;
  /** More Volume keys for a placed score (a long interview's keys, in bounded calls). */
  addScoreKeys?(req: AddScoreKeysRequest): Promise<AddScoreKeysResult>;
}

/** The public functions of host/cuebed.jsx, under $.cuebed. */
export type HostFunction = 'snapshot' | 'placeScore' | 'placeStingers' | 'replaceScore' | 'ping' | 'scoreKeys' | 'addScoreKeys' | 'transcripts';
