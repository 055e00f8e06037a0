/**
 * Which instruments realise each role of the arrangement: a palette per kind of cue, chosen from
 * the brief's words, then the style, then the preset (issue 13 point 4). The part writers keep
 * writing roles (pad, bass, keys, pluck, lead, kit pieces, textures) as they always have; the
 * palette turns each role's notes into one or more instruments (strings divisi plus a soft pad,
 * nylon guitar, a light kit with claps…) and adds the idiomatic figures a role cannot express
 * (string ostinati, guitar strums, harp arpeggios, brass swells, timpani rolls: src/music/orchestra/).
 *
 * Instrument words in the brief are honoured inside the chosen palette: "piano" puts the keys on
 * a piano, "strings" layers strings on the pads, "guitar" gives the plucks to a guitar that strums,
 * "synth" keeps a synth pad, "no piano/strings/synth" takes them out ("no drums" is the arranger's).
 */
import type { Style } from '../plan/types';
import type { Instrument, MixSettings } from './types';
import { isSampled } from '../sampler/gm';

export type PaletteName = 'documentary' | 'corporate' | 'cinematic' | 'ambient' | 'lo-fi' | 'electronic';
export const PALETTES: readonly PaletteName[] = ['documentary', 'corporate', 'cinematic', 'ambient', 'lo-fi', 'electronic'];

/** The roles the part writers emit, by the synth recipe they write them with. */
export type Role = 'pad' | 'bass' | 'keys' | 'pluck' | 'lead' | 'drone' | 'noise';
export type KitPiece = 'kick' | 'snare' | 'rim' | 'hat-closed' | 'hat-open' | 'shaker' | 'tom';

/** One instrument layer of a role. */
export interface Layer {
  instrument: Instrument;
  /** Velocity scale (a supporting layer plays softer). */
  velocity?: number;
  /** Semitones added to the role's note (a cello line an octave under the written pad note). */
  transpose?: number;
  /** Only notes in [lo, hi] (MIDI, before transposing) go to this layer: divisi by register. */
  range?: [number, number];
  /** Where the layer sits, replacing the writer's pan (undefined keeps it). */
  pan?: number;
  /** Brightness replacing the writer's (synth recipes: filter opening). */
  brightness?: number;
  /**
   * Under a line (a note touching speech): this layer's velocity scale (0: it rests) and semitones
   * added on top of `transpose`. Lets a palette whose low end is its sub and low strings thin that
   * low end with the voice band instead of letting it take over the bed (issue 13 point 5).
   */
  underLine?: { velocity?: number; transpose?: number };
}

/** Figures written by src/music/orchestra/ for the palettes that call for them. */
export type Figure = 'ambient-piano' | 'string-ostinato' | 'guitar-strum' | 'harp-arpeggio' | 'brass-swell' | 'timpani-roll' | 'braam' | 'riser' | 'vinyl' | 'room';

export interface Palette {
  name: PaletteName;
  /** One line for `--explain`: which palette and why. */
  why: string;
  roles: Record<Role, Layer[]>;
  kit: Record<KitPiece, Layer[]>;
  figures: Figure[];
  /** Swing of off-beat eighths as a fraction of an eighth (0 straight, 1/3 triplet feel). */
  swing: number;
  /** Level (velocity) of the 'room' figure's air under the whole cue. */
  room: number;
  /**
   * The bus: width and room, tuned per palette on the demo so each lands inside produced music's
   * range (L/R correlation ≤ 0.67, side/mid ≥ −7 dB, mono fold-down ≤ 1 dB: test/sound/palettes.test.ts).
   */
  mix: MixSettings;
}

