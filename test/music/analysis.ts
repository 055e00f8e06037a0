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

import { fft } from '../../src/report/spectrogram';

const N_FFT = 2048;
const MEL_BANDS = 24;

/** Power spectrum of the mono mix around a sample (Hann window). */
function spectrum(mix: Stereo, at: number): Float64Array {
  const re = new Float64Array(N_FFT), im = new Float64Array(N_FFT);
  for (let i = 0; i < N_FFT; i++) {
    const x = at + i - N_FFT / 2;
    const v = x >= 0 && x < mix[0].length ? 0.5 * (mix[0][x] + mix[1][x]) : 0;
    re[i] = v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N_FFT));
  }
  fft(re, im);
  const p = new Float64Array(N_FFT / 2);
  for (let k = 0; k < N_FFT / 2; k++) p[k] = re[k] * re[k] + im[k] * im[k];
  return p;
}

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);

/**
 * Beat-synchronous features: per beat span, the mean over frames (hop N_FFT/2) of a 12-bin
 * chroma (55 Hz–4 kHz, energy folded to pitch class, normalised) and 24 log-mel band energies
 * (60 Hz–min(10 kHz, Nyquist)).
 */
export function beatFeatures(mix: Stereo, sr: number, beats: number[]): { chroma: number[][]; logmel: number[][]; flux: number[] } {
  const chroma: number[][] = [], logmel: number[][] = [], flux: number[] = [];
  const hi = Math.min(10000, sr / 2 - 100);
  const edges = Array.from({ length: MEL_BANDS + 1 }, (_, i) => mel(60) + ((mel(hi) - mel(60)) * i) / MEL_BANDS);
  const bandOf = new Int16Array(N_FFT / 2).fill(-1);
  const pcOf = new Int16Array(N_FFT / 2).fill(-1);
  for (let k = 1; k < N_FFT / 2; k++) {
    const hz = (k * sr) / N_FFT;
    const m = mel(hz);
    for (let b = 0; b < MEL_BANDS; b++) if (m >= edges[b] && m < edges[b + 1]) bandOf[k] = b;
    if (hz >= 55 && hz <= 4000) pcOf[k] = ((Math.round(12 * Math.log2(hz / 440)) % 12) + 12 + 9) % 12;
  }
  let prevBands: Float64Array | null = null;
  for (let i = 0; i + 1 < beats.length; i++) {
    const c = new Array(12).fill(0), m = new Float64Array(MEL_BANDS);
    let frames = 0, f = 0;
    for (let at = beats[i]; at < beats[i + 1]; at += N_FFT / 2, frames++) {
      const p = spectrum(mix, at);
      const bands = new Float64Array(MEL_BANDS);
      for (let k = 1; k < p.length; k++) { if (pcOf[k] >= 0) c[pcOf[k]] += p[k]; if (bandOf[k] >= 0) bands[bandOf[k]] += p[k]; }
      for (let b = 0; b < MEL_BANDS; b++) {
        m[b] += bands[b];
        if (prevBands) f += Math.max(0, Math.log10(bands[b] + 1e-12) - Math.log10(prevBands[b] + 1e-12));
      }
      prevBands = bands;
    }
    const cs = c.reduce((s, x) => s + x, 0) || 1;
    chroma.push(c.map((x) => x / cs));
    logmel.push([...m].map((x) => 10 * Math.log10(x / Math.max(1, frames) + 1e-12)));
    flux.push(f / Math.max(1, frames));
  }
  return { chroma, logmel, flux };
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/**
 * Share of 4-bar blocks that have a near-verbatim repeat elsewhere in the cue: another block, not
 * overlapping it, whose beat-synchronous chroma AND log-mel both correlate above `threshold` with
 * its own (each dimension centred on the cue's mean, so the cue's shared timbre does not count as
 * repetition): the same notes in the same sound, beat for beat.
 */
export function repeatShare(features: { chroma: number[][]; logmel: number[][] }, blockStarts: number[], beatsPerBlock: number, threshold = 0.8): number {
  const dims = (rows: number[][]) => rows[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
  const mc = dims(features.chroma), mm = dims(features.logmel);
  const vec = (start: number, rows: number[][], mean: number[]) => {
    const v: number[] = [];
    for (let b = start; b < start + beatsPerBlock; b++) rows[b].forEach((x, d) => v.push(x - mean[d]));
    return v;
  };
  const blocks = blockStarts.filter((s) => s + beatsPerBlock <= features.chroma.length)
    .map((s) => ({ s, c: vec(s, features.chroma, mc), m: vec(s, features.logmel, mm) }));
  if (blocks.length < 2) return 0;
  let repeated = 0;
  for (const a of blocks) {
    if (blocks.some((b) => b !== a && Math.abs(b.s - a.s) >= beatsPerBlock && pearson(a.c, b.c) > threshold && pearson(a.m, b.m) > threshold)) repeated++;
  }
  return repeated / blocks.length;
}
