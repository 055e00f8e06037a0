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

/** Highest filter reach (cutoff × envelope sweep, at 48 kHz) a layer may have to render at half rate. */
export const KIND_OSC_HALF_MAX_HZ = 4000;

export const FILTER_NONE = 0;
export const FILTER_LP = 1;
export const FILTER_BP = 2;
export const FILTER_HP = 3;

/**
 * The SVF's state update written as a 2×2 matrix (m) plus input weights (n): algebraically the
 * same filter, but each state's new value is one multiply-add deep instead of a chain of five,
 * and the per-sample dependency chain is what limits synth speed (DESIGN "Speed anchors").
 */
export class SvfCoefs {
  m11 = 1; m12 = 0; m21 = 0; m22 = 1;
  n1 = 0; n2 = 0;
  k = 1.414;
  /** What the coefficients were designed for (designSvf skips the tan when nothing changed). */
  hz = -1; q = -1; sr = -1;
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
  // a fixed cutoff (hats, drones, noise beds) designs the same filter every block
  if (hz === c.hz && q === c.q && sampleRate === c.sr) return;
  c.hz = hz; c.q = q; c.sr = sampleRate;
  const f = hz < 10 ? 10 : hz > sampleRate * 0.45 ? sampleRate * 0.45 : hz;
  const g = Math.tan((Math.PI * f) / sampleRate);
  const k = 1 / q;
  const a1 = 1 / (1 + g * (g + k));
  const a2 = g * a1;
  const a3 = g * a2;
  c.k = k;
  // ic1' = 2(a1·ic1 + a2(x − ic2)) − ic1 ; ic2' = 2(ic2 + a2·ic1 + a3(x − ic2)) − ic2
  c.m11 = 2 * a1 - 1; c.m12 = -2 * a2; c.n1 = 2 * a2;
  c.m21 = 2 * a2; c.m22 = 1 - 2 * a3; c.n2 = 2 * a3;
}

/** Filters buf[from..to) in place; v1 (band) and v2 (low) are the means of old and new states. */
export function runSvf(c: SvfCoefs, s: SvfState, buf: Float64Array, from: number, to: number, mode: number): void {
  const { m11, m12, m21, m22, n1, n2, k } = c;
  let ic1 = s.ic1, ic2 = s.ic2;
  if (mode === FILTER_LP) {
    for (let i = from; i < to; i++) {
      const x = buf[i];
      const j1 = m11 * ic1 + m12 * ic2 + n1 * x;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * x;
      buf[i] = 0.5 * (ic2 + j2);
      ic1 = j1; ic2 = j2;
    }
  } else if (mode === FILTER_BP) {
    for (let i = from; i < to; i++) {
      const x = buf[i];
      const j1 = m11 * ic1 + m12 * ic2 + n1 * x;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * x;
      buf[i] = 0.5 * k * (ic1 + j1);
      ic1 = j1; ic2 = j2;
    }
  } else if (mode === FILTER_HP) {
    for (let i = from; i < to; i++) {
      const x = buf[i];
      const j1 = m11 * ic1 + m12 * ic2 + n1 * x;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * x;
      buf[i] = x - 0.5 * k * (ic1 + j1) - 0.5 * (ic2 + j2);
      ic1 = j1; ic2 = j2;
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

/** Half-band interpolator taps per side; latency of the 2× upsampler in output samples is 2·UP_K. */
export const UP_K = 8;
const UP_TAPS = (() => {
  const h = new Float64Array(2 * UP_K);
  let sum = 0;
  for (let k = 0; k < 2 * UP_K; k++) {
    const t = k - (UP_K - 0.5);
    const w = 0.42 + 0.5 * Math.cos((Math.PI * t) / (UP_K + 0.5)) + 0.08 * Math.cos((2 * Math.PI * t) / (UP_K + 0.5)); // Blackman
    h[k] = (Math.sin(Math.PI * t) / (Math.PI * t)) * w;
    sum += h[k];
  }
  for (let k = 0; k < 2 * UP_K; k++) h[k] /= sum;
  return h;
})();

/**
 * 2× upsampler for the half-rate voices (pads and drones, low-passed well under a quarter of the
 * sample rate): out[2n] = x[n − K], out[2n+1] = windowed-sinc midpoint of x[n − K] and x[n − K + 1].
 */
export class Upsampler2 {
  private readonly buf = new Float64Array(2 * UP_K + BLOCK);

  /** Upsamples x[0..BLOCK) into out[0..2·BLOCK). */
  process(x: Float64Array, out: Float64Array): void {
    const buf = this.buf, H = 2 * UP_K;
    buf.set(x, H);
    const h0 = UP_TAPS[0], h1 = UP_TAPS[1], h2 = UP_TAPS[2], h3 = UP_TAPS[3], h4 = UP_TAPS[4], h5 = UP_TAPS[5], h6 = UP_TAPS[6], h7 = UP_TAPS[7];
    for (let n = 0; n < BLOCK; n++) {
      // x[n − 2K + 1 + k] is buf[n + 1 + k]; the taps are symmetric (h[k] = h[2K − 1 − k])
      const b = n + 1;
      const mid =
        h0 * (buf[b] + buf[b + 15]) + h1 * (buf[b + 1] + buf[b + 14]) + h2 * (buf[b + 2] + buf[b + 13]) + h3 * (buf[b + 3] + buf[b + 12]) +
        h4 * (buf[b + 4] + buf[b + 11]) + h5 * (buf[b + 5] + buf[b + 10]) + h6 * (buf[b + 6] + buf[b + 9]) + h7 * (buf[b + 7] + buf[b + 8]);
      out[2 * n] = buf[n + UP_K];
      out[2 * n + 1] = mid;
    }
    buf.copyWithin(0, BLOCK, BLOCK + H);
  }
}

/**
 * 2× decimator, the upsampler's half-band filter halved (centre tap ½, odd taps UP_TAPS / 2):
 * each call takes one block and adds BLOCK / 2 output samples, latency 2·UP_K − 1 input samples.
 */
export class Decimator2 {
  private readonly buf = new Float64Array(4 * UP_K - 2 + BLOCK);

  /** Adds the decimated x[0..BLOCK) into out[at .. at + BLOCK / 2). */
  addInto(x: Float64Array, out: Float64Array, at: number): void {
    const buf = this.buf, H = 4 * UP_K - 2;
    buf.set(x, H);
    const h0 = 0.5 * UP_TAPS[0], h1 = 0.5 * UP_TAPS[1], h2 = 0.5 * UP_TAPS[2], h3 = 0.5 * UP_TAPS[3], h4 = 0.5 * UP_TAPS[4], h5 = 0.5 * UP_TAPS[5], h6 = 0.5 * UP_TAPS[6], h7 = 0.5 * UP_TAPS[7];
    for (let j = 0; j < BLOCK / 2; j++) {
      // y = ½·x[m − 15] + Σk ½·h[k]·x[m − 2k] for the newest input m = H + 2j + 1; b = m − 30
      const b = 2 * j + 1;
      out[at + j] += 0.5 * buf[b + 15] +
        h0 * (buf[b] + buf[b + 30]) + h1 * (buf[b + 2] + buf[b + 28]) + h2 * (buf[b + 4] + buf[b + 26]) + h3 * (buf[b + 6] + buf[b + 24]) +
        h4 * (buf[b + 8] + buf[b + 22]) + h5 * (buf[b + 10] + buf[b + 20]) + h6 * (buf[b + 12] + buf[b + 18]) + h7 * (buf[b + 14] + buf[b + 16]);
    }
    buf.copyWithin(0, BLOCK, BLOCK + H);
  }
}
