import { seededRandom, pick } from '../plan/random';
import { chromaOf, scaleMidis } from './harmony';
import { note } from './parts';
import type { SectionContext } from './context';

/**
 * One motif per score, so the cue sounds like one piece: a two-bar cell of (beat, length, scale
 * step) drawn from singable rhythms and contours, then varied per section as the plan says
 * (statement, sequence, full, fragment, augmented) rather than replaced.
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
  let rep = 0;
  for (let at = 0; at + span <= ctx.beats + 1e-9; at += phrase, rep++) {
    const shift = variant === 'sequence' ? rep : 0;
    let notes = motif;
    if (variant === 'fragment') notes = motif.filter((n) => n.beat < ctx.meter);
    for (const n of notes) writeNote(ctx, scale, home + n.step + shift, at + n.beat * stretch, n.beats * stretch, 0.5 + 0.3 * ctx.section.energy);
    // 'full' answers its call in the phrase's second half, ending a step away to ask for more.
    if (variant === 'full' && at + 2 * span <= ctx.beats + 1e-9) {
      motif.forEach((n, i) => {
        const step = i === motif.length - 1 ? n.step + 1 : n.step;
        writeNote(ctx, scale, home + step, at + span + n.beat, n.beats, 0.48 + 0.3 * ctx.section.energy);
      });
    }
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
