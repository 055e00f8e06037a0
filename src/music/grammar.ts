import type { Chord, Mode, SectionKind, Style } from '../plan/types';
import { pick, seededRandom } from '../plan/random';
import { chordOnDegree, chordOnInterval, chromaOf, isMinorFamily, noteName, type BuiltChord } from './harmony';

/**
 * Progressions from a functional grammar, not a loop. A section's harmony is a walk over
 * functions (tonic → predominant → dominant → tonic, with the usual detours), drawn per section
 * from a generator keyed by its id, and shaped by what follows it:
 *
 * - into the last frame or a scene end: an authentic cadence (predominant – V – I);
 * - across a plain cut: a half cadence (ends on V, the music carries over);
 * - into a turn (the energy falls away): a deceptive cadence (V – vi);
 * - into dialogue, and under it: tonic and predominant only, over a pedal (tonic, dominant or
 *   subdominant, phrase by phrase), ending on I over the tonic.
 *
 * Where the style allows, colour: secondary dominants (V/V before V, V/vi before vi; in minor
 * V/iv before iv), borrowed chords (in major iv, ♭VI, ♭VII from the parallel minor; in minor the
 * major IV before V, the Neapolitan ♭II6 where the style allows, a Picardy third on the last
 * chord), a suspended dominant resolving, and bass inversions where the root would leap, so the
 * bass walks.
 */
export type Cadence = 'end' | 'cut' | 'scene' | 'turn' | 'dialogue';

export interface HarmonyInput {
  seed: number;
  sectionId: string;
  key: string;
  mode: Mode;
  kind: SectionKind;
  bars: number;
  /** Bars per chord: 2 at fast tempi so harmony does not rush. */
  barsPerChord: number;
  /** The last section: resolves to the tonic (same as `next: 'end'`). */
  final: boolean;
  /** What follows the section (default: a plain cut, or the end when final). */
  next?: Cadence;
  underDialogue?: boolean;
  style?: Style;
  /** The next section's key when it modulates: the last chord becomes its dominant (the pivot). */
  nextKey?: string;
  /** This section is the first in its key (after a modulation): it states the new tonic first. */
  freshKey?: boolean;
  /** Beats per bar (default 4): phrases under speech are four 4/4 bars long whatever the meter. */
  beatsPerBar?: number;
  /** How many sections under speech came before this one: each passage sets out on another pedal. */
  passage?: number;
}

type Fn = 'T' | 'S' | 'D';
/** A chord slot before it is built: a diatonic degree, or a chromatic chord by interval above the tonic. */
interface Slot { fn: Fn; degree: number; chromatic?: { interval: string; quality: 'maj' | 'min' | '7'; label: string; bassOnThird?: boolean }; seventh?: boolean }
/** Pedals under speech, semitones above the tonic: tonic, dominant, subdominant; and their labels. */
const PEDAL_STEPS = [0, 7, 5];
const PEDAL_LABEL: Record<number, string> = { 0: '/ped', 7: '/ped5', 5: '/ped4' };
/** Styles whose harmony may take the Neapolitan sixth (a bed or an ambient wash keeps simpler colour). */
const NEAPOLITAN: ReadonlySet<Style> = new Set(['underscore', 'thematic']);

const NEXT: Record<Fn, Array<[Fn, number]>> = {
  T: [['T', 0.2], ['S', 0.5], ['D', 0.3]],
  S: [['S', 0.25], ['D', 0.55], ['T', 0.2]],
  D: [['T', 0.7], ['S', 0.1], ['D', 0.2]],
};
const MAJOR_DEGREES: Record<Fn, number[]> = { T: [1, 6, 3], S: [4, 2, 6], D: [5] };
const MINOR_DEGREES: Record<Fn, number[]> = { T: [1, 3], S: [4, 6, 2], D: [5, 7] };
/** How much colour each style takes: [secondary dominant, borrowed chord, suspension, inversion]. */
const COLOUR: Record<Style, [number, number, number, number]> = {
  underscore: [0.35, 0.25, 0.5, 0.6], thematic: [0.5, 0.35, 0.6, 0.7], bed: [0.15, 0.1, 0.3, 0.4], ambient: [0, 0.15, 0.4, 0],
};

