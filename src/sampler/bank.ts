/**
 * The sound bank as the core sees it: plain data the io layer (src/io/bank.ts) reads with
 * spessasynth_core — presets flattened into zones (key/velocity ranges, summed generators, the
 * note-on modulators) and sample headers — plus `pcm(i)`, which hands over a sample's decoded PCM
 * the first time a render asks for it (so only the samples a render plays are ever decoded).
 *
 * Here the zones a note plays are chosen and turned into voice settings (VoiceSetup). Generators
 * honoured: sample start/end/loop offsets (fine and coarse), sampleModes (no loop, loop,
 * loop-until-release), overridingRootKey, keyNum, velocity, coarseTune, fineTune, scaleTuning,
 * the sample's pitch correction, initialAttenuation, pan, the volume envelope (delay, attack,
 * hold, decay, sustain, release, keyNumToVolEnvHold/Decay), initialFilterFc/Q, the modulation
 * envelope driving the filter (modEnvToFilterFc with its delay/attack/hold/decay/sustain/release
 * and keyNumToModEnvHold/Decay), exclusiveClass (a hat chokes the previous hat).
 * Not honoured: the LFOs (vibrato, tremolo, filter wobble), modEnvToPitch, chorus and reverb
 * sends (the mix's own sends are used), and modulators from controllers other than brightness
 * (CC74, driven by the event's brightness): MIDI controllers sit at rest in a render, so their
 * modulators add nothing but a constant level, which the per-instrument trim replaces.
 */
import type { NoteEvent, SampledInstrument } from '../music/types';
import { GM, gmKey } from './gm';

export interface NoteMod {
  /** SF2 source enums (index, CC flag, direction, polarity, curve), as in the bank file. */
  src: number;
  src2: number;
  /** Destination generator. */
  dest: number;
  amount: number;
  /** Transform 2: absolute value. */
  abs: boolean;
}

export interface BankZone {
  keyLo: number; keyHi: number; velLo: number; velHi: number;
  /** Index into SamplerBank.samples. */
  sample: number;
  /** Every generator's value (GENERATORS slots), defaults filled in, preset values added. */
  gens: Int16Array;
  /** The modulators a note-on can move (velocity, key, brightness). */
  mods: NoteMod[];
}

export interface BankSample {
  name: string;
  rate: number;
  originalKey: number;
  /** Cents. */
  pitchCorrection: number;
  loopStart: number;
  loopEnd: number;
  /** The other half of a stereo pair (index), or −1. */
  linked: number;
}

export interface SamplerBank {
  /** Display name, e.g. "MuseScore_General_Lite". */
  name: string;
  /** sha256 of the bank file: decoded-sample caches are keyed by it. */
  hash: string;
  /** Licence and credits text that travels with every render. */
  credits: string;
  /** `${bank}:${program}` → zones (only the presets the GM map names). */
  presets: ReadonlyMap<string, readonly BankZone[]>;
  samples: readonly BankSample[];
  /** Decoded PCM (mono float, the sample's own rate); decoded on first use, then cached. */
  pcm(sample: number): Float32Array;
}

/** Generator slots (SoundFont 2.04 §8.1.2). */
export const G = {
  startOffset: 0, endOffset: 1, loopStartOffset: 2, loopEndOffset: 3, startCoarse: 4,
  filterFc: 8, filterQ: 9, modEnvToFc: 11, endCoarse: 12, pan: 17,
  modDelay: 25, modAttack: 26, modHold: 27, modDecay: 28, modSustain: 29, modRelease: 30, keyToModHold: 31, keyToModDecay: 32,
  volDelay: 33, volAttack: 34, volHold: 35, volDecay: 36, volSustain: 37, volRelease: 38, keyToVolHold: 39, keyToVolDecay: 40,
  keyNum: 46, velocity: 47, attenuation: 48, loopStartCoarse: 45, loopEndCoarse: 50, coarseTune: 51, fineTune: 52,
  sampleModes: 54, scaleTuning: 56, exclusiveClass: 57, rootKey: 58,
} as const;
export const GENERATORS = 62;

