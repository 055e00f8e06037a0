/**
 * What the arranger hands the synth: note events in output samples. The synth knows nothing of
 * sections, keys or cuts; the arranger knows nothing of DSP.
 */
import type { SamplerBank } from '../sampler/bank';

export type VoiceGroup = 'pads' | 'bass' | 'keys' | 'lead' | 'percussion' | 'stingers' | 'textures';

export const VOICE_GROUPS: readonly VoiceGroup[] = ['pads', 'bass', 'keys', 'lead', 'percussion', 'stingers', 'textures'];

/** Oscillator recipes rendered by src/synth/instruments.ts. */
export type SynthInstrument =
  | 'pad'
  | 'sub-bass'
  | 'pluck'
  | 'keys'
  | 'lead'
  | 'kick'
  | 'snare'
  | 'rim'
  | 'hat-closed'
  | 'hat-open'
  | 'shaker'
  | 'tom'
  | 'impact'
  | 'riser'
  | 'reverse-swell'
  | 'tonal-hit'
  | 'whoosh'
  | 'drone'
  | 'noise-bed';

/**
 * Instruments played from the General MIDI sound bank (src/sampler/gm.ts maps each to its bank
 * program or drum key, and to the synth recipe that stands in when no bank is loaded).
 */
export type SampledInstrument =
  | 'piano' | 'epiano' | 'celesta' | 'harp' | 'glockenspiel' | 'vibraphone' | 'marimba'
  | 'strings' | 'strings-slow' | 'strings-pizz' | 'violins' | 'cellos' | 'contrabass'
  | 'nylon-guitar' | 'steel-guitar' | 'clean-guitar' | 'electric-bass' | 'acoustic-bass'
  | 'brass' | 'french-horn' | 'trumpet' | 'timpani' | 'taiko' | 'choir' | 'warm-pad'
  | 'kit-kick' | 'kit-snare' | 'kit-rim' | 'kit-clap' | 'kit-hat-closed' | 'kit-hat-pedal'
  | 'kit-hat-open' | 'kit-ride' | 'kit-crash' | 'kit-tom-low' | 'kit-tom-mid' | 'kit-tom-high'
  | 'kit-shaker' | 'kit-tambourine' | 'orch-bass-drum' | 'orch-cymbal';

export type Instrument = SynthInstrument | SampledInstrument;

export interface NoteEvent {
  group: VoiceGroup;
  instrument: Instrument;
  /** First sample of the note (for stingers: the pre-roll start; the hit is at `hit`). */
  start: number;
  /** Length in samples before release. */
  length: number;
  /** MIDI note number (percussion: ignored or a tuning hint). */
  midi: number;
  /** 0..1. */
  velocity: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
  /** 0..1 filter opening / brightness. */
  brightness: number;
  /** Stingers: the sample where the transient must land. */
  hit?: number;
  /**
   * Entry swell in samples: the note's attack is at least this long. An entry under dialogue, or
   * a voice coming into a quiet section, swells in instead of striking (src/music/continuity.ts).
   */
  fadeIn?: number;
}

export interface Arrangement {
  sampleRate: number;
  lengthSamples: number;
  /** Sorted by start. */
  events: NoteEvent[];
  /** Gain automation in dB, linear between keys (sample, gainDb); applied after the bus. */
  duck: Array<{ sample: number; gainDb: number }>;
  /** Samples from the end over which the tail fades to silence exactly at lengthSamples. */
  fadeOutSamples: number;
  /** Samples from the start over which the bed fades in (0 for none). */
  fadeInSamples: number;
  /**
   * The sound bank that plays the sampled instruments (src/io/bank.ts loads it). Not part of the
   * plan: without it every sampled instrument plays its synth fallback (src/sampler/gm.ts).
   */
  sampler?: SamplerBank;
  /** How the palette wants the bus mixed (src/music/palette.ts); default: the synth palette's mix. */
  mix?: MixSettings;
}

/** Bus settings a palette chooses: its stereo width and how much room it sits in. */
export interface MixSettings {
  /** Side (L − R) gain of the bus EQ: 1 leaves the image as the voices made it. */
  width: number;
  /** Gain on the reverb return (1 = as the sends make it). */
  wet: number;
}
