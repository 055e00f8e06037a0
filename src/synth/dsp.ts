/**
 * Small DSP primitives shared by the voices: a sine table (one lookup instead of Math.sin per
 * sample), PolyBLEP residual, and the TPT state-variable filter with its coefficients kept apart
 * from its state so a voice recomputes coefficients once per block.
 */
export const BLOCK = 128;

const SINE_SIZE = 4096;
/** One cycle plus a guard point so linear interpolation never wraps. */
export const SINE = (() => {
  const t = new Float64Array(SINE_SIZE + 1);
  for (let i = 0; i <= SINE_SIZE; i++) t[i] = Math.sin((2 * Math.PI * i) / SINE_SIZE);
  return t;
})();

/** sin(2π·phase) for phase in [0, 1). */
export function sineAt(phase: number): number {
  const x = phase * SINE_SIZE;
  const i = x | 0;
  const a = SINE[i];
  return a + (SINE[i + 1] - a) * (x - i);
}
export const SINE_SCALE = SINE_SIZE;

export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}

export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

export const FILTER_NONE = 0;
export const FILTER_LP = 1;
export const FILTER_BP = 2;
export const FILTER_HP = 3;

export class SvfCoefs {
  a1 = 1;
  a2 = 0;
  a3 = 0;
  k = 1.414;
}

export class SvfState {
  ic1 = 0;
  ic2 = 0;
  reset(): void {
    this.ic1 = 0;
    this.ic2 = 0;
  }
}

/** Cytomic/Simper trapezoidal SVF: stable under per-block cutoff changes, no zipper clicks. */
export function designSvf(c: SvfCoefs, hz: number, q: number, sampleRate: number): void {
  const f = hz < 10 ? 10 : hz > sampleRate * 0.45 ? sampleRate * 0.45 : hz;
  const g = Math.tan((Math.PI * f) / sampleRate);
  c.k = 1 / q;
  c.a1 = 1 / (1 + g * (g + c.k));
  c.a2 = g * c.a1;
  c.a3 = g * c.a2;
}

export function runSvf(c: SvfCoefs, s: SvfState, buf: Float64Array, from: number, to: number, mode: number): void {
  const { a1, a2, a3, k } = c;
  let ic1 = s.ic1, ic2 = s.ic2;
  if (mode === FILTER_LP) {
    for (let i = from; i < to; i++) {
      const v3 = buf[i] - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      buf[i] = v2;
    }
  } else if (mode === FILTER_BP) {
    for (let i = from; i < to; i++) {
      const v3 = buf[i] - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      buf[i] = v1 * k;
    }
  } else if (mode === FILTER_HP) {
    for (let i = from; i < to; i++) {
      const v0 = buf[i];
      const v3 = v0 - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      buf[i] = v0 - k * v1 - v2;
    }
  }
  s.ic1 = ic1;
  s.ic2 = ic2;
}

/** Equal-power pan law: [left, right] gains for pan in [-1, 1]. */
export function panGains(pan: number): [number, number] {
  const p = pan < -1 ? -1 : pan > 1 ? 1 : pan;
  const a = ((p + 1) * Math.PI) / 4;
  return [Math.cos(a), Math.sin(a)];
}
