import type { SectionContext } from '../context';
import type { Instrument, VoiceGroup } from '../types';

/** Emits one note on the section's beat grid (beats may be fractional; 0-length notes are dropped). */
export function play(
  ctx: SectionContext, group: VoiceGroup, instrument: Instrument, beat: number, beats: number, midi: number, velocity: number, pan = 0, brightness = 0.6,
): void {
  const start = ctx.at(beat);
  const end = ctx.at(Math.min(ctx.beats, beat + beats));
  if (end <= start) return;
  ctx.emit({ group, instrument, start, length: end - start, midi, velocity: Math.max(0.05, Math.min(1, velocity)), pan, brightness });
}

/** Chord tones (chroma) spread as MIDI notes in [lo, hi], ascending. */
export function tonesIn(chromas: number[], lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let m = lo; m <= hi; m++) if (chromas.includes(((m % 12) + 12) % 12)) out.push(m);
  return out;
}

/** True when beat span [b, b + len) touches speech. */
export function speechAt(ctx: SectionContext, b: number, len: number): boolean {
  return ctx.speech(ctx.at(b), ctx.at(Math.min(ctx.beats, b + len)));
}
