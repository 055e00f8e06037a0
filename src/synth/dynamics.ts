/**
 * Gain stages after the bus. All of them produce gain curves rather than processing audio, so
 * the same per-sample gain can be applied to the mix and to every stem (stems then sum exactly).
 */
import { BLOCK } from './dsp';

/**
 * Gentle glue: 2:1 above −18 dBFS (RMS detector, 10 ms attack / 250 ms release, 6 dB soft knee).
 * The gain target is computed once per block and ramped linearly across the next block, so the
 * gain curve is continuous.
 */
export class BusCompressor {
  private env = 0;
  private gain = 1;
  private readonly atk: number;
  private readonly rel: number;

  constructor(sampleRate: number, private readonly thresholdDb = -18, private readonly ratio = 2, private readonly kneeDb = 6) {
    this.atk = 1 - Math.exp(-1 / (0.01 * sampleRate));
    this.rel = 1 - Math.exp(-1 / (0.25 * sampleRate));
  }

  /** Fills gain[0..BLOCK) for the block L/R (unchanged). */
  process(L: Float64Array, R: Float64Array, gain: Float64Array): void {
    const B = BLOCK;
    let e = this.env;
    const atk = this.atk, rel = this.rel;
    // e + (x − e)·c as e·(1 − c) + x·c: the detector's chain is one multiply and one add
    const ka = 1 - atk, kr = 1 - rel;
    for (let i = 0; i < B; i++) {
      const x = (L[i] * L[i] + R[i] * R[i]) * 0.5;
      e = x > e ? e * ka + x * atk : e * kr + x * rel;
    }
    this.env = e;
    const level = e > 1e-12 ? 10 * Math.log10(e) : -120;
    const over = level - this.thresholdDb;
    const half = this.kneeDb / 2;
    let reduction = 0;
    if (over > half) reduction = over * (1 - 1 / this.ratio);
    else if (over > -half) reduction = ((over + half) * (over + half)) / (2 * this.kneeDb) * (1 - 1 / this.ratio);
    const target = Math.pow(10, -reduction / 20);
    const g0 = this.gain, step = (target - g0) / B;
    for (let i = 0; i < B; i++) gain[i] = g0 + step * (i + 1);
    this.gain = target;
  }
}

export interface DuckKey {
  sample: number;
  gainDb: number;
}

/** Duck automation: linear in dB between keys, held flat before the first and after the last. */
export function duckDbAt(keys: DuckKey[], n: number, hint: { i: number }): number {
  if (keys.length === 0) return 0;
  if (n <= keys[0].sample) return keys[0].gainDb;
  const last = keys[keys.length - 1];
  if (n >= last.sample) return last.gainDb;
  let i = hint.i;
  if (i >= keys.length - 1 || keys[i].sample > n) i = 0;
  while (keys[i + 1].sample <= n) i++;
  hint.i = i;
  const a = keys[i], b = keys[i + 1];
  return a.gainDb + ((b.gainDb - a.gainDb) * (n - a.sample)) / (b.sample - a.sample);
}

/**
 * Multiplies gain[0..count) by the duck automation for samples start..start+count. A block lying
 * in one flat or sloped segment needs no per-sample pow: its gains form a geometric sequence.
 */
export function applyDuck(keys: DuckKey[], start: number, count: number, gain: Float64Array, hint: { i: number }): void {
  if (keys.length === 0) return;
  const d0 = duckDbAt(keys, start, hint);
  const d1 = duckDbAt(keys, start + count - 1, hint);
  const i0 = segmentOf(keys, start), i1 = segmentOf(keys, start + count - 1);
  if (i0 === i1) {
    if (d0 === 0 && d1 === 0) return;
    let g = Math.pow(10, d0 / 20);
    const r = count > 1 ? Math.pow(10, (d1 - d0) / 20 / (count - 1)) : 1;
    for (let i = 0; i < count; i++) { gain[i] *= g; g *= r; }
    return;
  }
  for (let i = 0; i < count; i++) gain[i] *= Math.pow(10, duckDbAt(keys, start + i, hint) / 20);
}

function segmentOf(keys: DuckKey[], n: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid].sample <= n) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Smoothstep fades; the fade-out reaches exactly 0 on the last sample (lengthSamples − 1). */
export function applyFades(start: number, count: number, length: number, fadeIn: number, fadeOut: number, gain: Float64Array): void {
  if (fadeIn > 0 && start < fadeIn) {
    for (let i = 0; i < count && start + i < fadeIn; i++) {
      const t = (start + i) / fadeIn;
      gain[i] *= t * t * (3 - 2 * t);
    }
  }
  const foStart = length - fadeOut;
  if (fadeOut > 0 && start + count > foStart) {
    const span = Math.max(1, fadeOut - 1);
    for (let i = Math.max(0, foStart - start); i < count; i++) {
      const t = (length - 1 - (start + i)) / span;
      gain[i] *= t <= 0 ? 0 : t * t * (3 - 2 * t);
    }
  }
}
