/**
 * Cinematic brass. Swells: horns re-articulate a chord on each beat of the last bar before a
 * section that rises in energy, louder each time, into the next downbeat. Braam: a low brass
 * root-fifth blast on the downbeat of a high-energy section. Neither plays under speech.
 */
import type { SectionContext } from '../context';
import { play, speechAt, tonesIn } from './common';

export function writeBrassSwell(ctx: SectionContext): void {
  const next = ctx.next;
  const roles = ctx.form.roles;
  if (!roles.has('lead') && !roles.has('counter')) return;
  if (ctx.section.bpm <= 0 || !next || next.energy < ctx.section.energy + 0.1 || next.underDialogue || ctx.beats < ctx.meter) return;
  const from = ctx.beats - ctx.meter;
  if (speechAt(ctx, from, ctx.meter)) return;
  const chord = tonesIn(ctx.chordAt(from), 50, 67).slice(0, 3);
  for (let b = 0; b < ctx.meter; b++) {
    const vel = 0.3 + (0.55 * (b + 1)) / ctx.meter;
    for (const m of chord) play(ctx, 'lead', 'french-horn', from + b, 1, m, vel, 0.2, 0.7);
  }
}

export function writeBraam(ctx: SectionContext): void {
  if (!ctx.form.roles.has('drums') && !ctx.form.roles.has('counter')) return;
  if (ctx.section.bpm <= 0 || ctx.section.energy < 0.65 || ctx.section.underDialogue || speechAt(ctx, 0, 2)) return;
  const root = ctx.chords[0]?.chromas[0];
  if (root === undefined) return;
  const low = 36 + root;
  for (const m of [low, low + 7, low + 12]) play(ctx, 'lead', 'brass', 0, Math.min(ctx.beats, 2 * ctx.meter), m, 0.95, 0, 0.8);
}