/** Everything one voice needs, in output samples. */
export interface VoiceSetup {
  sample: number;
  /** Second channel of a stereo pair (same playback, own pan), or −1. */
  sampleR: number;
  /** Playback increment in source samples per output sample. */
  inc: number;
  start: number; end: number; loopStart: number; loopEnd: number;
  /** 0 none, 1 loop, 3 loop until release. */
  loopMode: number;
  /** Linear gain (attenuation, velocity modulators). */
  gain: number;
  /** −1..1 for each channel's source (sampleR's pan only when paired). */
  pan: number; panR: number;
  vol: EnvTimes;
  /** Sustain attenuation, centibels (0..1440). */
  volSustainCb: number;
  mod: EnvTimes;
  /** 0..1. */
  modSustain: number;
  /** Cents (8.176 Hz × 2^(c/1200)); ≥ 13500 with modEnvToFc 0 means no filter. */
  filterFc: number;
  modEnvToFc: number;
  /** Centibels of resonance. */
  filterQ: number;
  exclusiveClass: number;
  /**
   * Set when sampleR is not a stereo pair's other half but a second zone of the note with its own
   * sample positions (start, loop), everything else the same: the player's twin (./player.ts).
   */
  twin?: { start: number; loopStart: number; loopEnd: number };
}

export interface EnvTimes { delay: number; attack: number; hold: number; decay: number; release: number }

/** The zones a note plays (key and velocity inside the zone's ranges). */
export function zonesFor(bank: SamplerBank, instrument: SampledInstrument, key: number, vel: number): BankZone[] {
  const gm = GM[instrument];
  const zones = bank.presets.get(`${gm.bank}:${gm.program}`) ?? [];
  return zones.filter((z) => key >= z.keyLo && key <= z.keyHi && vel >= z.velLo && vel <= z.velHi);
}

/** MIDI velocity (1..127) of an event's 0..1 velocity. */
export function midiVelocity(v: number): number {
  const x = Math.round(1 + 126 * (v < 0 ? 0 : v > 1 ? 1 : v));
  return x < 1 ? 1 : x > 127 ? 127 : x;
}

/** Voice settings for an event: one per zone, stereo pairs folded into one voice. */
export function voicesFor(bank: SamplerBank, ev: NoteEvent & { instrument: SampledInstrument }, sr: number): VoiceSetup[] {
  const key = Math.max(0, Math.min(127, Math.round(gmKey(ev.instrument, ev.midi))));
  const vel = midiVelocity(ev.velocity);
  // brightness 0..1 as the brightness controller (CC74) around its rest value 64
  const cc74 = Math.max(0, Math.min(127, Math.round(64 + 48 * (ev.brightness - 0.5))));
  const zones = zonesFor(bank, ev.instrument, key, vel);
  const gensOf = zones.map((z) => applyMods(z, key, vel, cc74));
  const out: VoiceSetup[] = [];
  const used = new Uint8Array(zones.length);
  for (let a = 0; a < zones.length; a++) {
    if (used[a]) continue;
    used[a] = 1;
    const setup = setupFor(bank, zones[a].sample, gensOf[a], key, ev.pan, sr);
    // a stereo pair (or any two zones that would play identically but for pan) shares one voice
    for (let b = a + 1; b < zones.length; b++) {
      const other = zones[b].sample;
      if (used[b] || other === zones[a].sample || !sameButPan(gensOf[a], gensOf[b]) || !samePlayback(bank, zones[a].sample, other)) continue;
      used[b] = 1;
      setup.sampleR = other;
      setup.panR = panOf(gensOf[b], ev.pan);
      break;
    }
    out.push(setup);
  }
  return out;
}

function sameButPan(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (i !== G.pan && a[i] !== b[i]) return false;
  return true;
}

function samePlayback(bank: SamplerBank, a: number, b: number): boolean {
  const x = bank.samples[a], y = bank.samples[b];
  return x.rate === y.rate && x.originalKey === y.originalKey && x.pitchCorrection === y.pitchCorrection && x.loopStart === y.loopStart && x.loopEnd === y.loopEnd;
}

function panOf(g: Float64Array, eventPan: number): number {
  const p = g[G.pan] / 500 + eventPan;
  return p < -1 ? -1 : p > 1 ? 1 : p;
}

const secondsOf = (tc: number): number => (tc <= -12000 ? 0 : Math.pow(2, tc / 1200));