export function sectionChords(h: HarmonyInput): Chord[] {
  const rand = seededRandom(h.seed, h.sectionId, 'harmony');
  const next: Cadence = h.final ? 'end' : h.next ?? 'cut';
  const minor = isMinorFamily(h.mode);
  const style = h.style ?? 'underscore';
  const [pSecondary, pBorrowed, pSus, pInversion] = COLOUR[style];
  const slots = Math.max(1, Math.ceil(h.bars / h.barsPerChord));
  const degreesOf = minor ? MINOR_DEGREES : MAJOR_DEGREES;
  // under speech the harmony holds still over a tonic pedal; into speech it only arrives home
  const quiet = Boolean(h.underDialogue);

  // 1. the walk: the cadence fixes the last functions, the rest is drawn
  const cadence = cadenceSlots(next, minor, h.mode, style, quiet);
  // the predominant before the cadence is drawn too (IV, ii or vi), so short sections do not all
  // end on the same two chords
  const pd = cadence.findIndex((c) => c.fn === 'S' && !c.chromatic);
  if (pd >= 0 && !quiet) cadence[pd] = { ...cadence[pd], degree: pick(rand, minor ? [4, 6, 4] : [4, 2, 6]) };
  const tail = cadence.slice(-Math.min(cadence.length, slots));
  const walk: Slot[] = [];
  let fn: Fn = h.kind === 'build' && !quiet && rand() < 0.5 ? 'S' : 'T';
  for (let i = 0; i < slots - tail.length; i++) {
    if (i > 0) fn = step(rand, fn, quiet);
    let degree = pick(rand, degreesOf[fn]);
    // harmony keeps moving: a chord does not stay for a third slot in a row
    if (i >= 2 && walk[i - 1].degree === degree && walk[i - 2].degree === degree) degree = pick(rand, degreesOf[fn === 'T' ? 'S' : 'T']);
    walk.push({ fn, degree });
  }
  // the opening section, and one after a key change, states its key first; later sections may
  // start away from home (a short section would otherwise repeat "I … V I" verbatim)
  const statesKey = h.kind === 'intro' || h.freshKey || quiet;
  if (walk.length > 0 && walk[0].fn === 'T' && (statesKey || rand() < 0.5)) walk[0].degree = 1;
  if (!statesKey && walk.length > 0 && walk.length <= 2 && rand() < 0.6) walk[0] = { fn: 'S', degree: pick(rand, degreesOf.S) };
  const seq = [...walk, ...tail];
  // after a modulation the new tonic comes first, so the pivot dominant resolves where it pointed
  if (h.freshKey && !quiet && seq.length >= 2 && seq[0].fn !== 'T') seq[0] = { fn: 'T', degree: 1 };
  if (walk.length === 0 && h.kind === 'intro' && seq.length >= 2) seq[0] = { fn: 'T', degree: 1 }; // a cue opens on its tonic

  // 2. colour where the style allows and speech does not need stillness
  if (!quiet) {
    for (let i = 0; i + 1 < seq.length; i++) {
      const target = seq[i + 1];
      // a dominant with a leading tone (minor's borrowed V7 included) takes colour before it
      const dominant = target.fn === 'D' && target.degree === 5 && (!target.chromatic || target.chromatic.label === 'V7');
      const leading = dominant && (!minor || target.chromatic !== undefined || h.mode === 'harmonic minor');
      if (seq[i].chromatic || (target.chromatic && !dominant)) continue;
      if (leading && seq[i].fn === 'S' && rand() < pSecondary) {
        seq[i] = { fn: 'S', degree: 2, chromatic: { interval: '2M', quality: '7', label: 'V7/V' } };
      } else if (!minor && target.degree === 6 && rand() < pSecondary * 0.6) {
        seq[i] = { fn: 'D', degree: 3, chromatic: { interval: '3M', quality: '7', label: 'V7/vi' } };
      } else if (minor && target.fn === 'S' && target.degree === 4 && seq[i].fn === 'T' && rand() < pSecondary * 0.6) {
        // the tonic turned into the dominant of the subdominant (i – I7 – iv)
        seq[i] = { fn: 'D', degree: 1, chromatic: { interval: '1P', quality: '7', label: h.mode === 'dorian' ? 'V7/IV' : 'V7/iv' } };
        i++; // the iv it points at stays
      } else if (!minor && seq[i].fn === 'S' && seq[i].degree === 4 && rand() < pBorrowed) {
        seq[i] = pick(rand, [
          { fn: 'S', degree: 4, chromatic: { interval: '4P', quality: 'min', label: 'iv' } },
          { fn: 'S', degree: 6, chromatic: { interval: '6m', quality: 'maj', label: 'bVI' } },
          { fn: 'S', degree: 7, chromatic: { interval: '7m', quality: 'maj', label: 'bVII' } },
        ] as Slot[]);
      } else if (minor && seq[i].fn === 'S' && leading && rand() < pBorrowed) {
        // minor's own colour before a dominant: the major IV of the melodic minor (dorian has it
        // already), or where the style allows the Neapolitan, in first inversion as it is voiced
        const options: Slot[] = [];
        if (h.mode !== 'dorian') options.push({ fn: 'S', degree: 4, chromatic: { interval: '4P', quality: 'maj', label: 'IV' } });
        if (NEAPOLITAN.has(style) && h.mode !== 'phrygian') options.push({ fn: 'S', degree: 2, chromatic: { interval: '2m', quality: 'maj', label: 'bII6', bassOnThird: true } });
        if (options.length > 0) seq[i] = pick(rand, options);
      }
    }
    // a minor cue may close on a major tonic (a Picardy third), except a dark phrygian one
    const last = seq[seq.length - 1];
    if (minor && next === 'end' && h.mode !== 'phrygian' && last.fn === 'T' && last.degree === 1 && !last.chromatic && rand() < pBorrowed) {
      seq[seq.length - 1] = { fn: 'T', degree: 1, chromatic: { interval: '1P', quality: 'maj', label: 'I' } };
    }
  }
  // 3. a diminished triad cannot carry a bar of underscore on its own: its functional neighbour
  const SUBSTITUTE: Record<number, number> = { 7: 5, 4: 2, 2: 4, 6: 4, 5: 7, 3: 1, 1: 6 };
  for (const s of seq) {
    for (let tries = 0; tries < 2 && !s.chromatic && /dim|b5/.test(chordOnDegree(h.key, h.mode, s.degree, false).symbol); tries++) s.degree = SUBSTITUTE[s.degree];
  }

  // 4. build, merge repeats, suspend a held dominant, invert leaps, pedal under speech
  const tonic = chromaOf(h.key);
  const seventhChance = minor ? 0.3 : 0.35;
  const out: Chord[] = [];
  let prevBass = -1;
  // Under speech the pedal moves by 16-beat phrase through tonic, dominant and subdominant (each
  // passage sets out one further on), and the last chord is home over the tonic: still under the
  // words, but a later passage is not an earlier one again.
  const pedalAt = (i: number) => {
    if (i === seq.length - 1) return tonic;
    const phrase = Math.floor((i * h.barsPerChord * (h.beatsPerBar ?? 4)) / 16);
    return (tonic + PEDAL_STEPS[(phrase + (h.passage ?? 0)) % PEDAL_STEPS.length]) % 12;
  };
  for (let i = 0; i < seq.length; i++) {
    const bar = i * h.barsPerChord;
    const bars = Math.min(h.barsPerChord, h.bars - bar);
    if (bars <= 0) break;
    const s = seq[i];
    const last = out[out.length - 1];
    const same = i > 0 && sameSlot(seq[i - 1], s) && (!quiet || pedalAt(i - 1) === pedalAt(i));
    if (last && same) { last.bars += bars; continue; }
    const seventh = s.seventh ?? (s.degree !== 1 && !s.chromatic && rand() < seventhChance);
    const built: BuiltChord = s.chromatic
      ? chordOnInterval(h.key, s.chromatic.interval, s.chromatic.quality, s.chromatic.label)
      : chordOnDegree(h.key, h.mode, s.degree, seventh);
    let symbol = built.symbol;
    let degree = built.degree;
    let bass = built.chromas[0];
    if (s.chromatic?.bassOnThird && !quiet) {
      bass = built.chromas[1];
      symbol += `/${noteName(h.key, bass)}`;
    } else if (quiet) {
      bass = pedalAt(i);
      if (built.chromas[0] !== bass) { symbol += `/${noteName(h.key, bass)}`; degree += PEDAL_LABEL[(bass - tonic + 12) % 12]; }
    } else if (prevBass >= 0 && !s.chromatic && i < seq.length - tail.length && rand() < pInversion && built.chromas.length >= 3) {
      const leap = Math.min((built.chromas[0] - prevBass + 12) % 12, (prevBass - built.chromas[0] + 12) % 12);
      const third = built.chromas[1];
      const step3 = Math.min((third - prevBass + 12) % 12, (prevBass - third + 12) % 12);
      if (leap > 4 && step3 <= 2 && step3 > 0) { bass = third; symbol += `/${noteName(h.key, third)}`; degree += '6'; }
    }
    prevBass = bass;
    out.push({ symbol, degree, root: built.root, bar, bars });
  }
  const final = suspendHeldDominant(out, h, pSus, rand, quiet);
  if (h.nextKey && h.nextKey !== h.key && !quiet) {
    const last = final[final.length - 1];
    const pivot = chordOnInterval(h.nextKey, '5P', '7', `V7 of ${h.nextKey}`);
    final[final.length - 1] = { ...last, symbol: pivot.symbol, degree: pivot.degree, root: pivot.root };
  }
  return final;
}