const L = (instrument: Instrument, velocity = 1, extra: Omit<Layer, 'instrument' | 'velocity'> = {}): Layer => ({ instrument, velocity, ...extra });
const SYNTH_KIT: Record<KitPiece, Layer[]> = {
  kick: [L('kick')], snare: [L('snare')], rim: [L('rim')], 'hat-closed': [L('hat-closed')], 'hat-open': [L('hat-open')], shaker: [L('shaker')], tom: [L('tom')],
};
const LIGHT_KIT: Record<KitPiece, Layer[]> = {
  kick: [L('kit-kick', 0.9)], snare: [L('kit-clap', 0.8, { pan: 0.1 }), L('kit-snare', 0.45)], rim: [L('kit-rim', 0.8)],
  'hat-closed': [L('kit-hat-closed', 0.8, { pan: 0.3 })], 'hat-open': [L('kit-hat-open', 0.7, { pan: 0.3 })],
  shaker: [L('kit-shaker', 0.9, { pan: -0.35 })], tom: [L('kit-tom-mid', 0.9, { pan: 0.2 })],
};

/** The palettes as an arranger would score each kind of cue. */
const BASE: Record<PaletteName, Omit<Palette, 'why'>> = {
  documentary: {
    name: 'documentary',
    roles: {
      // string ensemble, divisi by register (violins left, cellos right as they sit), a soft pad under
      // cellos also double the lowest pad notes an octave down, so the section keeps its low
      // strings when the voicing sits above G3 (without them the bed was a thin, too-pure tone)
      pad: [L('strings-slow', 0.8, { range: [55, 127], pan: -0.35 }), L('cellos', 0.85, { range: [0, 54], pan: 0.4 }), L('cellos', 0.5, { range: [55, 60], transpose: -12, pan: 0.4 }), L('warm-pad', 0.45)],
      bass: [L('contrabass', 0.6)],
      keys: [L('piano', 0.95)],
      pluck: [L('harp', 0.9, { pan: 0.45 })],
      lead: [L('piano', 0.9)],
      drone: [L('warm-pad', 0.6, { transpose: 12 })],
      noise: [L('noise-bed')],
    },
    kit: { ...LIGHT_KIT, kick: [L('orch-bass-drum', 0.7)], snare: [L('kit-rim', 0.7)], 'hat-closed': [L('kit-shaker', 0.7, { pan: 0.3 })] },
    figures: ['harp-arpeggio', 'room'],
    swing: 0,
    room: 0.2,
    mix: { width: 1.4, wet: 1 },
  },
  corporate: {
    name: 'corporate',
    roles: {
      pad: [L('strings', 0.6, { pan: -0.3 }), L('warm-pad', 0.45)],
      bass: [L('electric-bass', 0.8)],
      keys: [L('piano', 0.9)],
      pluck: [L('nylon-guitar', 0.95, { pan: -0.4 })],
      lead: [L('piano', 0.9, { transpose: 12 })],
      drone: [L('warm-pad', 0.5)],
      noise: [L('noise-bed')],
    },
    kit: LIGHT_KIT,
    figures: ['guitar-strum', 'room'],
    swing: 0,
    room: 0.2,
    mix: { width: 1.6, wet: 1.2 },
  },
  cinematic: {
    name: 'cinematic',
    roles: {
      pad: [L('strings', 0.85, { range: [55, 127], pan: -0.3 }), L('cellos', 0.9, { range: [0, 54], pan: 0.35 }), L('french-horn', 0.5, { range: [48, 67], pan: 0.2 })],
      // under a line the sine sub rests and the contrabass plays softer (taiko too, its kick layer
      // rests: the kit's): with all kept the share below 120 Hz rose 1.9 dB over between lines while
      // the voice band dipped; now it falls 1.7 dB (test/sound/speech-dip.test.ts). Lifting the
      // contrabass an octave instead took the bed's whole low end away (−9 dB) under the words.
      bass: [L('contrabass', 0.9, { underLine: { velocity: 0.8 } }), L('sub-bass', 0.45, { underLine: { velocity: 0 } })],
      keys: [L('piano', 0.9)],
      pluck: [L('strings-pizz', 0.9, { pan: 0.3 })],
      lead: [L('french-horn', 0.95)],
      drone: [L('drone')],
      noise: [L('noise-bed')],
    },
    kit: {
      ...LIGHT_KIT,
      kick: [L('taiko', 0.9, { underLine: { velocity: 0.7 } }), L('kick', 0.5, { underLine: { velocity: 0 } })], snare: [L('kit-snare', 0.8)], rim: [L('kit-rim', 0.8)],
      'hat-closed': [L('kit-hat-closed', 0.6, { pan: 0.3 })], tom: [L('timpani', 0.9)],
    },
    figures: ['string-ostinato', 'brass-swell', 'timpani-roll', 'braam', 'riser', 'room'],
    swing: 0,
    // more air than the others: low strings, horns and taiko kept the ai-film demo's centroid at 951 Hz
    room: 0.4,
    mix: { width: 1.4, wet: 1 },
  },
  ambient: {
    name: 'ambient',
    roles: {
      pad: [L('warm-pad', 0.9), L('strings-slow', 0.5, { range: [55, 127], pan: -0.4 })],
      // under a line the sub goes up an octave, out of the sub band and still below the voice: kept
      // where it was, the share below 120 Hz rose 3.4 dB over between lines (now −2.9 dB); resting,
      // the voice band's share dropped only 2 dB
      bass: [L('sub-bass', 0.5, { underLine: { transpose: 12 } })],
      keys: [L('piano', 0.85)],
      pluck: [L('celesta', 0.8, { pan: 0.4 })],
      lead: [L('piano', 0.85)],
      drone: [L('drone', 0.7, { transpose: 12 }), L('choir', 0.45, { transpose: 24 })],
      noise: [L('noise-bed', 1.7, { brightness: 0.9 })],
    },
    kit: SYNTH_KIT,
    figures: ['ambient-piano', 'harp-arpeggio', 'room'],
    swing: 0,
    room: 0.2,
    mix: { width: 1.4, wet: 1.3 },
  },
  'lo-fi': {
    name: 'lo-fi',
    roles: {
      pad: [L('epiano', 0.7, { pan: -0.25 }), L('warm-pad', 0.35)],
      bass: [L('acoustic-bass', 0.5)],
      keys: [L('epiano', 0.95)],
      pluck: [L('clean-guitar', 0.85, { pan: 0.4 })],
      lead: [L('vibraphone', 0.85)],
      drone: [L('warm-pad', 0.5)],
      noise: [L('noise-bed')],
    },
    kit: { ...LIGHT_KIT, kick: [L('kit-kick', 0.7)], snare: [L('kit-snare', 0.75)], 'hat-closed': [L('kit-hat-closed', 0.6, { pan: 0.3 })] },
    figures: ['vinyl'],
    swing: 0.3,
    room: 0,
    mix: { width: 1.7, wet: 1.2 },
  },
  electronic: {
    name: 'electronic',
    // the sine sub and the kick a little under the writers' levels: at theirs the low end carried
    // half the mix (−2.8 dB below 120 Hz on the demo against produced music's ≤ −2.5)
    roles: { pad: [L('pad')], bass: [L('sub-bass', 0.7)], keys: [L('keys')], pluck: [L('pluck')], lead: [L('lead')], drone: [L('drone')], noise: [L('noise-bed')] },
    kit: { ...SYNTH_KIT, kick: [L('kick', 0.8)] },
    figures: ['riser', 'room'],
    swing: 0,
    room: 0.2,
    mix: { width: 1.4, wet: 1.2 },
  },
};

