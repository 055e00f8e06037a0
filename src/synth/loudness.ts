/**
 * ITU-R BS.1770-4 loudness: K-weighting (high shelf + RLB high-pass) designed at the actual sample
 * rate from the analogue prototype (the same derivation libebur128 uses, giving the standard's
 * published 48 kHz coefficients), 400 ms blocks with 75 % overlap, −70 LUFS absolute and −10 LU
 * relative gates. True peak from ./truepeak.
 */
import { truePeak } from './truepeak';

export interface LoudnessResult {
  /** −Infinity for silence (every block below the absolute gate). */
  integratedLufs: number;
  truePeakDb: number;
  momentaryMaxLufs: number;
}

export interface Biquad {
  b0: number; b1: number; b2: number; a1: number; a2: number;
}

export function kWeighting(sampleRate: number): [Biquad, Biquad] {
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + K / Q + K * K;
  const highpass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  return [shelf, highpass];
}

/**
 * Adds the K-weighted energy of two channels into 100 ms segment sums. Both channels run in one
 * loop: each filter is a serial dependency chain, and two independent chains overlap in the CPU.
 * (A lone channel is passed as its own partner with weight 0.)
 */
function accumulatePair(x: Float32Array, y: Float32Array, wx: number, wy: number, sampleRate: number, segLen: number, segs: Float64Array): void {
  const [s, h] = kWeighting(sampleRate);
  const { b0, b1, b2, a1, a2 } = s;
  const c1 = h.a1, c2 = h.a2;
  let z1 = 0, z2 = 0, w1 = 0, w2 = 0;
  let q1 = 0, q2 = 0, r1 = 0, r2 = 0;
  const nSegs = segs.length;
  for (let seg = 0, i = 0; seg < nSegs; seg++) {
    let accX = 0, accY = 0;
    for (const end = i + segLen; i < end; i++) {
      // transposed direct form II, two sections per channel
      const v = x[i];
      const t = b0 * v + z1;
      z1 = b1 * v - a1 * t + z2;
      z2 = b2 * v - a2 * t;
      const u = t + w1;
      w1 = -2 * t - c1 * u + w2;
      w2 = t - c2 * u;
      accX += u * u;
      const v2 = y[i];
      const t2 = b0 * v2 + q1;
      q1 = b1 * v2 - a1 * t2 + q2;
      q2 = b2 * v2 - a2 * t2;
      const u2 = t2 + r1;
      r1 = -2 * t2 - c1 * u2 + r2;
      r2 = t2 - c2 * u2;
      accY += u2 * u2;
    }
    segs[seg] += accX * wx + accY * wy;
  }
}

export function measureLoudness(channels: Float32Array[], sampleRate: number): LoudnessResult {
  const { integratedLufs, momentaryMaxLufs } = gatedLoudness(channels, sampleRate);
  let peak = 0;
  for (const ch of channels) peak = Math.max(peak, truePeak(ch));
  return { integratedLufs, truePeakDb: peak > 0 ? 20 * Math.log10(peak) : -Infinity, momentaryMaxLufs };
}

/** Integrated (gated) and maximum momentary loudness, without the true-peak scan. */
export function gatedLoudness(channels: Float32Array[], sampleRate: number): { integratedLufs: number; momentaryMaxLufs: number } {
  if (channels.length === 0) throw new Error('measureLoudness needs at least one channel');
  const len = channels[0].length;
  const segLen = Math.round(sampleRate / 10);
  const nSegs = Math.floor(len / segLen);
  const segs = new Float64Array(nSegs);
  // BS.1770 weights: 1 for L/R/C, 1.41 for surrounds (5.1 order L R C LFE Ls Rs; LFE excluded).
  const weighted = channels
    .map((ch, c) => ({ ch, w: channels.length === 6 ? [1, 1, 1, 0, 1.41, 1.41][c] : 1 }))
    .filter((x) => x.w > 0);
  for (const { ch } of weighted) if (ch.length !== len) throw new Error('measureLoudness: channels differ in length');
  for (let k = 0; k < weighted.length; k += 2) {
    const a = weighted[k], b = weighted[k + 1] ?? { ch: a.ch, w: 0 };
    accumulatePair(a.ch, b.ch, a.w, b.w, sampleRate, segLen, segs);
  }
  const nBlocks = nSegs - 3;
  const blockLen = 4 * segLen;
  const z = new Float64Array(Math.max(0, nBlocks));
  let momentaryMax = -Infinity;
  for (let j = 0; j < nBlocks; j++) {
    z[j] = (segs[j] + segs[j + 1] + segs[j + 2] + segs[j + 3]) / blockLen;
    momentaryMax = Math.max(momentaryMax, lufs(z[j]));
  }
  const absGate = Math.pow(10, (-70 + 0.691) / 10);
  let sum = 0, n = 0;
  for (let j = 0; j < nBlocks; j++) if (z[j] > absGate) { sum += z[j]; n++; }
  let integrated = -Infinity;
  if (n > 0) {
    const relGate = (sum / n) * 0.1; // −10 LU
    let s2 = 0, n2 = 0;
    for (let j = 0; j < nBlocks; j++) if (z[j] > absGate && z[j] > relGate) { s2 += z[j]; n2++; }
    integrated = n2 > 0 ? lufs(s2 / n2) : -Infinity;
  }
  return { integratedLufs: integrated, momentaryMaxLufs: momentaryMax };
}

function lufs(meanSquare: number): number {
  return meanSquare > 0 ? -0.691 + 10 * Math.log10(meanSquare) : -Infinity;
}
