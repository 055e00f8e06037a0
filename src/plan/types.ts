import type { FrameRate } from '../time';

/**
 * The plan, exactly as written to plan.json (schema id cuebed.plan/1, see schema/plan.schema.json).
 * Times are seconds from the start of the score (the sequence In point or 0) AND integer samples at
 * the plan's sample rate; the samples are the truth, seconds are for people.
 */
export interface Plan {
  schema: 'cuebed.plan/1';
  seed: number;
  brief: string;
  preset: string;
  style: Style;
  targetLufs: number;
  /** Share of all cuts with a beat within ±1 frame. */
  hitRate: number;
  /** Largest tempo change between neighbouring measured sections, in %. */
  maxTempoChangePct: number;
  sequence: {
    name: string;
    frameRate: FrameRate;
    /** Where the score starts in the sequence, seconds from the sequence start. */
    start: number;
    /** Same, in ticks (string: exact beyond 2^53 is not needed, but ticks are strings at the host). */
    startTicks: string;
    duration: number;
    durationSamples: number;
    sampleRate: number;
    /**
     * How the editor's timeline labels frames, when not 00:00:00:00 non-drop: the label of the
     * sequence's first frame ("01:00:00:00"; drop-frame "00:00:00;00") and whether labels drop.
     */
    timecode?: { start: string; dropFrame: boolean };
  };
  /**
   * The timeline the plan was made from, as far as regeneration needs it beyond `cuts` (which
   * carry their frames): the scored range in frames from the sequence start, and its end in ticks.
   */
  source?: PlanSource;
  cuts: PlanCut[];
  dialogue: PlanRegion[];
  markers: PlanMarker[];
  tempo: TempoChange[];
  sections: Section[];
  stingers: Stinger[];
  ducking: DuckKey[];
  warnings: string[];
}

export interface PlanSource {
  /** First frame of the scored range (from the sequence start). */
  startFrame: number;
  /** Frame where the scored range ends (exclusive). */
  endFrame: number;
  /** End of the scored range in ticks (decimal string, like sequence.startTicks). */
  endTicks: string;
}

export type Style = 'underscore' | 'bed' | 'thematic' | 'ambient';
export type SectionKind = 'intro' | 'build' | 'peak' | 'resolve' | 'outro' | 'texture';
export type Mode = 'major' | 'minor' | 'dorian' | 'lydian' | 'mixolydian' | 'phrygian' | 'aeolian' | 'harmonic minor';

export interface PlanCut {
  time: number;
  sample: number;
  /** Frame from the sequence start. */
  frame: number;
  /** A scene change: a candidate section boundary and stinger. */
  scene: boolean;
  /** True when a beat lies within ±1 frame of it. */
  onBeat: boolean;
}

export interface PlanRegion {
  start: number;
  end: number;
  startSample: number;
  endSample: number;
  source: string;
}

export interface PlanMarker {
  time: number;
  sample: number;
  name: string;
  comment: string;
}

export interface TempoChange {
  time: number;
  sample: number;
  /** 0 for an unmeasured (ambient) section. */
  bpm: number;
  beatsPerBar: number;
}

export interface Chord {
  /** Chord symbol as tonal names it ("Am7"). */
  symbol: string;
  /** Roman degree in the section's key, for people ("vi7"). */
  degree: string;
  root: string;
  /** First bar (0-based within the section) and length in bars. */
  bar: number;
  bars: number;
}

export interface Section {
  /** Stable identity: survives ripples, keys every seed (never the array index). */
  id: string;
  start: number;
  end: number;
  startSample: number;
  endSample: number;
  kind: SectionKind;
  /** 0..1. */
  energy: number;
  /** Tonic pitch class ("D"). */
  key: string;
  mode: Mode;
  bars: number;
  beatsPerBar: number;
  /** Exact tempo: bars × beatsPerBar beats span [startSample, endSample). 0 when unmeasured. */
  bpm: number;
  chords: Chord[];
  /** True when most of the section lies under dialogue: arrangement thins out. */
  underDialogue: boolean;
  /** The score's motif id ("A"): the same in every section that states the tune, so it reads as one piece. */
  motif?: string;
  /** How this section treats the motif. */
  motifVariant?: MotifVariant;
}

export type MotifVariant = 'statement' | 'sequence' | 'full' | 'fragment' | 'augmented' | 'inversion';

export type StingerStyle = 'impact' | 'riser' | 'reverse-swell' | 'tonal-hit' | 'whoosh';

export interface Stinger {
  /** The transient lands here, on the cut's sample. */
  hit: number;
  hitSample: number;
  /** Pre-roll start (risers, swells) and tail end. */
  start: number;
  end: number;
  startSample: number;
  endSample: number;
  /** Index into cuts. */
  cut: number;
  style: StingerStyle;
}

export interface DuckKey {
  time: number;
  sample: number;
  gainDb: number;
}
