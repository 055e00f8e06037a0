import { Note, Scale } from 'tonal';
import type { Chord, Mode, SectionKind } from '../plan/types';
import { pick, seededRandom } from '../plan/random';

/**
 * Keys, chords and voicings. The only module that imports tonal. Chords are stacked in thirds
 * from scale degrees ourselves: tonal's roman-numeral parser ignores case ("ii7" gives E7 in C).
 */
const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11];
const TONAL_MODE: Record<Mode, string> = {
  major: 'major', minor: 'aeolian', dorian: 'dorian', lydian: 'lydian', mixolydian: 'mixolydian',
  phrygian: 'phrygian', aeolian: 'aeolian', 'harmonic minor': 'harmonic minor',
};

export function isMinorFamily(mode: Mode): boolean {
  return mode === 'minor' || mode === 'aeolian' || mode === 'dorian' || mode === 'phrygian' || mode === 'harmonic minor';
}

/** Tonics that sit well for the synth's ranges and avoid awkward spellings. */
export function chooseKey(seed: number, mode: Mode): string {
  const tonics = isMinorFamily(mode) ? ['A', 'D', 'E', 'C', 'G', 'B', 'F#'] : ['C', 'D', 'Eb', 'F', 'G', 'A', 'Bb'];
  return pick(seededRandom(seed, 'key', mode), tonics);
}

const scaleCache = new Map<string, string[]>();
const chordCache = new Map<string, BuiltChord>();

export function scaleNotes(key: string, mode: Mode): string[] {
  const id = `${key} ${mode}`;
  let notes = scaleCache.get(id);
  if (!notes) {
    notes = Scale.get(`${key} ${TONAL_MODE[mode]}`).notes;
    if (notes.length !== 7) throw new Error(`no seven-note scale for ${key} ${mode}`);
    scaleCache.set(id, notes);
  }
  return [...notes];
}

export interface BuiltChord {
  symbol: string;
  degree: string;
  root: string;
  /** Pitch classes as chroma 0..11, root first. */
  chromas: number[];
}

/** Degree is 1-based; the chord is the scale's own thirds above it. */
export function chordOnDegree(key: string, mode: Mode, degree: number, seventh: boolean): BuiltChord {
  // Pure and called per bar by the planner and the arranger: memoised (tonal lookups dominate a long plan).
  const id = `${key}|${mode}|${degree}|${seventh}`;
  let chord = chordCache.get(id);
  if (!chord) {
    chord = buildChord(key, mode, degree, seventh);
    chordCache.set(id, chord);
  }
  return { ...chord, chromas: [...chord.chromas] };
}

function buildChord(key: string, mode: Mode, degree: number, seventh: boolean): BuiltChord {
  const notes = scaleNotes(key, mode);
  const at = (d: number) => notes[(degree - 1 + d) % 7];
  const tones = seventh ? [at(0), at(2), at(4), at(6)] : [at(0), at(2), at(4)];
  const chromas = tones.map((n) => Note.chroma(n) as number);
  const rel = (i: number) => (chromas[i] - chromas[0] + 12) % 12;
  const third = rel(1);
  const fifth = rel(2);
  const quality = third === 4 ? (fifth === 8 ? 'aug' : 'maj') : fifth === 6 ? 'dim' : 'min';
  const sev = seventh ? rel(3) : -1;
  const root = tones[0];
  let suffix = quality === 'maj' ? '' : quality === 'min' ? 'm' : quality === 'dim' ? 'dim' : 'aug';
  if (sev >= 0) {
    if (quality === 'maj') suffix = sev === 11 ? 'maj7' : '7';
    else if (quality === 'min') suffix = sev === 11 ? 'mMaj7' : 'm7';
    else if (quality === 'dim') suffix = sev === 9 ? 'dim7' : 'm7b5';
    else suffix = sev === 11 ? 'maj7#5' : '7#5';
  }
  return { symbol: root + suffix, degree: roman(key, root, degree, quality, sev), root, chromas };
}

function roman(key: string, root: string, degree: number, quality: string, sev: number): string {
  const numerals = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];
  const offset = ((Note.chroma(root) as number) - (Note.chroma(key) as number) + 12) % 12 - MAJOR_STEPS[degree - 1];
  const acc = offset === -1 || offset === 11 ? 'b' : offset === 1 || offset === -11 ? '#' : '';
  let base = numerals[degree - 1];
  if (quality === 'min' || quality === 'dim') base = base.toLowerCase();
  const mark = quality === 'dim' ? (sev === 10 ? 'ø' : '°') : quality === 'aug' ? '+' : '';
  const seven = sev < 0 ? '' : quality === 'maj' && sev === 11 ? 'maj7' : '7';
  return acc + base + mark + seven;
}

