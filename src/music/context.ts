import type { Plan, Section } from '../plan/types';
import type { BriefParams } from '../plan/brief';
import type { PaletteVoice } from '../plan/presets';
import type { NoteEvent } from './types';
import type { SectionForm } from './form';

/** What every part writer sees for one section. */
export interface SectionContext {
  plan: Plan;
  section: Section;
  index: number;
  next: Section | undefined;
  brief: BriefParams;
  palette: Set<PaletteVoice>;
  /** Which roles play here and at what level (./form.ts). */
  form: SectionForm;
  /** Beats felt per bar: 2/4 half-bar sections are still phrased in fours. */
  meter: number;
  /** Total beats in the section (0 when unmeasured). */
  beats: number;
  /** Sample of beat position `b` (may be fractional, on a 1/4-beat grid). */
  at(beat: number): number;
  /** Chord tones (chroma) sounding at a beat. */
  chordAt(beat: number): number[];
  /** Chord spans in beats with their tones. */
  chords: Array<{ beat: number; beats: number; chromas: number[]; bass: number }>;
  /** True when [start, end) touches speech (including the duck's ramps). */
  speech(start: number, end: number): boolean;
  emit(e: NoteEvent): void;
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
