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

/** Interpolated |peak| of the three points between x[n] and x[n+1] (zero outside the signal). */
export function interSamplePeak(x: Float32Array, n: number): number {
  const base = n - HALF + 1;
  let best = 0;
  for (let p = 0; p < 3; p++) {
    const h = TP_PHASES[p];
    let acc = 0;
    if (base >= 0 && base + TP_TAPS <= x.length) {
      for (let j = 0; j < TP_TAPS; j++) acc += h[j] * x[base + j];
    } else {
      for (let j = 0; j < TP_TAPS; j++) {
        const k = base + j;
        if (k >= 0 && k < x.length) acc += h[j] * x[k];
      }
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
