/**
 * Strummed steel-string guitar (corporate/acoustic): a down–down-up–up-down-up bar in eighths,
 * each stroke spread across the strings 9 ms apart (down low→high, up high→low on the top four),
 * seated opposite the picked nylon guitar. Under speech the strum stops and a soft root on each
 * beat stays below the voice band.
 */
import type { SectionContext } from '../context';
import { play, speechAt, tonesIn } from './common';

/** Eighths of a 4/4 bar: 1 down, 0 rest, −1 up. */
const PATTERN = [1, 0, 1, -1, 0, -1, 1, -1];
const STRING_GAP_MS = 9;

export function writeGuitarStrum(ctx: SectionContext): void {
  const e = ctx.section.energy;
  const roles = ctx.form.roles;
  if (ctx.section.bpm <= 0 || e < 0.3 || (!roles.has('arp') && !roles.has('speech-keys'))) return;
  const sr = ctx.plan.sequence.sampleRate;
  const gap = Math.round((STRING_GAP_MS / 1000) * sr);
  for (const c of ctx.chords) {
    const shape = tonesIn(c.chromas, 52, 71).slice(0, 6);
    for (let b = 0; b < c.beats; b += 0.5) {
      const beat = c.beat + b;
      if (speechAt(ctx, beat, 0.5)) {
        if (Number.isInteger(beat) && !ctx.brief.quietUnderDialogue && roles.has('speech-keys')) play(ctx, 'keys', 'steel-guitar', beat, 1, 40 + ((c.chromas[0] - 4 + 12) % 12), 0.3, 0.4, 0.1);
        continue;
      }
      if (!roles.has('arp')) continue;
      const stroke = PATTERN[Math.round(beat * 2) % PATTERN.length];
      if (stroke === 0 || (e < 0.45 && stroke < 0)) continue;
      const strings = stroke > 0 ? shape : shape.slice(-4).reverse();
      const start = ctx.at(beat);
      const end = ctx.at(Math.min(ctx.beats, beat + (stroke > 0 ? 1 : 0.5)));
      const vel = (stroke > 0 ? 0.5 : 0.38) + 0.3 * e + (Number.isInteger(beat) && beat % ctx.meter === 0 ? 0.08 : 0);
      strings.forEach((m, k) => {
        const s = start + k * gap;
        if (end > s) ctx.emit({ group: 'keys', instrument: 'steel-guitar', start: s, length: end - s, midi: m, velocity: Math.min(1, vel * (1 - 0.04 * k)), pan: 0.45, brightness: 0.6 });
      });
    }
  }
}
