/**
 * Turns the part writers' role notes into the palette's instruments: each note of a role becomes
 * one note per layer of that role (divisi by register, octave shifts, the layer's seat in the
 * stereo field), kit pieces become the palette's kit, and off-beat eighths swing when the palette
 * swings. Notes already on a sampled instrument, stingers and anything the palette has no role
 * for pass through unchanged.
 */
import type { SectionContext } from '../context';
import type { Instrument, NoteEvent } from '../types';
import type { KitPiece, Layer, Palette, Role } from '../palette';

const ROLE_OF: Partial<Record<Instrument, Role>> = {
  pad: 'pad', 'sub-bass': 'bass', keys: 'keys', pluck: 'pluck', lead: 'lead', drone: 'drone', 'noise-bed': 'noise',
};
const KIT: ReadonlySet<Instrument> = new Set<Instrument>(['kick', 'snare', 'rim', 'hat-closed', 'hat-open', 'shaker', 'tom']);

function layersOf(p: Palette, ev: NoteEvent): Layer[] | null {
  if (ev.group === 'stingers') return null;
  const role = ROLE_OF[ev.instrument];
  if (role) return p.roles[role];
  if (KIT.has(ev.instrument)) return p.kit[ev.instrument as KitPiece];
  return null;
}

/** One section's notes in the palette's instruments (order kept, layers in palette order). */
export function realise(events: NoteEvent[], p: Palette, ctx: SectionContext): NoteEvent[] {
  const swing = p.swing > 0 ? swingMap(ctx, p.swing) : null;
  const out: NoteEvent[] = [];
  for (const ev of events) {
    const layers = layersOf(p, ev);
    const moved = swing?.get(ev.start);
    const base = moved !== undefined && (ev.group === 'percussion' || ev.group === 'keys') ? { ...ev, start: moved } : ev;
    if (!layers) { out.push(base); continue; }
    let placed = false;
    const line = layers.some((l) => l.underLine) && ctx.speech(ev.start, ev.start + ev.length);
    for (const l of layers) {
      if (l.range && (ev.midi < l.range[0] || ev.midi > l.range[1])) continue;
      placed = true;
      const under = line ? l.underLine : undefined;
      if (under?.velocity === 0) continue;
      out.push({
        ...base, instrument: l.instrument, midi: ev.midi + (l.transpose ?? 0) + (under?.transpose ?? 0),
        velocity: Math.min(1, ev.velocity * (l.velocity ?? 1) * (under?.velocity ?? 1)), brightness: l.brightness ?? ev.brightness, pan: l.pan === undefined ? ev.pan : Math.max(-0.9, Math.min(0.9, l.pan + ev.pan * 0.5)),
      });
    }
    // a note outside every layer's range still sounds, on the role's first layer
    if (!placed) out.push({ ...base, instrument: layers[0].instrument, midi: ev.midi + (layers[0].transpose ?? 0) });
  }
  return out;
}

/** Sample of each straight off-beat eighth → its swung sample (the eighth pushed by `amount` of an eighth). */
function swingMap(ctx: SectionContext, amount: number): Map<number, number> {
  const map = new Map<number, number>();
  if (ctx.section.bpm <= 0) return map;
  // the beat grid is in quarter beats: interpolate inside the eighth instead
  for (let b = 0.5; b < ctx.beats; b += 1) {
    const s = ctx.at(b);
    map.set(s, s + Math.round(amount * (ctx.at(b + 0.5) - s)));
  }
  return map;
}
