import { note } from './parts';
import { pick, seededRandom } from '../plan/random';
import type { SectionContext } from './context';
import type { Instrument } from './types';

/**
 * Percussion: grooves, their variations, fills and build-ups.
 *
 * Each energy band has several grooves (16 steps to a 4/4 bar: K kick, S snare, R rim, h closed
 * hat, o open hat, s shaker, g ghost snare; '.' rest); a section picks one from a generator keyed
 * by its id, so seeds and sections differ. Every phrase (4 or 8 bars, drawn per section) ends on a
 * variation bar, and the section ends on a fill sized by what follows: a scene change gets a bar
 * of toms (half a bar at lower energy), a plain cut a beat, a drop in energy none. A build that
 * leads into a peak ends on a snare build-up that doubles its rate. High-energy grooves include
 * a half-time feel. (Swing for lo-fi is the palette's: src/music/orchestra/realise.ts.) Under
 * speech only a soft kick survives: hats and snares sit right in the consonant band.
 */
interface Groove { name: string; lanes: Partial<Record<Lane, string>> }
type Lane = 'K' | 'S' | 'R' | 'h' | 'o' | 's' | 'g';

const LOW: Groove[] = [
  { name: 'pulse', lanes: { K: 'K.......K.......', R: '....R.......R...', s: 'ssssssssssssssss' } },
  { name: 'heartbeat', lanes: { K: 'K..K....K.......', s: '..s...s...s...s.', R: '............R...' } },
  { name: 'brush', lanes: { K: 'K.........K.....', R: '....R.......R..R', s: 's.s.s.s.s.s.s.s.' } },
];
const MID: Groove[] = [
  { name: 'straight', lanes: { K: 'K.......K.K.....', S: '....S.......S...', h: 'h.h.h.h.h.h.h.h.' } },
  { name: 'push', lanes: { K: 'K.....K...K.....', S: '....S.......S...', h: '..h...h...h...h.', g: '.......g......g.' } },
  { name: 'skip', lanes: { K: 'K..K......K.....', S: '....S.......S...', h: 'hhh.hhh.hhh.hhh.' } },
  { name: 'tom-groove', lanes: { K: 'K.......K.......', R: '....R..R....R...', h: 'h.h.h.h.h.h.h.h.', s: '..s...s...s...s.' } },
];
const HIGH: Groove[] = [
  { name: 'four', lanes: { K: 'K...K...K...K...', S: '....S.......S...', h: 'h.h.h.h.h.h.h.h.', o: '..............o.' } },
  { name: 'drive', lanes: { K: 'K..K..K...K..K..', S: '....S.......S...', h: 'hhhhhhhhhhhhhhhh', g: '.........g......' } },
  { name: 'half-time', lanes: { K: 'K.........K.....', S: '........S.......', h: 'h.h.h.h.h.h.h.h.', o: '......o.......o.' } },
  { name: 'gallop', lanes: { K: 'K.KK....K.KK....', S: '....S.......S...', h: 'h.h.h.h.h.h.h.h.' } },
];
/** 3/4: 12 steps. */
const WALTZ: Groove[] = [
  { name: 'waltz', lanes: { K: 'K...........', R: '....R...R...', s: 's.s.s.s.s.s.' } },
  { name: 'waltz-lift', lanes: { K: 'K.......K...', S: '....S.......', h: 'h.h.h.h.h.h.' } },
  { name: 'waltz-roll', lanes: { K: 'K...........', R: '....R..RR...', h: '..h...h...h.' } },
];

const INSTRUMENT: Record<Lane, Instrument> = { K: 'kick', S: 'snare', R: 'rim', h: 'hat-closed', o: 'hat-open', s: 'shaker', g: 'snare' };
const VELOCITY: Record<Lane, number> = { K: 0.88, S: 0.78, R: 0.62, h: 0.42, o: 0.5, s: 0.28, g: 0.28 };

export function groovesFor(energy: number, meter: number): Groove[] {
  if (meter === 3) return WALTZ;
  return energy >= 0.72 ? HIGH : energy >= 0.45 ? MID : LOW;
}