function setupFor(bank: SamplerBank, sample: number, g: Float64Array, key: number, eventPan: number, sr: number): VoiceSetup {
  const s = bank.samples[sample];
  const k = g[G.keyNum] >= 0 ? g[G.keyNum] : key;
  const root = g[G.rootKey] >= 0 ? g[G.rootKey] : s.originalKey;
  const cents = (k - root) * g[G.scaleTuning] + 100 * g[G.coarseTune] + g[G.fineTune] + s.pitchCorrection;
  const envTimes = (d: number, a: number, h: number, dc: number, r: number, keyHold: number, keyDecay: number): EnvTimes => ({
    delay: secondsOf(g[d]) * sr, attack: secondsOf(g[a]) * sr,
    hold: secondsOf(g[h] + (60 - k) * g[keyHold]) * sr, decay: secondsOf(g[dc] + (60 - k) * g[keyDecay]) * sr,
    release: Math.max(secondsOf(g[r]), 0.002) * sr,
  });
  return {
    sample, sampleR: -1,
    inc: Math.pow(2, cents / 1200) * (s.rate / sr),
    start: g[G.startOffset] + 32768 * g[G.startCoarse],
    end: g[G.endOffset] + 32768 * g[G.endCoarse],
    loopStart: s.loopStart + g[G.loopStartOffset] + 32768 * g[G.loopStartCoarse],
    loopEnd: s.loopEnd + g[G.loopEndOffset] + 32768 * g[G.loopEndCoarse],
    loopMode: g[G.sampleModes] & 3,
    gain: Math.pow(10, -Math.max(0, g[G.attenuation]) / 200),
    pan: panOf(g, eventPan), panR: 0,
    vol: envTimes(G.volDelay, G.volAttack, G.volHold, G.volDecay, G.volRelease, G.keyToVolHold, G.keyToVolDecay),
    volSustainCb: Math.max(0, Math.min(1440, g[G.volSustain])),
    mod: envTimes(G.modDelay, G.modAttack, G.modHold, G.modDecay, G.modRelease, G.keyToModHold, G.keyToModDecay),
    modSustain: 1 - Math.max(0, Math.min(1000, g[G.modSustain])) / 1000,
    filterFc: g[G.filterFc], modEnvToFc: g[G.modEnvToFc], filterQ: Math.max(0, g[G.filterQ]),
    exclusiveClass: g[G.exclusiveClass],
  };
}

/** The zone's generators with its note-on modulators added (velocity, key, brightness). */
function applyMods(z: BankZone, key: number, vel: number, cc74: number): Float64Array {
  const g = Float64Array.from(z.gens);
  for (const m of z.mods) {
    const a = sourceValue(m.src, key, vel, cc74);
    if (a === null) continue;
    const b = sourceValue(m.src2, key, vel, cc74);
    if (b === null) continue;
    const v = a * b * m.amount;
    g[m.dest] += m.abs ? Math.abs(v) : v;
  }
  return g;
}

/** A modulator source's value at note-on; null when it reads a controller left at rest. */
function sourceValue(e: number, key: number, vel: number, cc74: number): number | null {
  const index = e & 0x7f, cc = (e >> 7) & 1, negative = (e >> 8) & 1, bipolar = (e >> 9) & 1, curve = (e >> 10) & 0x3f;
  let raw: number;
  if (cc) {
    if (index !== 74) return null;
    raw = cc74;
  } else if (index === 0) {
    return 1;
  } else if (index === 2) {
    raw = vel;
  } else if (index === 3) {
    raw = key;
  } else {
    return null;
  }
  let x = raw / 128;
  if (negative) x = 1 - x;
  if (curve === 3) return x >= 0.5 ? 1 : bipolar ? -1 : 0;
  if (!bipolar) return shape(curve, x);
  const y = 2 * x - 1;
  return y < 0 ? -shape(curve, -y) : shape(curve, y);
}

function shape(curve: number, x: number): number {
  switch (curve) {
    case 1: return concave(x);
    case 2: return 1 - concave(1 - x);
    default: return x;
  }
}

function concave(x: number): number {
  if (x >= 1) return 1;
  const v = (-40 / 96) * Math.log10(1 - x);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
