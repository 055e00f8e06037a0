/**
 * Orchestral transitions. Timpani roll: sixteenths on the tonic through the last beat(s) before a
 * rise in energy, crescendo into a hit on the next downbeat. Riser: a synth sweep over the last
 * bar into that downbeat. Lo-fi vinyl: a low hiss and sparse crackle under the whole section.
 * Room: the air of the room the players sit in, a faint bright noise under the whole section.
 */
import type { SectionContext } from '../context';
import { seededRandom } from '../../plan/random';
import { play, speechAt } from './common';

function risesInto(ctx: SectionContext, by: number): boolean {
  const next = ctx.next;
  return ctx.section.bpm > 0 && !!next && next.energy >= 0.55 && next.energy >= ctx.section.energy + by && !next.underDialogue && ctx.beats >= ctx.meter;
}

export function writeTimpaniRoll(ctx: SectionContext): void {
  if (ctx.brief.exclude.includes('drums') || !ctx.form.roles.has('drums') || !risesInto(ctx, 0.1)) return;
  const beats = ctx.section.energy >= 0.5 ? 2 : 1;
  const from = ctx.beats - beats;
  if (speechAt(ctx, from, beats)) return;
  const tonic = 41 + ((ctx.chordAt(from)[0] - 5 + 12) % 12);
  const n = beats * 4;
  for (let i = 0; i < n; i++) play(ctx, 'percussion', 'timpani', from + i / 4, 0.25, tonic, 0.25 + (0.6 * i) / n, 0.15, 0.6);
  const at = ctx.at(ctx.beats);
  ctx.emit({ group: 'percussion', instrument: 'timpani', start: at, length: ctx.at(ctx.beats) - ctx.at(ctx.beats - 1), midi: tonic, velocity: 0.95, pan: 0.15, brightness: 0.7 });
}

export function writeRiser(ctx: SectionContext): void {
  if (!risesInto(ctx, 0.15)) return;
  const from = ctx.beats - ctx.meter;
  if (speechAt(ctx, from, ctx.meter)) return;
  const start = ctx.at(from), hit = ctx.at(ctx.beats);
  ctx.emit({ group: 'textures', instrument: 'riser', start, length: hit - start, midi: 60, velocity: 0.55, pan: 0, brightness: 0.8, hit });
}

export function writeVinyl(ctx: SectionContext): void {
  const start = ctx.at(0), end = ctx.at(ctx.beats);
  if (end <= start) return;
  ctx.emit({ group: 'textures', instrument: 'noise-bed', start, length: end - start, midi: 60, velocity: 0.4, pan: 0, brightness: 0.55 });
  // crackle: a few soft clicks a second at seeded random places, spread across the image
  const sr = ctx.plan.sequence.sampleRate;
  const rand = seededRandom(ctx.plan.seed, ctx.section.id, 'vinyl', 'crackle');
  const clicks = Math.floor(((end - start) / sr) * 4);
  for (let i = 0; i < clicks; i++) {
    const s = start + Math.floor(rand() * (end - start - 1));
    ctx.emit({ group: 'textures', instrument: 'hat-closed', start: s, length: Math.round(0.01 * sr), midi: 60, velocity: 0.08 + 0.1 * rand(), pan: rand() * 1.6 - 0.8, brightness: 0.9 });
  }
}

/**
 * A produced recording is never digital silence between notes: the room, the mics and the
 * reverb's own noise sit some 40 dB under the music, spread wide. A sampled arrangement
 * without it measured as a synth demo does: a spectrum of bare partials (flatness −64 to −70 dB
 * on the e-learning bed against produced music's −62 … −33) that hardly moves from frame to frame.
 */
export function writeRoom(ctx: SectionContext, velocity: number): void {
  const start = ctx.at(0), end = ctx.at(ctx.beats);
  if (end <= start) return;
  ctx.emit({ group: 'textures', instrument: 'noise-bed', start, length: end - start, midi: 60, velocity, pan: 0, brightness: 0.95 });
}
