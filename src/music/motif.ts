import { seededRandom, pick } from '../plan/random';
import { chromaOf, scaleMidis } from './harmony';
import { note } from './parts';
import type { SectionContext } from './context';

/**
 * One motif per score, so the cue sounds like one piece: a two-bar cell of (beat, length, scale
 * step) drawn from singable rhythms and contours, then developed per section as the plan says
 * (statement, sequence, inversion, fragment, augmented, and whole at the peak) rather than replaced.
 */
export interface MotifNote { beat: number; beats: number; step: number }

const RHYTHMS_4 = [
  [[0, 1], [1, 0.5], [1.5, 0.5], [2, 2], [4, 1], [5, 1], [6, 2]],
  [[0, 1.5], [1.5, 0.5], [2, 1], [3, 1], [4, 3]],
  [[0.5, 0.5], [1, 1], [2, 0.5], [2.5, 1.5], [4, 1], [5, 0.5], [5.5, 2.5]],
  [[0, 2], [2, 1], [3, 1], [4, 1], [5, 1], [6, 2]],
];
const RHYTHMS_3 = [
  [[0, 2], [2, 1], [3, 1], [4, 2]],
  [[0, 1], [1, 1], [2, 1], [3, 3]],
];
const CONTOURS = [[0, 1, 2, 4, 3, 2, 1], [4, 2, 3, 1, 2, 0, 0], [0, 2, 4, 5, 4, 2, 1], [2, 1, 0, 1, 2, 4, 2], [0, -1, 0, 2, 1, 0, 0]];

export function makeMotif(seed: number, meter: number): MotifNote[] {
  const rand = seededRandom(seed, 'motif', meter);
  const rhythm = pick(rand, meter === 3 ? RHYTHMS_3 : RHYTHMS_4);
  const contour = pick(rand, CONTOURS);
  return rhythm.map(([beat, beats], i) => ({ beat, beats, step: contour[i % contour.length] }));
}

/**
 * The tune for one section. Every 4-bar phrase is a call (the cell, treated as the section's
 * variant says) and an answer (the cell again, ending a step up to ask for more, or on the tonic
 * to close the section's last phrase). Development: a sequence climbs a step per phrase, an
 * inversion mirrors the contour, a fragment keeps the first bar and leaves room, augmentation
 * doubles every value (in a build the fragment is restated bar by bar, a step higher each time);
 * 'full' (the peak) states the theme whole, louder. In long sections every
 * third phrase rests, so the tune breathes and the counter-line takes over.
 */
export function writeLead(ctx: SectionContext, motif: MotifNote[]): void {
  const variant = ctx.section.motif ? ctx.section.motifVariant ?? 'statement' : undefined;
  if (!variant || !ctx.form.roles.has('lead')) return;
  const scale = scaleMidis(ctx.section.key, ctx.section.mode, 62, 86);
  const keyChroma = chromaOf(ctx.section.key);
  const tonicIndex = scale.findIndex((m) => m >= 67 && m % 12 === keyChroma);
  const home = tonicIndex < 0 ? Math.floor(scale.length / 2) : tonicIndex;
  const cell = 2 * ctx.meter;
  const stretch = variant === 'augmented' ? 2 : 1;
  const span = cell * stretch;
  const phrase = 4 * ctx.meter;
  const first = motif[0]?.step ?? 0;
  const shape = (n: MotifNote) => (variant === 'inversion' ? first - (n.step - first) : n.step);
  const phrases = Math.floor((ctx.beats + 1e-9) / phrase);
  const lift = variant === 'full' ? 0.08 : 0;
  for (let rep = 0, at = 0; at + span <= ctx.beats + 1e-9; at += phrase, rep++) {
    if (rep % 3 === 2 && phrases >= 3 && variant !== 'full') continue;
    const shift = variant === 'sequence' ? rep : 0;
    const notes = variant === 'fragment' ? motif.filter((n) => n.beat < ctx.meter) : motif;
    const vel = 0.5 + 0.3 * ctx.section.energy + lift;
    for (const n of notes) writeNote(ctx, scale, home + shape(n) + shift, at + n.beat * stretch, n.beats * stretch, vel);
    if (variant === 'fragment') {
      if (ctx.section.kind === 'build') {
        // in a build the fragment is liquidated: restated every bar a step higher, pressing on
        for (let k = 1; k < 4; k++) for (const n of notes) writeNote(ctx, scale, home + shape(n) + shift + k, at + ctx.meter * k + n.beat, n.beats, vel + 0.03 * k);
        continue;
      }
      // elsewhere the fragment answers itself a step lower, then leaves the bar empty
      for (const n of notes) writeNote(ctx, scale, home + shape(n) + shift - 1, at + ctx.meter * 2 + n.beat, n.beats, vel - 0.05);
      continue;
    }
    if (stretch > 1 || at + span + cell > ctx.beats + 1e-9) continue;
    const closing = at + phrase + span > ctx.beats + 1e-9;
    notes.forEach((n, i) => {
      const last = i === notes.length - 1;
      const step = last ? (closing ? 0 : shape(n) + 1) : shape(n);
      writeNote(ctx, scale, home + step + shift, at + span + n.beat, n.beats, vel - 0.03);
    });
  }
}