/**
 * A section's chords that do not restate a progression the cue already played (same degrees on
 * the same bars): the walk is drawn again, and if the cadence still fixes it (a short section is
 * all cadence), the harmony moves twice as fast, so the section says more than "V – I" again.
 */
export function freshSectionChords(h: HarmonyInput, earlier: readonly Chord[][] | PlayedProgressions): Chord[] {
  const played = earlier instanceof PlayedProgressions ? earlier.signatures : new Set(earlier.map(signature));
  let chords = sectionChords(h);
  for (let k = 1; k <= 6 && played.has(signature(chords)); k++) {
    const faster = k >= 3 && h.barsPerChord > 1;
    chords = sectionChords({ ...h, sectionId: `${h.sectionId}~${k}`, barsPerChord: faster ? 1 : h.barsPerChord });
  }
  return chords;
}

/**
 * The progressions a cue has played so far, kept up section by section: the planner adds each
 * section as it goes, so checking one is a lookup. Rebuilding the set from every earlier section
 * for each new one made planning quadratic in sections (a 2-hour, 556-section plan spent a third
 * of its time there).
 */
export class PlayedProgressions {
  readonly signatures = new Set<string>();
  add(chords: readonly Chord[]): void {
    this.signatures.add(signature(chords));
  }
}

function signature(chords: readonly Chord[]): string {
  return chords.map((c) => `${c.degree}@${c.bar}+${c.bars}`).join(' ');
}

