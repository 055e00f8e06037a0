/**
 * Instrument recipes: a NoteEvent becomes one or more layers. Levels are set so a typical bed
 * sums to roughly −18 dBFS RMS before the bus (the compressor threshold sits there).
 */
import type { NoteEvent } from '../music/types';
import { FILTER_BP, FILTER_HP, FILTER_LP, midiToHz } from './dsp';
import { KIND_FM, KIND_NOISE, KIND_OSC, KIND_SINE, LayerSpec } from './voice';
import { fmix32 } from './random';
import { GM, isSampled } from '../sampler/gm';

type Partial0 = Omit<LayerSpec, 'start' | 'pan' | 'gate' | 'attackPower' | 'sustain' | 'reverb' | 'delay'> &
  Partial<Pick<LayerSpec, 'attackPower' | 'sustain' | 'reverb' | 'delay' | 'gate' | 'pan'>> & { at?: number };

/** pan × factor, kept inside ±0.9 so nothing sits in one speaker alone. */
function widen(pan: number, factor: number): number {
  const p = pan * factor;
  return p > 0.9 ? 0.9 : p < -0.9 ? -0.9 : p;
}

/** Expands an event into layer specs (absolute sample times). */
export function layersFor(ev: NoteEvent, sr: number): LayerSpec[] {
  // a sampled instrument with no sound bank loaded plays its stand-in recipe (src/sampler/gm.ts)
  if (isSampled(ev.instrument)) {
    const gm = GM[ev.instrument];
    return layersFor({ ...ev, instrument: gm.fallback, midi: gm.fallbackMidi ?? ev.midi }, sr);
  }
  const ms = sr / 1000;
  const hz = midiToHz(ev.midi);
  const v = ev.velocity < 0 ? 0 : ev.velocity > 1 ? 1 : ev.velocity;
  const br = ev.brightness < 0 ? 0 : ev.brightness > 1 ? 1 : ev.brightness;
  const hit = ev.hit ?? ev.start;
  const pre = Math.max(0, hit - ev.start);
  const len = Math.max(1, ev.length);
  const seed = fmix32(ev.start * 31 + ev.midi * 7 + ev.instrument.length);
  const out: LayerSpec[] = [];
  const swell = ev.fadeIn !== undefined && ev.fadeIn > 0 ? Math.min(ev.fadeIn, len) : 0;
  const add = (p: Partial0): void => {
    const at = p.at ?? 0;
    out.push({
      attackPower: 1, sustain: 0, reverb: 0.15, delay: 0, gate: len - at, pan: ev.pan, seed: fmix32(seed + out.length),
      ...p, start: ev.start + at,
    });
    // an entry swell (the arranger's fadeIn) lengthens every layer's attack
    const l = out[out.length - 1];
    if (swell > l.attack) { l.attack = swell; l.attackPower = 1; }
  };
  const noteGain = v * v * 0.9 + 0.1 * v;
  // Stereo image: the arranger places parts; the synth spreads them wider than it asks (pads and
  // hats scaled out, plucks alternating around their place, keys by register) so a full section
  // has side ~10 dB under mid while bass, kick and lead stay in the middle.
  const pan = ev.pan;
  const alt = (seed & 1) === 0 ? -1 : 1;
  switch (ev.instrument) {
    case 'pad': {
      // Dark pads (the arranger's low brightness, used under dialogue) keep out of the speech band:
      // a lower cutoff, less filter sweep, no resonance bump.
      const dark = br < 0.3 ? (0.3 - br) / 0.3 : 0;
      add({ kind: KIND_OSC, hz, detune: 1.0081, gain: 0.07 * noteGain, attack: 600 * ms, decayTau: 1500 * ms, sustain: 0.8, releaseTau: 500 * ms,
        filter: FILTER_LP, cutoff: (500 + 1700 * br) * (1 - 0.55 * dark), q: 0.8 - 0.2 * dark, fEnv: 1 - 0.8 * dark, fTau: 1200 * ms, reverb: 0.55, pan: widen(pan, 1.3) });
      break;
    }
    case 'sub-bass':
      // less saturation when dark: its odd harmonics land in the speech band
      add({ kind: KIND_SINE, hz, drive: Math.min(2.2, 0.8 + 2.8 * br), gain: 0.12 * noteGain, attack: 6 * ms, decayTau: 800 * ms, sustain: 0.85, releaseTau: 40 * ms, reverb: 0 });
      break;
    case 'pluck':
      add({ kind: KIND_OSC, hz, wave: 1, detune: 1.004, gain: 0.07 * noteGain, attack: 2 * ms, decayTau: 220 * ms, releaseTau: 60 * ms,
        filter: FILTER_LP, cutoff: 500 + 1300 * br, q: 1.2, fEnv: 4, fTau: 90 * ms, reverb: 0.3, pan: widen(pan + 0.35 * alt, 1) });
      break;
    case 'keys':
      add({ kind: KIND_FM, hz, fmIndex: 1.2 + 2.5 * v * br, fmTau: 300 * ms, tine: 0.25 * v, gain: 0.1 * noteGain,
        attack: 3 * ms, decayTau: 1400 * ms, releaseTau: 180 * ms, reverb: 0.3, pan: widen(pan + (ev.midi - 66) / 30, 1) });
      break;
    case 'lead':
      add({ kind: KIND_OSC, hz, wave: 1, detune: 2.0031, vibDepth: 0.004, vibRate: 5.3, gain: 0.06 * noteGain, attack: 12 * ms, decayTau: 400 * ms,
        sustain: 0.75, releaseTau: 120 * ms, filter: FILTER_LP, cutoff: 900 + 2200 * br, q: 1, fEnv: 1.5, fTau: 200 * ms, reverb: 0.25 });
      break;
    case 'kick':
      add({ kind: KIND_SINE, hz: 48, sweepFrom: 3.5, sweepTau: 28 * ms, drive: 1.2, gain: 0.4 * noteGain, attack: 1 * ms, decayTau: 140 * ms, releaseTau: 30 * ms, reverb: 0.02 });
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_HP, cutoff: 2500, gain: 0.12 * noteGain, attack: 0.3 * ms, decayTau: 3 * ms, releaseTau: 3 * ms, reverb: 0 });
      break;
    case 'snare':
      add({ kind: KIND_SINE, hz: 185, sweepFrom: 1.4, sweepTau: 15 * ms, gain: 0.2 * noteGain, attack: 0.5 * ms, decayTau: 45 * ms, releaseTau: 20 * ms });
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_BP, cutoff: 1800 + 2000 * br, q: 0.6, gain: 0.35 * noteGain, attack: 0.5 * ms, decayTau: 70 * ms, releaseTau: 30 * ms, reverb: 0.2 });
      break;
    case 'rim':
      add({ kind: KIND_SINE, hz: 480, gain: 0.2 * noteGain, attack: 0.3 * ms, decayTau: 12 * ms, releaseTau: 8 * ms });
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_BP, cutoff: 3200, q: 2, gain: 0.25 * noteGain, attack: 0.3 * ms, decayTau: 10 * ms, releaseTau: 8 * ms });
      break;
    case 'hat-closed':
    case 'hat-open':
    case 'shaker': {
      const open = ev.instrument === 'hat-open', shaker = ev.instrument === 'shaker';
      add({ kind: KIND_NOISE, hz: 0, filter: shaker ? FILTER_BP : FILTER_HP, cutoff: shaker ? 5500 : 7000 + 2000 * br, q: shaker ? 0.9 : 0.8,
        gain: (shaker ? 0.13 : 0.18) * noteGain, attack: (shaker ? 8 : 0.4) * ms, decayTau: (open ? 220 : shaker ? 45 : 28) * ms,
        sustain: 0, releaseTau: (open ? 60 : 15) * ms, reverb: 0.1, pan: widen(pan, 1.7) });
      break;
    }
    case 'tom': {
      const f = ev.midi > 0 ? Math.min(300, hz) : 110;
      add({ kind: KIND_SINE, hz: f, sweepFrom: 1.6, sweepTau: 40 * ms, drive: 0.8, gain: 0.35 * noteGain, attack: 1 * ms, decayTau: 180 * ms, releaseTau: 40 * ms, reverb: 0.2 });
      break;
    }
    case 'impact':
      add({ at: pre, kind: KIND_SINE, hz: 38, sweepFrom: 2.8, sweepTau: 70 * ms, drive: 1.5, gain: 0.6 * noteGain, attack: 1 * ms, decayTau: 450 * ms, releaseTau: 150 * ms, reverb: 0.35 });
      add({ at: pre, kind: KIND_NOISE, hz: 0, filter: FILTER_LP, cutoff: 250, q: 0.7, fEnv: 5, fTau: 60 * ms, gain: 0.35 * noteGain, attack: 0.5 * ms, decayTau: 120 * ms, releaseTau: 60 * ms, reverb: 0.5 });
      break;
    case 'riser': {
      const rise = Math.max(pre, 50 * ms);
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_BP, cutoff: 250, q: 1.2, fTrack: 5, gain: 0.3 * noteGain, attack: rise, attackPower: 3, decayTau: 40 * ms, releaseTau: 25 * ms, gate: rise, reverb: 0.4 });
      add({ kind: KIND_OSC, hz, sweepFrom: 0.5, sweepTau: rise / 3, detune: 1.006, gain: 0.05 * noteGain, attack: rise, attackPower: 3, decayTau: 40 * ms, releaseTau: 25 * ms, gate: rise,
        filter: FILTER_LP, cutoff: 300, fTrack: 4, reverb: 0.4 });
      break;
    }
    case 'reverse-swell': {
      const rise = Math.max(pre, 50 * ms);
      add({ kind: KIND_OSC, hz, detune: 1.5, sub: 0.5, gain: 0.07 * noteGain, attack: rise, attackPower: 3, decayTau: 20 * ms, releaseTau: 12 * ms, gate: rise,
        filter: FILTER_LP, cutoff: 250, fTrack: 4, reverb: 0.3 });
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_HP, cutoff: 1500, gain: 0.06 * noteGain, attack: rise, attackPower: 3, decayTau: 15 * ms, releaseTau: 10 * ms, gate: rise, reverb: 0.5 });
      break;
    }
    case 'tonal-hit':
      for (const [ratio, g] of [[1, 1], [1.4983, 0.7], [2, 0.6]] as const) {
        add({ at: pre, kind: KIND_OSC, hz: hz * ratio, detune: 1.005, gain: 0.05 * g * noteGain, attack: 1.5 * ms, decayTau: 600 * ms, releaseTau: 200 * ms,
          filter: FILTER_LP, cutoff: 400 + 600 * br, fEnv: 3, fTau: 150 * ms, reverb: 0.5 });
      }
      add({ at: pre, kind: KIND_SINE, hz: hz / 2, gain: 0.1 * noteGain, attack: 1.5 * ms, decayTau: 500 * ms, releaseTau: 150 * ms, reverb: 0.2 });
      break;
    case 'whoosh': {
      const rise = Math.max(pre, 80 * ms);
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_BP, cutoff: 300, q: 1.5, fTrack: 4.5, gain: 0.35 * noteGain, attack: rise, attackPower: 2, decayTau: 120 * ms, releaseTau: 80 * ms, reverb: 0.5 });
      break;
    }
    case 'drone':
      add({ kind: KIND_OSC, hz, detune: 1.0029, sub: 0.6, gain: 0.05 * noteGain, attack: 2000 * ms, decayTau: 3000 * ms, sustain: 0.9, releaseTau: 800 * ms,
        filter: FILTER_LP, cutoff: 250 + 500 * br, q: 0.9, reverb: 0.5, pan: widen(pan + 0.3 * alt, 1) });
      break;
    case 'noise-bed':
      add({ kind: KIND_NOISE, hz: 0, filter: FILTER_LP, cutoff: 600 + 2500 * br, q: 0.6, gain: 0.04 * noteGain, attack: 1500 * ms, decayTau: 3000 * ms, sustain: 0.9, releaseTau: 800 * ms, reverb: 0.4 });
      break;
    default: {
      const never: never = ev.instrument;
      throw new Error(`unknown instrument ${String(never)}`);
    }
  }
  return out;
}
