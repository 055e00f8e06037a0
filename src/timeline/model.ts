import type { FrameRate, SequenceTimecode, Ticks } from '../time';

/**
 * What a reader translates a source (FCP7 XML, host snapshot) into. Readers only translate; cuts,
 * the scored range and dialogue are computed once, the same way, from this (see build.ts).
 * All times are integer ticks from the sequence start; ranges are half-open [start, end).
 */
export interface SourceSequence {
  /** Where it came from, for messages: a file path or "Premiere snapshot". */
  source: string;
  name: string;
  id?: string;
  frameRate: FrameRate;
  /** Sequence audio sample rate when the source states it. */
  audioSampleRate?: number;
  /** The sequence's own stated length (FCP7 `<duration>`, snapshot `end`), which may disagree with its clips. */
  statedDuration?: Ticks;
  inPoint?: Ticks;
  outPoint?: Ticks;
  playhead?: Ticks;
  /**
   * The sequence's start timecode as ticks from 00:00:00:00 (OTIO global_start_time, FCPXML
   * tcStart); clip and marker times still count from the sequence start. Absent means 0.
   */
  timecodeStart?: Ticks;
  /** The sequence's start timecode and drop-frame labelling (FCP7 `<timecode>`, snapshot zeroPoint + display format) as labels; absent: 00:00:00:00 non-drop. buildTimeline also derives it from timecodeStart. */
  timecode?: SequenceTimecode;
  tracks: SourceTrack[];
  markers: Marker[];
  /** Things a reader noticed and worked around, worded for the editor. */
  warnings: string[];
}

export type MediaKind = 'video' | 'audio';

export interface SourceTrack {
  kind: MediaKind;
  /** 1-based, bottom (V1/A1) first, as the editor sees it. */
  index: number;
  name: string;
  enabled: boolean;
  clips: SourceClip[];
}

/**
 * How a video clip covers what is under it. `opaque` hides lower tracks; `overlay` (alpha other
 * than none, titles, graphics, adjustment layers, transparent video) sits on top without hiding
 * the cuts beneath.
 */
export type Coverage = 'opaque' | 'overlay';

export interface SourceClip {
  name: string;
  start: Ticks;
  end: Ticks;
  /** Source range start/end (in ticks of source time), when known. */
  inPoint?: Ticks;
  outPoint?: Ticks;
  mediaPath?: string;
  enabled: boolean;
  /** Video only. */
  coverage?: Coverage;
  /** Audio only: clips that are the channels of one linked stereo item share a link id. */
  linkId?: string;
  /** True for a nested sequence used as a clip (it is one clip). */
  nested?: boolean;
  /** Generator clips (colour mattes, bars): picture all the same. */
  generator?: boolean;
}

export interface Marker {
  start: Ticks;
  /** Equal to start for a point marker. */
  end: Ticks;
  name: string;
  comment: string;
  type?: string;
}

/** A boundary of the picture the viewer sees. */
export interface Cut {
  time: Ticks;
  /** Frame number from the sequence start (exact: cuts are deduplicated to the frame). */
  frame: number;
}

export interface Region {
  start: Ticks;
  end: Ticks;
  /** Track names/clip names that produced it, for the cue sheet and explain output. */
  source: string;
}

/** The model every later stage consumes. Times are ticks from the sequence start. */
export interface Timeline {
  source: string;
  name: string;
  id?: string;
  frameRate: FrameRate;
  audioSampleRate?: number;
  /** The scored range: the sequence In/Out when set, else 0 to the end of the last picture or dialogue. */
  range: { start: Ticks; end: Ticks };
  videoClips: Array<SourceClip & { track: number }>;
  audioClips: Array<SourceClip & { track: number }>;
  /** Strictly inside the range, sorted, one per frame. */
  cuts: Cut[];
  /** Inside the range, sorted, merged across small gaps. */
  dialogue: Region[];
  /** Inside the range, sorted by start. */
  markers: Marker[];
  /** 1-based audio track indexes used as dialogue. */
  dialogueTracks: number[];
  playhead?: Ticks;
  /** As SourceSequence.timecodeStart. */
  timecodeStart?: Ticks;
  /** As the source states it (labels only, never time). */
  timecode?: SequenceTimecode;
  warnings: string[];
}

export interface TimelineOptions {
  /** 1-based audio track indexes chosen as dialogue; default picks by name, else all non-music tracks. */
  dialogueTracks?: number[];
  /** Dialogue clips closer than this are one region (default 0.5 s). */
  dialogueMergeGap?: Ticks;
  /** Which sequence of a file holding several (FCP7 XML): its 1-based number or its name. */
  sequence?: string;
  /** Reading's progress, 0..1 (FCP7 XML reports as it parses: 100,000 clips take seconds). */
  onProgress?: (fraction: number) => void;
}

/** Bad input: the message names the file, the element and the fix. Exit code 2 at the CLI. */
export class InputError extends Error {
  override name = 'InputError';
}