/** A dominant held for two bars or more: its first bar becomes the suspension (V sus4 – V). */
function suspendHeldDominant(chords: Chord[], h: HarmonyInput, p: number, rand: () => number, quiet: boolean): Chord[] {
  if (quiet) return chords;
  const out: Chord[] = [];
  for (const c of chords) {
    const dominant = /^V(7)?$/.test(c.degree) || /^v$/.test(c.degree);
    if (dominant && c.bars >= 2 && Number.isInteger(c.bars) && rand() < p) {
      const sus = chordOnInterval(h.key, '5P', 'sus4', 'Vsus4');
      out.push({ symbol: sus.symbol, degree: sus.degree, root: sus.root, bar: c.bar, bars: 1 });
      out.push({ ...c, bar: c.bar + 1, bars: c.bars - 1 });
    } else out.push(c);
  }
  return out;
}

function sameSlot(a: Slot, b: Slot): boolean {
  return a.degree === b.degree && a.chromatic?.label === b.chromatic?.label;
}

function step(rand: () => number, from: Fn, quiet: boolean): Fn {
  // under speech the harmony rocks between home and predominant over the pedal: still, not static
  if (quiet) return from === 'T' ? 'S' : rand() < 0.7 ? 'T' : 'S';
  let r = rand();
  const options = NEXT[from].filter(([f]) => !quiet || f !== 'D');
  const total = options.reduce((s, [, w]) => s + w, 0);
  r *= total;
  for (const [f, w] of options) { if (r < w) return f; r -= w; }
  return options[options.length - 1][0];
}

/** The slots a cadence fixes at the end of a section. */
function cadenceSlots(next: Cadence, minor: boolean, mode: Mode, style: Style, quiet: boolean): Slot[] {
  const pre: Slot = { fn: 'S', degree: 4 };
  // minor keys borrow the raised leading tone for a real dominant, except in a plain bed
  const dom: Slot = minor && mode !== 'harmonic minor'
    ? style === 'bed' ? { fn: 'D', degree: 7 } : { fn: 'D', degree: 5, chromatic: { interval: '5P', quality: '7', label: 'V7' } }
    : { fn: 'D', degree: 5, seventh: true };
  if (quiet) return next === 'end' ? [pre, { fn: 'T', degree: 1 }] : [{ fn: 'S', degree: 4 }, { fn: 'T', degree: 1 }];
  switch (next) {
    case 'end':
    case 'scene':
      return [pre, dom, { fn: 'T', degree: 1 }];
    case 'turn':
      return [pre, dom, { fn: 'T', degree: 6 }];
    case 'dialogue':
      return [pre, { fn: 'T', degree: 1 }];
    case 'cut':
    default:
      return [pre, { ...dom, seventh: false }];
  }
}
