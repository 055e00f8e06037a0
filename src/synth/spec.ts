/** What a layer is asked to play (built by ./instruments) and where it writes (built by ./mixer). */
import type { EnvParams } from './envelope';

export const KIND_OSC = 0;
export const KIND_FM = 1;
export const KIND_NOISE = 2;
export const KIND_SINE = 3;

export interface LayerSpec extends EnvParams {
  kind: number;
  /** Absolute first sample. */
  start: number;
  gain: number;
  pan: number;
  hz: number;
  /** OSC: 0 saw, 1 square. */
  wave?: number;
  /** OSC: second oscillator's frequency ratio (detune); 0 = off. */
  detune?: number;
  /** OSC: sine one octave down. */
  sub?: number;
  /** OSC: vibrato depth as a frequency ratio offset, rate in Hz. */
  vibDepth?: number;
  vibRate?: number;
  /** OSC/SINE: frequency starts at hz × sweepFrom and glides exponentially to hz, time constant in samples. */
  sweepFrom?: number;
  sweepTau?: number;
  /** SINE: soft saturation drive (0 = clean). */
  drive?: number;
  /** FM: modulation index at onset, its decay time constant, and the tine partial's level. */
  fmIndex?: number;
  fmTau?: number;
  tine?: number;
  filter?: number;
  cutoff?: number;
  q?: number;
  /** Octaves of cutoff added by a decaying filter envelope (time constant fTau samples). */
  fEnv?: number;
  fTau?: number;
  /** Octaves of cutoff added in proportion to the amplitude envelope (risers, whooshes). */
  fTrack?: number;
  seed?: number;
  reverb: number;
  delay: number;
}

export interface Buses {
  /**
   * The four buses below as views into one buffer (dryL, dryR, rev, dly, BLOCK each): voice loops
   * add through this one array at fixed offsets, which measured faster than three or four arrays.
   */
  all: Float64Array;
  dryL: Float64Array;
  dryR: Float64Array;
  /** Mono reverb send. */
  rev: Float64Array;
  /** Mono delay send (the ping-pong takes its input in the middle). */
  dly: Float64Array;
  /**
   * Scratch for a chord layer's summed oscillators (dry L, dry R, reverb send, BLOCK each; and
   * the three as views), in the same buffer as the buses just after them, 64 bytes off a 4 KiB
   * step, so the chord's filter loop reads it and writes the buses at a fixed distance that
   * cannot 4K-alias, whatever the allocator does.
   */
  chord: Float64Array;
  chordL: Float64Array;
  chordR: Float64Array;
  chordV: Float64Array;
}
