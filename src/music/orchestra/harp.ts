/**
 * Harp sweeps (documentary) or celesta (ambient): at each chord change a rising arpeggio over two
 * octaves in eighths, then the chord rings. Under speech only a soft celesta note every two beats
 * above the voice's fundamentals (C6 and up): a sparkle over the words, not a line among them.
 */
import type { SectionContext } from '../context';
import { play, speechAt, tonesIn } from './common';

export function writeHarpArpeggio(ctx: SectionContext, ambient: boolean): void {
  const e = ctx.section.energy;
  const roles = ctx.form.roles;
  if (ctx.section.bpm <= 0) return;
  const instrument = ambient ? 'celesta' : 'harp';
  for (const c of ctx.chords) {
    const sweep = tonesIn(c.chromas, ambient ? 67 : 55, ambient ? 91 : 84).slice(0, 8);
    const sparkle = tonesIn(c.chromas, 84, 96);
    for (let b = 0, i = 0; b < c.beats; b += 0.5, i++) {
      const beat = c.beat + b;
      if (speechAt(ctx, beat, 0.5)) {
        if (b % 2 === 0 && sparkle.length > 0 && !ctx.brief.quietUnderDialogue && roles.has('speech-keys')) play(ctx, 'keys', 'celesta', beat, 2, sparkle[i % sparkle.length], 0.28, 0.4, 0.5);
        continue;
      }
      if (!roles.has('arp') || i >= sweep.length || (e < 0.3 && i % 2 === 1)) continue;
      play(ctx, 'keys', instrument, beat, c.beats - b, sweep[i], 0.34 + 0.3 * e + 0.02 * i, 0.45 - 0.1 * i, 0.6);
    }
  }
}