export function writeDrums(ctx: SectionContext): void {
  if (!ctx.form.roles.has('drums')) return;
  const e = ctx.section.energy;
  const m = ctx.meter;
  const rand = seededRandom(ctx.plan.seed, ctx.section.id, 'drums');
  // half-time is a peak's or a drop's weight: a build keeps driving into what it leads to
  const grooves = groovesFor(e, m).filter((g, _, all) => ctx.section.kind !== 'build' || g.name !== 'half-time' || all.length < 4);
  // the seed picks where the cue starts in the band's grooves; each section moves one on, so two
  // sections in a row never share a groove (a second peak is not the first one again)
  const first = Math.floor(seededRandom(ctx.plan.seed, 'drums', 'first')() * grooves.length);
  const main = grooves[(first + ctx.index) % grooves.length];
  const alt = pick(rand, grooves.filter((g) => g !== main));
  const phrase = rand() < 0.5 ? 4 : 8;
  const bars = Math.floor(ctx.beats / m);
  const fill = fillFor(ctx);
  const fillFrom = ctx.beats - fill.beats;
  const hit = (instrument: Instrument, beat: number, beats: number, vel: number, pan = 0, midi = 36) => {
    const start = ctx.at(beat);
    if (ctx.speech(start, ctx.at(Math.min(ctx.beats, beat + beats)))) {
      // under a line the groove thins to what sits outside the voice band: the kick below it,
      // closed hats and shaker above it, softer (the bus dips the band itself: synth/speech-dip)
      const air = instrument === 'hat-closed' || instrument === 'shaker';
      if ((instrument !== 'kick' && !air) || ctx.brief.quietUnderDialogue) return;
      vel *= air ? 0.5 : 0.45;
    }
    note(ctx, 'percussion', instrument, beat, beats, midi, vel, pan, 0.4 + 0.5 * e);
  };
  const steps = m === 3 ? 12 : 16;
  const stepBeats = m / steps;
  for (let bar = 0; bar < bars; bar++) {
    const inPhrase = bar % phrase;
    // the last bar of each phrase varies: the other groove's hats and kick, with the main backbeat
    const variation = inPhrase === phrase - 1;
    const second = phrase === 8 && inPhrase >= 4 && inPhrase < 7;
    for (let st = 0; st < steps; st++) {
      const beat = bar * m + st * stepBeats;
      if (beat >= fillFrom) break;
      for (const lane of Object.keys(INSTRUMENT) as Lane[]) {
        const source = variation && (lane === 'K' || lane === 'h' || lane === 'o' || lane === 'g') ? alt : main;
        let pattern = source.lanes[lane];
        // the second half of an 8-bar phrase opens the hats a little
        if (second && lane === 'o' && !pattern) pattern = m === 3 ? '..........o.' : '..............o.';
        if (!pattern || pattern[st] === '.') continue;
        const accent = st === 0 ? 0.08 : 0;
        const vel = (VELOCITY[lane] + accent) * (0.75 + 0.35 * e);
        const len = lane === 'o' ? 2 * stepBeats : stepBeats;
        hit(INSTRUMENT[lane], beat, len, vel, lane === 'h' || lane === 'o' ? 0.3 : lane === 's' ? -0.35 : lane === 'S' || lane === 'R' ? 0.05 : 0);
      }
    }
  }
  writeFill(ctx, fill, fillFrom, hit);
}

type Hit = (instrument: Instrument, beat: number, beats: number, vel: number, pan?: number, midi?: number) => void;
interface Fill { beats: number; kind: 'none' | 'toms' | 'snare' | 'build-up' }

/**
 * How much fill the boundary earns: a build into a peak gets its build-up (two bars), a scene
 * change a bar of toms (half at lower energy), a plain cut a beat of snare; none into a drop, into
 * dialogue or at the end.
 */
export function fillFor(ctx: SectionContext): Fill {
  const next = ctx.next;
  const e = ctx.section.energy;
  const m = ctx.meter;
  if (!next || next.energy + 0.05 < e || next.underDialogue || ctx.beats < 2 * m) return { beats: 0, kind: 'none' };
  if (ctx.section.kind === 'build' && next.kind === 'peak' && ctx.beats >= 4 * m) return { beats: 2 * m, kind: 'build-up' };
  const scene = ctx.plan.cuts.some((c) => c.sample === next.startSample && c.scene);
  if (scene) return { beats: e >= 0.6 ? m : m / 2, kind: 'toms' };
  return { beats: 1, kind: 'snare' };
}

function writeFill(ctx: SectionContext, fill: Fill, from: number, hit: Hit): void {
  if (fill.kind === 'none') return;
  const e = ctx.section.energy;
  const span = Math.max(1, ctx.beats - from);
  if (fill.kind === 'build-up') {
    // eighths, then sixteenths for the last bar, rising into the downbeat
    for (let b = from; b < ctx.beats - 1e-9;) {
      const x = (b - from) / span;
      const step = x < 0.5 ? 0.5 : 0.25;
      hit('snare', b, step, 0.35 + 0.5 * x, 0.05);
      if (Number.isInteger(b) && (b - from) % ctx.meter === 0) hit('kick', b, 0.5, 0.85);
      b += step;
    }
    return;
  }
  for (let b = from; b < ctx.beats - 1e-9; b += fill.kind === 'toms' ? 0.5 : 0.25) {
    const x = (b - from) / span;
    if (fill.kind === 'toms') hit('tom', b, 0.5, 0.55 + 0.35 * x, 0.3 - 0.5 * x, 45 - Math.floor((b - from) * 2) * 2);
    else hit('snare', b, 0.25, 0.4 + 0.4 * x + 0.1 * e, 0.05);
    if (Number.isInteger(b) && (b - from) === 0) hit('kick', b, 0.5, 0.85);
  }
}
