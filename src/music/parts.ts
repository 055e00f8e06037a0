import { voiceChord } from './voicing';
import { clamp01, type SectionContext } from './context';
import type { Instrument, VoiceGroup } from './types';
import { seededRandom } from '../plan/random';

/**
 * Harmonic parts: pads, bass, arpeggiated keys/pluck and ambient textures. Under speech each part
 * gets out of the 300 Hz–3 kHz voice band: pads drop below it and darken, arpeggios stop.
 */
export function note(
  ctx: SectionContext, group: VoiceGroup, instrument: Instrument, beat: number, beats: number,
  midi: number, velocity: number, pan: number, brightness: number,
): void {
  const start = ctx.at(beat);
  const end = ctx.at(Math.min(ctx.beats, beat + beats));
  if (end <= start) return;
  ctx.emit({ group, instrument, start, length: end - start, midi, velocity: clamp01(velocity), pan, brightness: clamp01(brightness) });
}

/** Voice-led sustained chords; the previous voicing is carried across sections for continuity. */
export function writePads(ctx: SectionContext, prev: { voicing: number[] | null }): void {
  const e = ctx.section.energy;
  for (const c of ctx.chords) {
    const start = ctx.at(c.beat);
    const end = ctx.at(c.beat + c.beats);
    const speech = ctx.speech(start, end);
    // under a line the pads stay in their register, softer and darker: the bus thins the voice
    // band (synth/speech-dip) instead of the bed dropping to sub and low pads
    const voicing = voiceChord(c.chromas, prev.voicing, speech ? 50 : 52, speech ? 69 : 74, ctx.section.underDialogue ? 3 : 4);
    prev.voicing = voicing.length === 4 ? voicing : null;
    const vel = (0.34 + 0.3 * e) * (speech ? 0.7 : 1);
    const bright = speech ? 0.2 : 0.22 + 0.5 * e;
    voicing.forEach((m, i) => note(ctx, 'pads', 'pad', c.beat, c.beats, m, vel - i * 0.02, (i - 1.5) * 0.3, bright));
  }
}

const bassMidi = (chroma: number) => 33 + ((chroma - 9 + 12) % 12); // A1..G#2: weight without mud

export function writeBass(ctx: SectionContext): void {
  const e = ctx.section.energy;
  if (!ctx.form.roles.has('bass')) return;
  const measured = ctx.section.bpm > 0;
  ctx.chords.forEach((c, ci) => {
    const root = bassMidi(c.bass);
    const start = ctx.at(c.beat);
    const speech = ctx.speech(start, ctx.at(c.beat + c.beats));
    const busy = measured && !speech && !ctx.section.underDialogue;
    if (!busy || e < 0.4) {
      // a pedal or a repeated bass is one held note, not a re-attack per chord
      const prev = ctx.chords[ci - 1];
      if (prev && prev.bass === c.bass && !(measured && !ctx.speech(ctx.at(prev.beat), ctx.at(prev.beat + prev.beats)) && !ctx.section.underDialogue && e >= 0.4)) return;
      let beats = c.beats;
      for (let k = ci + 1; k < ctx.chords.length && ctx.chords[k].bass === c.bass; k++) beats += ctx.chords[k].beats;
      // under a line the bass steps back with the rest (the bed must not become its sub)
      note(ctx, 'bass', 'sub-bass', c.beat, beats, root, (0.55 + 0.2 * e) * (speech ? 0.5 : 1), 0, 0.3);
      return;
    }
    const nextRoot = ci + 1 < ctx.chords.length ? bassMidi(ctx.chords[ci + 1].bass) : null;
    const step = e >= 0.65 ? 0.5 : 1;
    for (let b = 0; b < c.beats; b += step) {
      const last = b + step >= c.beats;
      let midi = root;
      // A passing tone a step from the next root leads the ear into the change.
      if (last && nextRoot !== null && nextRoot !== root && step <= 1) midi = nextRoot + (nextRoot > root ? -2 : 2);
      else if (e >= 0.65 && (b * 2) % 4 === 3) midi = root + 12;
      const accent = b % ctx.meter === 0 ? 0.12 : 0;
      note(ctx, 'bass', 'sub-bass', c.beat + b, step * 0.9, midi, 0.5 + 0.25 * e + accent, 0, 0.3 + 0.3 * e);
    }
  });
}

