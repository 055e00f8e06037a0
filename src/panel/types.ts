/**
 * The panel's render protocol: what the UI hands a RenderService and what comes back. Pure types,
 * shared by the page bundle (browser), the Node worker and the tests; nothing here touches the DOM.
 */
import type { HostSnapshot } from '../timeline/snapshot';
import type { Plan, Style } from '../plan/types';
import type { BitDepth } from '../audio';
import type { ClipKeyframe, DuckKeyRequest, TranscriptSpeech } from '../host/adapter';
import type { SamplerBank } from '../sampler/bank';

export type { TranscriptSpeech };

/** What the editor set in the panel. */
export interface PanelSettings {
  brief: string;
  /** '' = from the brief (or the default preset). */
  preset: string;
  /** '' = from the brief/preset. */
  style: '' | Style;
  seed: number;
  /** Depth under dialogue in dB (negative). */
  duckDb: number;
  /** Integrated loudness of the delivered bed. */
  targetLufs: number;
  stems: boolean;
  bitDepth: BitDepth;
}

/** Where stingers go: the cut under the playhead, stinger-named markers, or every scene change. */
export type StingerTarget = 'playhead' | 'markers' | 'scenes';

export interface RenderJobBase {
  /** The active sequence, as the host read it. */
  snapshot: HostSnapshot;
  settings: PanelSettings;
  /** Absolute path of the project file, '' when unsaved or unknown. */
  projectPath: string;
  /** The user's documents folder: the fallback when the project folder cannot be used. */
  documentsPath: string;
  /** Premiere's transcripts of the dialogue media, where the host can read them (UXP). */
  transcripts?: TranscriptSpeech[];
}


export interface ScoreJob extends RenderJobBase {
  kind: 'score';
}

export interface StingerJob extends RenderJobBase {
  kind: 'stingers';
  at: StingerTarget;
}

/** Regenerate around edits: the previous render (from renders.json) and the keys on its clip. */
export interface RegenJob extends RenderJobBase {
  kind: 'regen';
  previous: { folder: string; wavPath: string };
  /** Volume keys on the previous render's clip(s) as the host read them; null when it could not. */
  clipKeys: ClipKeyframe[] | null;
}

export type RenderJob = ScoreJob | StingerJob | RegenJob;

/** Core stages plus the panel's own file stage. */
export type RenderStage = 'reading' | 'planning' | 'arranging' | 'rendering' | 'encoding' | 'writing';

export interface RenderProgress {
  stage: RenderStage;
  /** 0..1 within the stage. */
  fraction: number;
}

export interface RenderOutcome {
  kind: RenderJob['kind'];
  plan: Plan;
  /** The versioned folder written (…/Cuebed/score-v3). */
  folder: string;
  /** Absolute paths of every file written. */
  files: string[];
  /** score: the mix; stingers: '' (see stingerWavs). */
  wavPath: string;
  /** stingers: one WAV per plan.stingers entry, same order. */
  stingerWavs: string[];
  integratedLufs: number;
  truePeakDb: number;
  /** Why the folder is not next to the project ('' when it is). */
  folderNote: string;
  /**
   * Why this render played its sampled instruments on the synth palette (no sound bank here, or
   * it could not be read), for the panel to say; '' or absent when the bank played them.
   */
  soundNote?: string;
  /** regen: what was kept, moved and re-rendered (section ids) and where it came from. */
  regen?: RegenReport;
  /** regen: the new clip's Volume keys (ducking + the editor's own keys carried over). */
  keys?: {
    ducking: DuckKeyRequest[];
    editorKeys: DuckKeyRequest[];
    /** Editor keys whose place in the picture was cut out. */
    dropped: Array<{ ticks: string; gainDb: number | null; reason: 'cut' | 'outside' }>;
    /** The host could not read the previous clip's keys: nothing could be carried over. */
    unread: boolean;
  };
}

export interface RegenReport {
  /** The previous render's folder. */
  from: string;
  kept: string[];
  shifted: string[];
  rendered: string[];
  removed: string[];
  /** Seconds synthesised anew (the rest is copied from the previous render). */
  synthesisedSec: number;
}

/** A render failure, already phrased for the editor. */
export interface RenderFailure {
  code: 'INPUT' | 'TOO_LONG' | 'DISK' | 'CANCELLED' | 'INTERNAL';
  message: string;
}

export class RenderError extends Error {
  override name = 'RenderError';
  constructor(
    readonly code: RenderFailure['code'],
    message: string,
  ) {
    super(message);
  }
}

/** Runs renders off the UI thread. */
export interface RenderService {
  readonly name: string;
  /** Rejects with RenderError. */
  render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome>;
  /** Stops the running render, if any (its promise rejects with code CANCELLED). */
  cancel(): void;
}

/** Messages between a render host (page side) and a render worker (Node side). */
export type WorkerRequest = { type: 'render'; id: number; job: RenderJob };
export type WorkerMessage =
  | { type: 'progress'; id: number; progress: RenderProgress }
  | { type: 'done'; id: number; outcome: RenderOutcome }
  | { type: 'failed'; id: number; failure: RenderFailure };

/** The sound bank a render plays its sampled instruments on, or why it plays the synth palette instead. */
export type PanelSound = { bank: SamplerBank } | { bank: null; why: string };
