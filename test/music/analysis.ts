import { kWeighting } from '../../src/synth/loudness';

/**
 * Measures for composition tests, on rendered audio: K-weighted (BS.1770) power so levels read
 * in LUFS/LU, short-term loudness (3 s windows), level moves across an instant.
 */
export type Stereo = [Float32Array, Float32Array];

/** K-weighted power per sample, channels summed (BS.1770 weights 1 for L and R). */
export function kPower(mix: Stereo, sr: number): Float64Array {
  const [shelf, hp] = kWeighting(sr);
  const out = new Float64Array(mix[0].length);
  for (const ch of mix) {
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
    for (let i = 0; i < ch.length; i++) {
      const x = ch[i];
      const y = shelf.b0 * x + shelf.b1 * x1 + shelf.b2 * x2 - shelf.a1 * y1 - shelf.a2 * y2;
      x2 = x1; x1 = x; 
      const z = hp.b0 * y + hp.b1 * y1 + hp.b2 * y2 - hp.a1 * z1 - hp.a2 * z2;
      y2 = y1; y1 = y; z2 = z1; z1 = z;
      out[i] += z * z;
    }
  }
  return out;
}

/** Prefix sums so any span's mean power is O(1). */
export function prefix(power: Float64Array): Float64Array {
  const p = new Float64Array(power.length + 1);
  for (let i = 0; i < power.length; i++) p[i + 1] = p[i] + power[i];
  return p;
}

export function lufs(pre: Float64Array, a: number, b: number): number {
  const lo = Math.max(0, Math.floor(a)), hi = Math.min(pre.length - 1, Math.floor(b));
  if (hi <= lo) return -Infinity;
  const mean = (pre[hi] - pre[lo]) / (hi - lo);
  return mean > 0 ? -0.691 + 10 * Math.log10(mean) : -Infinity;
}

/** Plain RMS level in dBFS of both channels over [a, b). */
export function rmsDb(mix: Stereo, a: number, b: number): number {
  let s = 0;
  const lo = Math.max(0, a), hi = Math.min(mix[0].length, b);
  for (let i = lo; i < hi; i++) s += mix[0][i] * mix[0][i] + mix[1][i] * mix[1][i];
  return 10 * Math.log10(s / Math.max(1, 2 * (hi - lo)) + 1e-20);
}

/**
 * Short-term loudness (3 s windows, 1 s hop) outside the given spans: values of windows that
 * overlap no span, above −70 LUFS.
 */
export function shortTerm(pre: Float64Array, sr: number, exclude: Array<[number, number]>): number[] {
  const out: number[] = [];
  const w = 3 * sr;
  for (let a = 0; a + w <= pre.length - 1; a += sr) {
    if (exclude.some(([s, e]) => a < e && a + w > s)) continue;
    const l = lufs(pre, a, a + w);
    if (l > -70) out.push(l);
  }
  return out;
}

export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** How far the level jumps at `at`: dB of the window after minus the window before (positive = louder). */
export function levelMove(pre: Float64Array, at: number, win: number): number {
  return lufs(pre, at, at + win) - lufs(pre, at - win, at);
}