const ARP_SHAPES = [[0, 1, 2, 1, 3, 2, 1, 2], [0, 2, 1, 3, 0, 2, 1, 3], [0, 1, 2, 3, 2, 1, 2, 3]];

export function writeArpeggio(ctx: SectionContext): void {
  const e = ctx.section.energy;
  if (!ctx.form.roles.has('arp')) return;
  // a bed carries narration on a steady piano figure where it has one; other styles pick first
  const piano = ctx.brief.include.includes('piano') || (ctx.palette.has('keys') && (!ctx.palette.has('pluck') || ctx.plan.style === 'bed'));
  if (!piano && !ctx.palette.has('pluck')) return;
  const instrument = piano ? 'keys' : 'pluck';
  // shape and register move on by section from a seeded start, so neighbours always differ
  const rand = seededRandom(ctx.plan.seed, 'arp', 'shape');
  const shape = ARP_SHAPES[(Math.floor(rand() * ARP_SHAPES.length) + ctx.index) % ARP_SHAPES.length];
  const step = e >= 0.75 && !piano ? 0.25 : e >= 0.45 ? 0.5 : 1;
  const low = [57, 60, 64][(Math.floor(rand() * 3) + 2 * ctx.index) % 3];
  for (const c of ctx.chords) {
    const tones = voiceChord(c.chromas, null, low, low + 19, 4);
    for (let b = 0, i = 0; b < c.beats; b += step, i++) {
      const s = ctx.at(c.beat + b);
      if (ctx.speech(s, ctx.at(Math.min(ctx.beats, c.beat + b + step)))) continue;
      const onBeat = Math.abs((c.beat + b) % ctx.meter) < 1e-9;
      const vel = 0.38 + 0.3 * e + (onBeat ? 0.12 : (c.beat + b) % 1 === 0 ? 0.05 : 0);
      note(ctx, 'keys', instrument, c.beat + b, step * (piano ? 1.8 : 0.9), tones[shape[i % shape.length] % tones.length], vel, 0.25, 0.35 + 0.45 * e);
    }
  }
}

/**
 * Under speech the arpeggio stops, but the cue must not sound as if the music dropped out: a soft
 * keys line keeps moving, one chord tone every two beats, below the voice band (fundamentals at
 * or under C4 ≈ 262 Hz), dark and quiet, so it sits under the words rather than among them.
 */
export function writeSpeechKeys(ctx: SectionContext): void {
  if (!ctx.form.roles.has('speech-keys')) return;
  const instrument = ctx.palette.has('keys') ? 'keys' : 'pluck';
  const rand = seededRandom(ctx.plan.seed, ctx.section.id, 'speech-keys', 'shape');
  const first = Math.floor(rand() * ARP_SHAPES.length);
  for (const c of ctx.chords) {
    const tones = voiceChord(c.chromas, null, 48, 60, 3);
    for (let b = 0, i = 0; b < c.beats; b += 2, i++) {
      const s = ctx.at(c.beat + b);
      if (!ctx.speech(s, ctx.at(Math.min(ctx.beats, c.beat + b + 2)))) continue;
      // a new figure every 4 bars, so a long stretch under speech moves on
      const shape = ARP_SHAPES[(first + Math.floor((c.beat + b) / (4 * ctx.meter))) % ARP_SHAPES.length];
      note(ctx, 'keys', instrument, c.beat + b, 2.5, tones[shape[i % shape.length] % tones.length], 0.24 + 0.1 * ctx.section.energy, -0.2, 0.1);
    }
  }
}

/** Drones and a noise bed carry ambient cues and quiet documentary passages. */
export function writeTextures(ctx: SectionContext): void {
  const ambient = ctx.plan.style === 'ambient';
  if (!ctx.form.roles.has('texture')) return;
  const tonic = ctx.chords[0]?.chromas[0] ?? 0;
  const key = chromaOfKey(ctx.section.key, tonic);
  note(ctx, 'textures', 'drone', 0, ctx.beats, 36 + key, 0.4, 0, 0.2);
  if (ambient && !ctx.section.underDialogue) note(ctx, 'textures', 'noise-bed', 0, ctx.beats, 60, 0.22 + 0.2 * ctx.section.energy, 0, 0.3);
}

function chromaOfKey(key: string, fallback: number): number {
  const base: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
  const b = base[key[0]];
  if (b === undefined) return fallback;
  return (b + (key[1] === '#' ? 1 : key[1] === 'b' ? -1 : 0) + 12) % 12;
}