/**
 * A counter-line outside dialogue, below the tune (G3–A4). Its frame is a chord tone every two
 * beats, each the one nearest the last (a repeated note costs a little, so it moves), falling
 * where the bass rises. Between two frame notes the weak beat may carry a non-chord tone: a
 * passing tone through a third, a neighbour a step off a repeated note, both in the key's scale,
 * so the line sings instead of block-stepping with the pads. Nothing starts or sounds in speech.
 */
export interface CounterNote { beat: number; beats: number; midi: number; ornament?: 'passing' | 'neighbour' }

export function counterLine(ctx: SectionContext): CounterNote[] {
  const rand = seededRandom(ctx.plan.seed, ctx.section.id, 'counter');
  let prev = 60 + Math.floor(rand() * 5);
  let prevBass = ctx.chords[0]?.bass ?? 0;
  const line: CounterNote[] = [];
  for (const c of ctx.chords) {
    // contrary motion: when the bass rises the counter-line prefers to fall, and the other way
    const bassUp = c.bass !== prevBass && (c.bass - prevBass + 12) % 12 < 6;
    prevBass = c.bass;
    for (let b = 0; b < c.beats; b += 2) {
      const beat = c.beat + b;
      if (ctx.speech(ctx.at(beat), ctx.at(Math.min(ctx.beats, beat + 2)))) continue;
      const tones: number[] = [];
      for (let m = 55; m <= 69; m++) if (c.chromas.slice(1).includes(m % 12)) tones.push(m);
      if (tones.length === 0) continue;
      const ranked = tones.map((m) => ({ m, cost: Math.abs(m - prev) + (m === prev ? 1.5 : 0) + (bassUp && m > prev ? 2 : 0) })).sort((x, y) => x.cost - y.cost);
      prev = ranked[0].m;
      line.push({ beat, beats: Math.min(2, c.beats - b), midi: prev });
    }
  }
  // ornaments on the weak beat of a two-beat frame note leading straight into the next
  const scale = scaleMidis(ctx.section.key, ctx.section.mode, 50, 74);
  const chance = 0.35 + 0.4 * ctx.section.energy;
  const out: CounterNote[] = [];
  line.forEach((a, i) => {
    const b = line[i + 1];
    if (!b || a.beats < 2 || b.beat !== a.beat + 2 || rand() >= chance) { out.push(a); return; }
    const lo = Math.min(a.midi, b.midi), hi = Math.max(a.midi, b.midi);
    const between = scale.filter((m) => m > lo && m < hi);
    let midi: number | undefined;
    let ornament: CounterNote['ornament'];
    if (hi - lo >= 3 && hi - lo <= 4 && between.length === 1) { midi = between[0]; ornament = 'passing'; }
    else if (hi === lo) {
      const up = scale.find((m) => m > a.midi), down = [...scale].reverse().find((m) => m < a.midi);
      midi = rand() < 0.5 ? up ?? down : down ?? up;
      ornament = 'neighbour';
    }
    if (midi === undefined || Math.abs(midi - a.midi) > 2 || Math.abs(midi - b.midi) > 2) { out.push(a); return; }
    out.push({ ...a, beats: 1 }, { beat: a.beat + 1, beats: 1, midi, ornament });
  });
  return out;
}

export function writeCounter(ctx: SectionContext): void {
  if (!ctx.form.roles.has('counter')) return;
  for (const n of counterLine(ctx)) {
    const weak = n.ornament ? -0.06 : 0;
    note(ctx, 'lead', 'lead', n.beat, n.beats * 0.95, n.midi, 0.34 + 0.2 * ctx.section.energy + weak, 0.3, 0.25 + 0.3 * ctx.section.energy);
  }
}

function writeNote(ctx: SectionContext, scale: number[], index: number, beat: number, beats: number, vel: number): void {
  if (beat >= ctx.beats) return;
  let i = Math.max(0, Math.min(scale.length - 1, index));
  // Long or downbeat notes settle on a chord tone so the tune never fights the pad.
  const strong = beats >= 1 && Math.abs(beat % 1) < 1e-9;
  if (strong) {
    const tones = ctx.chordAt(beat);
    for (const d of [0, 1, -1, 2, -2]) {
      const j = i + d;
      if (j >= 0 && j < scale.length && tones.includes(scale[j] % 12)) { i = j; break; }
    }
  }
  const start = ctx.at(beat);
  if (ctx.speech(start, ctx.at(Math.min(ctx.beats, beat + beats)))) return;
  note(ctx, 'lead', 'lead', beat, beats * 0.95, scale[i], vel + (beat % ctx.meter === 0 ? 0.08 : 0), -0.15, 0.35 + 0.4 * ctx.section.energy);
}
