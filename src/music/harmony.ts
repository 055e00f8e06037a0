import { Note, Scale } from 'tonal';
import type { Chord, Mode } from '../plan/types';
import { seededRandom } from '../plan/random';

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

/**
 * Tonics that sit well for the synth's ranges and avoid awkward spellings. Neighbouring seeds
 * never share a key (a seeded offset, then the seed steps round the list), so "try another seed"
 * always sounds different.
 */
export function chooseKey(seed: number, mode: Mode): string {
  const tonics = isMinorFamily(mode) ? ['A', 'D', 'E', 'C', 'G', 'B', 'F#'] : ['C', 'D', 'Eb', 'F', 'G', 'A', 'Bb'];
  const offset = Math.floor(seededRandom('key', mode)() * tonics.length);
  return tonics[(((offset + 3 * seed) % tonics.length) + tonics.length) % tonics.length];
}

/** A key moved by semitones, spelled as the plan spells keys (one accidental at most). */
export function transposeKey(key: string, semitones: number, mode: Mode): string {
  const names = isMinorFamily(mode) ? ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'G#', 'A', 'Bb', 'B'] : ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
  return names[(((chromaOf(key) + semitones) % 12) + 12) % 12];
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

/**
 * A chord outside the mode, built on an interval above the tonic (secondary dominants, borrowed
 * chords, a major V in minor, suspensions): spelled by tonal's interval arithmetic.
 */
export function chordOnInterval(key: string, interval: string, quality: ChordQuality, label: string): BuiltChord {
  const root = Note.simplify(Note.transpose(key, interval)) || key;
  const steps = QUALITY_STEPS[quality];
  const r = chromaOf(root);
  return { symbol: root + QUALITY_SUFFIX[quality], degree: label, root: spellRoot(root), chromas: steps.map((x) => (r + x) % 12) };
}

export type ChordQuality = 'maj' | 'min' | '7' | 'sus4';
const QUALITY_STEPS: Record<ChordQuality, number[]> = { maj: [0, 4, 7], min: [0, 3, 7], '7': [0, 4, 7, 10], sus4: [0, 5, 7] };
const QUALITY_SUFFIX: Record<ChordQuality, string> = { maj: '', min: 'm', '7': '7', sus4: 'sus4' };

/** Roots as the plan schema spells them (one accidental at most). */
function spellRoot(note: string): string {
  const n = Note.get(note);
  return /^[A-G](#|b)?$/.test(n.pc) ? n.pc : (Note.enharmonic(n.pc) || n.pc);
}

/** A pitch class named in the key's spelling (for slash basses). */
export function noteName(key: string, chroma: number): string {
  const flats = /b/.test(key) || ['F', 'C', 'G', 'D'].includes(key) ? ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'] : ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
  return flats[((chroma % 12) + 12) % 12];
}

/** Suffix → semitones above the root, for reading a planned chord back from its symbol. */
const SUFFIX_STEPS: Record<string, number[]> = {
  '': [0, 4, 7], m: [0, 3, 7], dim: [0, 3, 6], aug: [0, 4, 8], '7': [0, 4, 7, 10], maj7: [0, 4, 7, 11], m7: [0, 3, 7, 10],
  mMaj7: [0, 3, 7, 11], m7b5: [0, 3, 6, 10], dim7: [0, 3, 6, 9], 'maj7#5': [0, 4, 8, 11], '7#5': [0, 4, 8, 10], sus4: [0, 5, 7], sus2: [0, 2, 7],
};

/**
 * Pitch classes of a planned chord, root first, read from its symbol ("Am7", "F/C", "Gsus4") so
 * the plan stays JSON and chords outside the mode survive a round trip through plan.json.
 */
export function chordChromas(_key: string, _mode: Mode, chord: Chord): number[] {
  return parseSymbol(chord.symbol).chromas;
}

/** The sounding bass of a planned chord: a slash bass, else its root. */
export function chordBass(chord: Chord): number {
  return parseSymbol(chord.symbol).bass;
}

const symbolCache = new Map<string, { chromas: number[]; bass: number }>();
function parseSymbol(symbol: string): { chromas: number[]; bass: number } {
  let hit = symbolCache.get(symbol);
  if (!hit) {
    const m = /^([A-G][#b]?)([^/]*)(?:\/([A-G][#b]?))?$/.exec(symbol);
    const steps = m ? SUFFIX_STEPS[m[2]] : undefined;
    if (!m || !steps) throw new Error(`bad chord symbol "${symbol}"`);
    const r = chromaOf(m[1]);
    const chromas = steps.map((x) => (r + x) % 12);
    hit = { chromas, bass: m[3] ? chromaOf(m[3]) : r };
    symbolCache.set(symbol, hit);
  }
  return { chromas: [...hit.chromas], bass: hit.bass };
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
