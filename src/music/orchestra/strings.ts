/**
 * Spiccato string ostinato (cinematic): short bowed eighths, sixteenths at high energy, cycling
 * root–fifth–octave–fifth of the chord so the harmony moves under a driving pulse. Under speech it
 * keeps going in the cellos only, below the voice band (fundamentals under ~300 Hz) and softer:
 * the bed thins where the words are instead of collapsing to a pad.
 */
import type { SectionContext } from '../context';
import { play, speechAt, tonesIn } from './common';

/** Ostinato cells (indexes into root–fifth–octave–fifth); each section takes the next one. */
const CELLS = [[0, 2, 3, 2, 1, 2, 3, 2], [0, 1, 2, 3, 2, 1, 2, 1], [0, 0, 2, 0, 3, 0, 2, 1]];

export function writeStringOstinato(ctx: SectionContext): void {
  const e = ctx.section.energy;
  // the form decides when the figure plays (./form.ts roles): the arpeggio's slot, and under speech the speech keys'
  const roles = ctx.form.roles;
  if (ctx.section.bpm <= 0 || e < 0.4 || (!roles.has('arp') && !roles.has('speech-keys'))) return;
  const step = e >= 0.7 ? 0.25 : 0.5;
  const CELL = CELLS[ctx.index % CELLS.length];
  for (const c of ctx.chords) {
    const high = tonesIn([c.chromas[0], c.chromas[2] ?? c.chromas[0]], 50, 69).slice(0, 4);
    const low = tonesIn([c.chromas[0], c.chromas[2] ?? c.chromas[0]], 36, 52).slice(0, 4);
    for (let b = 0, i = 0; b < c.beats; b += step, i++) {
      const beat = c.beat + b;
      const underSpeech = speechAt(ctx, beat, step);
      if ((underSpeech && (ctx.brief.quietUnderDialogue || !roles.has('speech-keys'))) || (!underSpeech && !roles.has('arp'))) continue;
      const tones = underSpeech ? low : high;
      if (tones.length === 0) continue;
      const accent = Math.abs(beat % 1) < 1e-9 ? 0.12 : 0;
      const vel = (0.42 + 0.35 * e + accent) * (underSpeech ? 0.6 : 1);
      play(ctx, 'keys', underSpeech ? 'cellos' : 'strings', beat, step * 0.55, tones[CELL[i % CELL.length] % tones.length], vel, underSpeech ? 0.35 : -0.45, 0.7);
    }
  }
}