/** How an editor reaches each palette (preset and brief): `--demo-styles` and the mix tests render these. */
export const PALETTE_DEMOS: Readonly<Record<PaletteName, { preset: string; brief: string }>> = {
  documentary: { preset: 'documentary', brief: '' },
  corporate: { preset: 'corporate', brief: '' },
  cinematic: { preset: 'trailer', brief: '' },
  ambient: { preset: 'documentary', brief: 'calm ambient' },
  'lo-fi': { preset: 'corporate', brief: 'chill lo-fi' },
  electronic: { preset: 'social', brief: '' },
};

/** Genre words that pick a palette; the earliest in the brief wins. */
const GENRE_WORDS: Array<[RegExp, PaletteName]> = [
  [/\blo-?fi\b|\bchill(?:hop|out|ed)?\b|\bstudy beats?\b/, 'lo-fi'],
  [/\bsynths?\b|\belectronic\b|\bedm\b|\bsynthwave\b|\belectro\b|\btechno\b/, 'electronic'],
  [/\borchestral\b|\borchestra\b|\bcinematic\b|\bepic\b|\bbrass\b|\btimpani\b|\btaiko\b|\bhybrid\b/, 'cinematic'],
  [/\bacoustic\b|\bguitars?\b|\bukulele\b|\bfolk\b/, 'corporate'],
  [/\bambient\b|\batmospheric\b|\btextural\b/, 'ambient'],
];
/** Acoustic instruments named in a brief whose preset would be electronic: the documentary palette plays them. */
const ACOUSTIC_WORDS = /\bpianos?\b|\bstrings?\b|\bcellos?\b|\bviolins?\b|\bharp\b|\bcelesta\b/;

