/**
 * 4× oversampled peak detection (BS.1770-4 Annex 2 style): a 12-tap-per-phase windowed-sinc
 * interpolator. Exact evaluation is skipped wherever a cheap bound (local sample peak × the
 * phase's Σ|h|) cannot beat the threshold, which keeps both the meter and the limiter fast.
 */
export const TP_TAPS = 12;
const HALF = TP_TAPS / 2; // taps cover x[n-5] .. x[n+6] for points between x[n] and x[n+1]

/** PHASES[p-1][j] weights x[n - HALF + 1 + j] for the point at n + p/4. */
export const TP_PHASES: Float64Array[] = [1, 2, 3].map((p) => {
  const h = new Float64Array(TP_TAPS);
  let sum = 0;
  for (let j = 0; j < TP_TAPS; j++) {
    const t = p / 4 - (j - HALF + 1);
    const sinc = Math.sin(Math.PI * t) / (Math.PI * t);
    const w = Math.cos((Math.PI * t) / (2 * (HALF + 0.5)));
    h[j] = sinc * w * w;
    sum += h[j];
  }
  for (let j = 0; j < TP_TAPS; j++) h[j] /= sum;
  return h;
});

/** Largest Σ|h| over phases: |interpolated| ≤ TP_GAIN_BOUND × max|x| in the window. */
export const TP_GAIN_BOUND = Math.max(...TP_PHASES.map((h) => h.reduce((s, v) => s + Math.abs(v), 0)));

/**
 * A per-point bound: the points between x[n] and x[n+1] are at most
 * TP_NEAR × max|x[n−1..n+2]| + TP_FAR × max|x| over the rest of the window (largest Σ|h| of the
 * four middle taps and of the eight others, over phases; about 1.63 and 0.29). Where the window
 * holds a loud sample, it still rules out most points around quieter ones.
 */
export const TP_NEAR = Math.max(...TP_PHASES.map((h) => Math.abs(h[4]) + Math.abs(h[5]) + Math.abs(h[6]) + Math.abs(h[7])));
export const TP_FAR = Math.max(...TP_PHASES.map((h) => h.reduce((s, v, j) => (j >= 4 && j <= 7 ? s : s + Math.abs(v)), 0)));

// Phase 3 is phase 1 reversed and phase 2 is symmetric, so pairing x[b+j] with x[b+11-j] gives
// all three points from 18 multiplies instead of 36: y1,3 = (S ± D) / 2.
const H1 = TP_PHASES[0], H2 = TP_PHASES[1];
const P0 = H1[0] + H1[11], P1 = H1[1] + H1[10], P2 = H1[2] + H1[9], P3 = H1[3] + H1[8], P4 = H1[4] + H1[7], P5 = H1[5] + H1[6];
const M0 = H1[0] - H1[11], M1 = H1[1] - H1[10], M2 = H1[2] - H1[9], M3 = H1[3] - H1[8], M4 = H1[4] - H1[7], M5 = H1[5] - H1[6];
const Q0 = H2[0], Q1 = H2[1], Q2 = H2[2], Q3 = H2[3], Q4 = H2[4], Q5 = H2[5];

/** Interpolated |peak| of the three points between x[n] and x[n+1] (zero outside the signal). */
export function interSamplePeak(x: Float32Array, n: number): number {
  const b = n - HALF + 1;
  if (b < 0 || b + TP_TAPS > x.length) return edgePeak(x, b);
  const s0 = x[b] + x[b + 11], s1 = x[b + 1] + x[b + 10], s2 = x[b + 2] + x[b + 9];
  const s3 = x[b + 3] + x[b + 8], s4 = x[b + 4] + x[b + 7], s5 = x[b + 5] + x[b + 6];
  const d0 = x[b] - x[b + 11], d1 = x[b + 1] - x[b + 10], d2 = x[b + 2] - x[b + 9];
  const d3 = x[b + 3] - x[b + 8], d4 = x[b + 4] - x[b + 7], d5 = x[b + 5] - x[b + 6];
  const S = P0 * s0 + P1 * s1 + P2 * s2 + P3 * s3 + P4 * s4 + P5 * s5;
  const D = M0 * d0 + M1 * d1 + M2 * d2 + M3 * d3 + M4 * d4 + M5 * d5;
  const y2 = Q0 * s0 + Q1 * s1 + Q2 * s2 + Q3 * s3 + Q4 * s4 + Q5 * s5;
  const a1 = Math.abs(S + D) * 0.5, a3 = Math.abs(S - D) * 0.5, a2 = Math.abs(y2);
  return a1 > a2 ? (a1 > a3 ? a1 : a3) : a2 > a3 ? a2 : a3;
}

function edgePeak(x: Float32Array, base: number): number {
  let best = 0;
  for (let p = 0; p < 3; p++) {
    const h = TP_PHASES[p];
    let acc = 0;
    for (let j = 0; j < TP_TAPS; j++) {
      const k = base + j;
      if (k >= 0 && k < x.length) acc += h[j] * x[k];
    }
    const a = acc < 0 ? -acc : acc;
    if (a > best) best = a;
  }
  return best;
}

const SKIP_BLOCK = 64;

/** max|x| over block [b, b+SKIP_BLOCK) widened by the filter's reach. */
function blockReachMax(x: Float32Array, b: number): number {
  const lo = b - HALF < 0 ? 0 : b - HALF;
  const hi = Math.min(x.length, b + SKIP_BLOCK + HALF + 1);
  let m = 0;
  for (let k = lo; k < hi; k++) {
    const a = x[k] < 0 ? -x[k] : x[k];
    if (a > m) m = a;
  }
  return m;
}

/**
 * Calls `visit(n, peak)` for every n whose true peak (sample n and the points up to n+1), times
 * `gain`, exceeds `threshold`. Blocks that provably stay below are skipped.
 */
export function scanTruePeaks(x: Float32Array, gain: number, threshold: number, visit: (n: number, peak: number) => void): void {
  const limit = threshold / (gain * TP_GAIN_BOUND);
  for (let b = 0; b < x.length; b += SKIP_BLOCK) {
    if (blockReachMax(x, b) <= limit) continue;
    const end = Math.min(x.length, b + SKIP_BLOCK);
    for (let n = b; n < end; n++) {
      const v = x[n] < 0 ? -x[n] : x[n];
      const p = Math.max(v, interSamplePeak(x, n)) * gain;
      if (p > threshold) visit(n, p);
    }
  }
}

/** True peak (linear) of one channel. */
export function truePeak(x: Float32Array): number {
  let best = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] < 0 ? -x[i] : x[i];
    if (a > best) best = a;
  }
  if (best === 0) return 0;
  for (let b = 0; b < x.length; b += SKIP_BLOCK) {
    if (blockReachMax(x, b) * TP_GAIN_BOUND <= best) continue;
    const end = Math.min(x.length, b + SKIP_BLOCK);
    for (let n = b; n < end; n++) {
      const p = interSamplePeak(x, n);
      if (p > best) best = p;
    }
  }
  return best;
}