const MAJOR_PATTERNS: Record<SectionKind, number[][]> = {
  intro: [[1, 5, 6, 4], [1, 4, 1, 5], [1, 6, 4, 5]],
  build: [[6, 4, 1, 5], [4, 5, 6, 5], [2, 4, 6, 5]],
  peak: [[1, 5, 6, 4], [4, 1, 5, 6], [1, 3, 4, 5]],
  resolve: [[6, 4, 1, 5], [4, 1, 2, 5], [6, 2, 4, 5]],
  outro: [[4, 5, 1, 1], [4, 1, 5, 1], [6, 4, 5, 1]],
  texture: [[1, 4, 1, 5], [1, 6, 4, 1]],
};
const MINOR_PATTERNS: Record<SectionKind, number[][]> = {
  intro: [[1, 6, 3, 7], [1, 7, 6, 7], [1, 4, 1, 7]],
  build: [[6, 7, 1, 1], [4, 6, 7, 5], [6, 3, 4, 7]],
  peak: [[1, 6, 3, 7], [6, 7, 1, 1], [1, 4, 6, 7]],
  resolve: [[6, 4, 1, 7], [4, 6, 7, 7], [1, 6, 4, 7]],
  outro: [[6, 7, 1, 1], [4, 7, 1, 1], [6, 4, 7, 1]],
  texture: [[1, 6, 1, 7], [1, 4, 1, 1]],
};
/** Modes whose colour lives in one chord get it in the first pattern. */
const MODAL_COLOUR: Partial<Record<Mode, number[]>> = {
  dorian: [1, 4, 1, 7], lydian: [1, 2, 1, 5], mixolydian: [1, 7, 4, 1], phrygian: [1, 2, 1, 7],
};

export interface HarmonyInput {
  seed: number;
  sectionId: string;
  key: string;
  mode: Mode;
  kind: SectionKind;
  bars: number;
  /** Bars per chord: 2 at fast tempi so harmony does not rush. */
  barsPerChord: number;
  final: boolean;
}

/** One chord per barsPerChord bars from a 4-chord pattern, with a cadence into the boundary. */
export function sectionChords(h: HarmonyInput): Chord[] {
  const rand = seededRandom(h.seed, h.sectionId, 'harmony');
  const minor = isMinorFamily(h.mode);
  const patterns = [...(minor ? MINOR_PATTERNS : MAJOR_PATTERNS)[h.kind]];
  const colour = MODAL_COLOUR[h.mode];
  if (colour && (h.kind === 'intro' || h.kind === 'texture' || rand() < 0.3)) patterns.unshift(colour);
  const pattern = h.kind === 'intro' && colour ? colour : pick(rand, patterns);
  const slots = Math.max(1, Math.ceil(h.bars / h.barsPerChord));
  const degrees = Array.from({ length: slots }, (_, i) => pattern[i % pattern.length]);
  const dominant = minor && h.mode !== 'harmonic minor' ? 7 : 5;
  if (h.final) {
    degrees[slots - 1] = 1;
    if (slots >= 2) degrees[slots - 2] = h.mode === 'harmonic minor' ? 5 : dominant === 7 ? 4 : 5;
  } else if (slots >= 2) {
    degrees[slots - 1] = dominant;
  }
  // A diminished triad cannot carry a bar of underscore on its own: use its functional neighbour.
  const SUBSTITUTE: Record<number, number> = { 7: 5, 4: 2, 2: 4, 6: 4, 5: 7, 3: 1, 1: 6 };
  for (let i = 0; i < slots; i++) {
    for (let tries = 0; tries < 2 && /dim|b5/.test(chordOnDegree(h.key, h.mode, degrees[i], false).symbol); tries++) {
      degrees[i] = SUBSTITUTE[degrees[i]];
    }
  }
  const seventhChance = minor ? 0.3 : 0.35;
  const out: Chord[] = [];
  for (let i = 0; i < slots; i++) {
    const bar = i * h.barsPerChord;
    const bars = Math.min(h.barsPerChord, h.bars - bar);
    const prev = out[out.length - 1];
    if (prev && degrees[i - 1] === degrees[i]) { prev.bars += bars; continue; }
    const seventh = degrees[i] !== 1 && rand() < seventhChance;
    const c = chordOnDegree(h.key, h.mode, degrees[i], seventh);
    out.push({ symbol: c.symbol, degree: c.degree, root: c.root, bar, bars });
  }
  return out;
}

/** Pitch classes of a planned chord, re-derived from its symbol's degree so the plan stays JSON. */
export function chordChromas(key: string, mode: Mode, chord: Chord): number[] {
  const degree = romanIndex(chord.degree);
  return chordOnDegree(key, mode, degree, /7/.test(chord.degree)).chromas;
}

function romanIndex(numeral: string): number {
  const m = /^[b#]?(iii|ii|iv|vii|vi|v|i)/i.exec(numeral);
  if (!m) throw new Error(`bad degree "${numeral}"`);
  return ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii'].indexOf(m[1].toLowerCase()) + 1;
}

export function chromaOf(note: string): number {
  const c = Note.chroma(note);
  if (c === undefined || Number.isNaN(c)) throw new Error(`bad note "${note}"`);
  return c;
}

/** MIDI notes of the scale across [lo, hi], for melodies. */
export function scaleMidis(key: string, mode: Mode, lo: number, hi: number): number[] {
  const chromas = new Set(scaleNotes(key, mode).map((n) => Note.chroma(n) as number));
  const out: number[] = [];
  for (let m = lo; m <= hi; m++) if (chromas.has(((m % 12) + 12) % 12)) out.push(m);
  return out;
}