/** Words this module reads (so `--explain` does not list them as unused). */
export const PALETTE_WORDS = /\b(lo-?fi|chill(?:hop|out|ed)?|synthwave|edm|electro|techno|orchestra|cinematic|epic|brass|timpani|taiko|hybrid|acoustic|guitars?|ukulele|folk|harp|celesta)\b/;

const PRESET_PALETTE: Record<string, PaletteName> = {
  documentary: 'documentary', corporate: 'corporate', 'e-learning': 'corporate', trailer: 'cinematic', 'ai-film': 'cinematic', social: 'electronic',
};

/** The palette for a cue: brief words first, then an ambient style, then the preset. */
export function choosePalette(preset: string, style: Style, brief: string): Palette {
  const text = ` ${brief.toLowerCase()} `;
  const negated = (i: number) => /\b(?:no|without|avoid|not? any|minus)\s+$/.test(text.slice(Math.max(0, i - 9), i));
  let pick: { name: PaletteName; at: number; word: string } | null = null;
  for (const [re, name] of GENRE_WORDS) {
    const m = new RegExp(re.source, 'g');
    for (let r = m.exec(text); r; r = m.exec(text)) {
      if (negated(r.index)) continue;
      if (!pick || r.index < pick.at) pick = { name, at: r.index, word: r[0] };
      break;
    }
  }
  let name: PaletteName, why: string;
  if (pick) { name = pick.name; why = `the brief says "${pick.word}"`; }
  else if (style === 'ambient') { name = 'ambient'; why = 'the ambient style'; }
  else { name = PRESET_PALETTE[preset] ?? 'corporate'; why = `the ${preset} preset`; }
  const acoustic = ACOUSTIC_WORDS.exec(text);
  if (!pick && name === 'electronic' && acoustic && !negated(acoustic.index)) { name = 'documentary'; why = `the brief says "${acoustic[0]}"`; }
  const base = BASE[name];
  const palette: Palette = { ...base, why, roles: { ...base.roles }, kit: { ...base.kit }, figures: [...base.figures], mix: { ...base.mix } };
  honourInstrumentWords(palette, text, negated);
  return palette;
}

