/**
 * The sampled instruments in General MIDI terms: which bank preset plays each (melodic program on
 * bank 0, or a key of the standard drum kit on bank 128), which synth recipe stands in for it when
 * no sound bank is loaded, and where it sits in the mix by default. Pure data: the palette (i13-mix)
 * may tune the mix defaults; the sampler and the synth fallback read the rest.
 */
import type { Instrument, SampledInstrument, SynthInstrument } from '../music/types';

export interface MixDefaults {
  /** Level trim applied to the sampled voice, dB (bank presets differ a lot in loudness). */
  gainDb: number;
  /** Reverb send 0..1 (same scale as the synth recipes' `reverb`). */
  reverb: number;
  /** Delay send 0..1 (0 = none; the group's delay send still applies on top when the group has one). */
  delay: number;
}

export interface GmInstrument {
  /** SoundFont bank: 0 for melodic presets, 128 for drum kits. */
  bank: number;
  /** GM program number, 0-based (drum kits: the kit's program, 0 = Standard). */
  program: number;
  /** Drum kits only: the key that plays this piece (the event's own `midi` is then ignored). */
  drumKey?: number;
  /** The synth recipe that renders this instrument when no bank is available. */
  fallback: SynthInstrument;
  /** Synth fallback only: the note it plays at when the event's pitch means nothing to it (drums). */
  fallbackMidi?: number;
  mix: MixDefaults;
}

const mel = (program: number, fallback: SynthInstrument, gainDb: number, reverb: number, delay = 0): GmInstrument =>
  ({ bank: 0, program, fallback, mix: { gainDb, reverb, delay } });
const kit = (drumKey: number, fallback: SynthInstrument, gainDb: number, reverb: number, fallbackMidi = 36): GmInstrument =>
  ({ bank: 128, program: 0, drumKey, fallback, fallbackMidi, mix: { gainDb, reverb, delay: 0 } });

/** Every sampled instrument (the keys of this record are the SampledInstrument union). */
export const GM: Readonly<Record<SampledInstrument, GmInstrument>> = {
  piano: mel(0, 'keys', 0, 0.3),
  epiano: mel(4, 'keys', 0, 0.3, 0.15),
  celesta: mel(8, 'keys', -2, 0.45),
  glockenspiel: mel(9, 'keys', -6, 0.45),
  vibraphone: mel(11, 'keys', -2, 0.4),
  marimba: mel(12, 'pluck', -2, 0.3),
  harp: mel(46, 'pluck', 0, 0.45),
  strings: mel(48, 'pad', 0, 0.5),
  'strings-slow': mel(49, 'pad', 0, 0.55),
  'strings-pizz': mel(45, 'pluck', 0, 0.35),
  violins: mel(40, 'lead', -2, 0.45),
  cellos: mel(42, 'pad', 0, 0.4),
  contrabass: mel(43, 'sub-bass', 0, 0.25),
  'nylon-guitar': mel(24, 'pluck', 0, 0.3),
  'steel-guitar': mel(25, 'pluck', -1, 0.3),
  'clean-guitar': mel(27, 'pluck', -2, 0.3, 0.2),
  'acoustic-bass': mel(32, 'sub-bass', 0, 0.05),
  'electric-bass': mel(33, 'sub-bass', 0, 0.03),
  brass: mel(61, 'lead', -2, 0.4),
  'french-horn': mel(60, 'lead', -1, 0.45),
  trumpet: mel(56, 'lead', -3, 0.35),
  timpani: mel(47, 'tom', 0, 0.4),
  taiko: mel(116, 'tom', 0, 0.35),
  choir: mel(52, 'pad', -2, 0.55),
  'warm-pad': mel(89, 'pad', -3, 0.5),
  'kit-kick': kit(36, 'kick', 0, 0.02),
  'kit-snare': kit(38, 'snare', -1, 0.2),
  'kit-rim': kit(37, 'rim', -2, 0.15),
  'kit-clap': kit(39, 'snare', -2, 0.25),
  'kit-hat-closed': kit(42, 'hat-closed', -4, 0.1),
  'kit-hat-pedal': kit(44, 'hat-closed', -5, 0.1),
  'kit-hat-open': kit(46, 'hat-open', -5, 0.12),
  'kit-ride': kit(51, 'hat-open', -5, 0.15),
  'kit-crash': kit(49, 'hat-open', -6, 0.25),
  'kit-tom-low': kit(45, 'tom', -1, 0.2, 45),
  'kit-tom-mid': kit(47, 'tom', -1, 0.2, 50),
  'kit-tom-high': kit(50, 'tom', -1, 0.2, 55),
  'kit-shaker': kit(70, 'shaker', -5, 0.1),
  'kit-tambourine': kit(54, 'shaker', -6, 0.15),
  'orch-bass-drum': kit(35, 'kick', 0, 0.4),
  'orch-cymbal': kit(57, 'hat-open', -6, 0.4),
};

export const SAMPLED_INSTRUMENTS = Object.keys(GM) as SampledInstrument[];

export function isSampled(instrument: Instrument): instrument is SampledInstrument {
  return Object.prototype.hasOwnProperty.call(GM, instrument);
}

/** The bank key an event of this instrument plays (drum pieces: their kit key). */
export function gmKey(instrument: SampledInstrument, midi: number): number {
  return GM[instrument].drumKey ?? midi;
}
