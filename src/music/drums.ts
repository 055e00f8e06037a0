import { note } from './parts';
import type { SectionContext } from './context';
import type { Instrument } from './types';

/**
 * Percussion by energy: kick and backbeat carry the pulse, hats and shaker the motion; a fill in
 * the last beats leads into a section of equal or higher energy. Under speech only a soft kick
 * survives: hats and snares sit right in the consonant band.
 */
export function writeDrums(ctx: SectionContext): void {
  const e = ctx.section.energy;
  if (!ctx.form.roles.has('drums')) return;
  const m = ctx.meter;
  const fillFrom = fillStart(ctx);
  const hit = (instrument: Instrument, beat: number, beats: number, vel: number, pan = 0, midi = 36) => {
    const start = ctx.at(beat);
    if (ctx.speech(start, ctx.at(Math.min(ctx.beats, beat + beats)))) {
      if (instrument !== 'kick' || ctx.brief.quietUnderDialogue) return;
      vel *= 0.6;
    }
    note(ctx, 'percussion', instrument, beat, beats, midi, vel, pan, 0.4 + 0.5 * e);
  };
  for (let b = 0; b < ctx.beats; b += 0.25) {
    const inBar = b % m;
    const whole = Number.isInteger(b);
    if (b >= fillFrom) {
      if (Number.isInteger(b * 2)) hit(e >= 0.55 ? 'tom' : 'snare', b, 0.5, 0.55 + 0.3 * ((b - fillFrom) / Math.max(1, ctx.beats - fillFrom)), 0.3 - 0.2 * (b - fillFrom), 45 - Math.floor(b - fillFrom) * 3);
      if (whole && inBar === 0) hit('kick', b, 0.5, 0.85);
      continue;
    }
    if (whole) {
      const kick = inBar === 0 || (e >= 0.5 && m === 4 && inBar === 2) || (e >= 0.72 && m === 4);
      if (kick) hit('kick', b, 0.5, inBar === 0 ? 0.9 : 0.75);
      const backbeat = m === 4 ? inBar === 1 || inBar === 3 : m === 3 && inBar === 2 ? e >= 0.55 : false;
      if (backbeat) hit(e >= 0.55 ? 'snare' : 'rim', b, 0.5, 0.6 + 0.25 * e, 0.05);
    }
    if (e >= 0.45 && Number.isInteger(b * 2)) {
      const offbeat = !whole;
      const open = e >= 0.75 && offbeat && m === 4 && Math.floor(inBar) === 3;
      hit(open ? 'hat-open' : 'hat-closed', b, open ? 0.5 : 0.25, (offbeat ? 0.42 : 0.32) + 0.2 * e, 0.3);
    }
    if (e < 0.45) hit('shaker', b, 0.25, (whole ? 0.32 : b % 0.5 === 0 ? 0.26 : 0.2), -0.35);
  }
}

/** Beat where the fill starts, or Infinity: only into a section that does not drop in energy. */
function fillStart(ctx: SectionContext): number {
  const next = ctx.next;
  if (!next || next.energy + 0.05 < ctx.section.energy || next.underDialogue || ctx.beats < 2 * ctx.meter) return Infinity;
  return ctx.beats - (ctx.section.energy >= 0.6 ? 2 : 1);
}