function honourInstrumentWords(p: Palette, text: string, negated: (i: number) => boolean): void {
  const says = (re: RegExp) => {
    const m = re.exec(text);
    return m ? (negated(m.index) ? 'no' : 'yes') : null;
  };
  const piano = says(/\bpianos?\b/), strings = says(/\bstrings?\b|\borchestral\b/), guitar = says(/\bguitars?\b|\bacoustic\b/), synth = says(/\bsynths?\b|\belectronic\b/);
  const without = (layers: Layer[], drop: (i: Instrument) => boolean, instead: Layer) => {
    const kept = layers.filter((l) => !drop(l.instrument));
    return kept.length > 0 ? kept : [instead];
  };
  const isPiano = (i: Instrument) => i === 'piano' || i === 'epiano' || i === 'keys';
  const isStrings = (i: Instrument) => i.startsWith('strings') || i === 'violins' || i === 'cellos' || i === 'contrabass';
  const isSynth = (i: Instrument) => !isSampled(i) || i === 'warm-pad';
  if (piano === 'yes') { p.roles.keys = [L('piano', 0.95)]; p.why += ', "piano" on the keys'; }
  if (strings === 'yes' && !p.roles.pad.some((l) => isStrings(l.instrument))) {
    p.roles.pad = [L('strings', 0.75, { range: [55, 127], pan: -0.3 }), L('cellos', 0.8, { range: [0, 54], pan: 0.35 }), ...p.roles.pad.map((l) => ({ ...l, velocity: (l.velocity ?? 1) * 0.5 }))];
    p.why += ', "strings" on the pads';
  }
  if (guitar === 'yes') {
    const kind: Instrument | null = /\bnylon\b|\bclassical\b/.test(text) ? 'nylon-guitar' : /\bacoustic\b|\bsteel\b/.test(text) ? 'steel-guitar' : /\belectric guitars?\b/.test(text) ? 'clean-guitar' : null;
    const has = p.roles.pluck.find((l) => l.instrument.includes('guitar'));
    if (!has || (kind && has.instrument !== kind)) {
      p.roles.pluck = [L(kind ?? 'nylon-guitar', 0.95, { pan: -0.4 })];
      p.why += `, ${kind ?? 'nylon-guitar'} on the plucks`;
    }
    if (!p.figures.includes('guitar-strum')) p.figures.push('guitar-strum');
  }
  if (synth === 'yes' && p.name !== 'electronic') { p.roles.pad = [...p.roles.pad, L('pad', 0.6)]; p.why += ', a synth pad'; }
  if (piano === 'no') for (const r of ['keys', 'lead', 'pad'] as Role[]) p.roles[r] = without(p.roles[r], isPiano, L('harp', 0.9));
  if (strings === 'no') for (const r of ['pad', 'bass', 'pluck'] as Role[]) p.roles[r] = without(p.roles[r], isStrings, r === 'bass' ? L('electric-bass', 1) : L('warm-pad'));
  if (synth === 'no' || /\bacoustic\b/.test(text)) {
    for (const r of ['pad', 'bass', 'keys', 'pluck', 'lead', 'drone'] as Role[]) p.roles[r] = without(p.roles[r], isSynth, r === 'bass' ? L('acoustic-bass', 1) : L('strings-slow', 0.7));
    p.figures = p.figures.filter((f) => f !== 'braam' && f !== 'riser' && f !== 'vinyl');
    p.kit = { ...p.kit, kick: p.kit.kick.filter((l) => l.instrument !== 'kick') };
  }
}

/** "documentary (the documentary preset): strings-slow + cellos + warm-pad, piano, harp, contrabass; figures harp-arpeggio". */
export function describePalette(p: Palette): string {
  const role = (r: Role) => p.roles[r].map((l) => l.instrument).join(' + ');
  const figures = p.figures.length > 0 ? `; figures: ${p.figures.join(', ')}` : '';
  return `${p.name} (${p.why}): pads ${role('pad')}, keys ${role('keys')}, plucks ${role('pluck')}, lead ${role('lead')}, bass ${role('bass')}, kit ${p.kit.kick.map((l) => l.instrument).join('+')}/${p.kit.snare.map((l) => l.instrument).join('+')}${figures}${p.swing > 0 ? ', swung' : ''}`;
}
