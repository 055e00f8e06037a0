/**
 * How a mix compares with produced library music, in the figures issue 13 measured produced
 * music by: where the energy sits (below 120 Hz, 120 Hz–2 kHz), how bright (spectral centroid,
 * 85 % rolloff), how noisy versus tonal (spectral flatness), how much the spectrum moves from
 * frame to frame, and how wide the stereo image is (L/R correlation, side/mid overall and at
 * 2–8 kHz) without losing level in a mono fold-down.
 *
 * Pure and deterministic: used by the tests (test/sound/), the bench's report and
 * `--demo-styles`. Frames are Hann-windowed 4096-point FFTs (85 ms at 48 kHz) with a 50 % hop;
 * the per-frame figures (centroid, rolloff, flatness, change) are taken on the mid signal's
 * magnitude spectrum, as librosa computes them (the produced-music table was measured
 * that way: on the Debian wesnoth and hyperrogue tracks this gives centroid median 1,567 Hz and
 * rolloff 2,648 Hz against the table's 1,600 and 2,648). Frames more than 60 dB under the
 * loudest are left out of the per-frame figures (silence and fades say nothing about timbre) but
 * still count in the energy shares.
 */
import { fft } from './spectrogram';

export interface MixFigures {
  /** Share of the total energy below 120 Hz, dB (0 = all of it). */
  lowShareDb: number;
  /** Share of the total energy between 120 Hz and 2 kHz, dB. */
  midShareDb: number;
  /** Median over frames of the magnitude-weighted mean frequency of the mid signal, Hz. */
  centroidHz: number;
  /** Median over frames of the frequency under which 85 % of the magnitude sum lies, Hz. */
  rolloffHz: number;
  /** Median over frames of the power spectrum's geometric/arithmetic mean, dB. */
  flatnessDb: number;
  /**
   * Mean over consecutive frames of Σ|Δ magnitude| / Σ magnitude: 0 for a static tone; noise,
   * room and moving notes raise it (produced music ≥ 0.5).
   */
  spectralChange: number;
  /** Pearson correlation of L and R over the whole signal. */
  correlation: number;
  /** Side energy relative to mid energy, dB (−∞ for mono). */
  sideMidDb: number;
  /** The same between 2 and 8 kHz. */
  sideMidHighDb: number;
  /** Power of the mono fold-down (L+R)/2 relative to the mean of L and R powers, dB (0 = no loss). */
  monoLossDb: number;
}

const SIZE = 4096;
const HOP = SIZE / 2;
const EPS = 1e-20;
/** Power floor for the flatness's log (librosa's amin², so the figures compare with the issue's). */
const FLOOR = 1e-10;

const db = (x: number): number => 10 * Math.log10(Math.max(x, EPS));

/** Figures for a stereo (or mono: pass the same array twice) signal at `sampleRate`. */
export function analyseMix(L: Float32Array | Float64Array, R: Float32Array | Float64Array, sampleRate: number): MixFigures {
  const n = Math.min(L.length, R.length);
  const bins = SIZE / 2 + 1;
  const hz = sampleRate / SIZE;
  const binOf = (f: number): number => Math.min(bins, Math.round(f / hz));
  const b120 = binOf(120), b2k = binOf(2000), b8k = binOf(8000);
  const win = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SIZE);
  const reM = new Float64Array(SIZE), imM = new Float64Array(SIZE);
  const reS = new Float64Array(SIZE), imS = new Float64Array(SIZE);
  const longTerm = new Float64Array(bins);
  let sideHigh = 0, midHigh = 0;
  const frames: Float64Array[] = [];
  const frameEnergy: number[] = [];

  for (let at = 0; at + SIZE <= Math.max(n, SIZE); at += HOP) {
    for (let i = 0; i < SIZE; i++) {
      const l = at + i < n ? L[at + i] : 0, r = at + i < n ? R[at + i] : 0;
      reM[i] = ((l + r) / 2) * win[i]; imM[i] = 0;
      reS[i] = ((l - r) / 2) * win[i]; imS[i] = 0;
    }
    fft(reM, imM);
    fft(reS, imS);
    // per-channel power = mid power + side power (L = M + S, R = M − S: |L|²+|R|² = 2(|M|²+|S|²))
    const mag = new Float64Array(bins);
    let e = 0;
    for (let k = 0; k < bins; k++) {
      const m = reM[k] * reM[k] + imM[k] * imM[k];
      const s = reS[k] * reS[k] + imS[k] * imS[k];
      mag[k] = Math.sqrt(m);
      e += m + s;
      longTerm[k] += m + s;
      if (k >= b2k && k < b8k) { sideHigh += s; midHigh += m; }
    }
    frames.push(mag);
    frameEnergy.push(e);
    if (n <= SIZE) break;
  }

  let total = 0, low = 0, mid = 0;
  for (let k = 1; k < bins; k++) {
    total += longTerm[k];
    if (k < b120) low += longTerm[k];
    else if (k < b2k) mid += longTerm[k];
  }

  let loudest = EPS;
  for (const e of frameEnergy) if (e > loudest) loudest = e;
  const centroids: number[] = [], rolloffs: number[] = [], flatness: number[] = [];
  let change = 0, pairs = 0;
  let prev: Float64Array | null = null;
  frames.forEach((mag, f) => {
    if (frameEnergy[f] < loudest * 1e-6) { prev = null; return; }
    let w = 0, sum = 0, logSum = 0, power = 0;
    for (let k = 1; k < bins; k++) {
      w += mag[k] * k * hz;
      sum += mag[k];
      const p = mag[k] * mag[k] + FLOOR;
      logSum += Math.log(p);
      power += p;
    }
    centroids.push(w / sum);
    let acc = 0, k85 = bins - 1;
    for (let k = 1; k < bins; k++) if ((acc += mag[k]) >= 0.85 * sum) { k85 = k; break; }
    rolloffs.push(k85 * hz);
    flatness.push(db(Math.exp(logSum / (bins - 1)) / (power / (bins - 1))));
    if (prev) {
      let d = 0;
      for (let k = 1; k < bins; k++) d += Math.abs(mag[k] - prev[k]);
      change += d / sum;
      pairs++;
    }
    prev = mag;
  });

  let ll = 0, rr = 0, lr = 0, mm = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    const l = L[i], r = R[i];
    ll += l * l; rr += r * r; lr += l * r;
    const m = (l + r) / 2, s = (l - r) / 2;
    mm += m * m; ss += s * s;
  }
  return {
    lowShareDb: db(low / total),
    midShareDb: db(mid / total),
    centroidHz: median(centroids),
    rolloffHz: median(rolloffs),
    flatnessDb: median(flatness),
    spectralChange: pairs > 0 ? change / pairs : 0,
    correlation: ll > 0 && rr > 0 ? lr / Math.sqrt(ll * rr) : 1,
    sideMidDb: db(ss / Math.max(mm, EPS)),
    sideMidHighDb: db(sideHigh / Math.max(midHigh, EPS)),
    monoLossDb: db(mm / Math.max((ll + rr) / 2, EPS)),
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Issue 13's targets for a produced-sounding mix (the range produced library music spans). */
export const MIX_TARGETS = {
  lowShareDb: [-15, -2.5],
  midShareDb: [-3.6, 0],
  centroidHz: [900, Infinity],
  flatnessDb: [-62, 0],
  correlation: [-1, 0.67],
  sideMidDb: [-7, Infinity],
  monoLossDb: [-1, Infinity],
} as const satisfies Partial<Record<keyof MixFigures, readonly [number, number]>>;

/** The figures that miss MIX_TARGETS, as "name value (target lo..hi)" lines; empty when all hold. */
export function missedTargets(f: MixFigures): string[] {
  const out: string[] = [];
  for (const [k, [lo, hi]] of Object.entries(MIX_TARGETS) as Array<[keyof typeof MIX_TARGETS, readonly [number, number]]>) {
    if (!(f[k] >= lo && f[k] <= hi)) out.push(`${k} ${f[k].toFixed(2)} (target ${lo}..${hi})`);
  }
  return out;
}

/** One line of figures for reports. */
export function formatFigures(f: MixFigures): string {
  return `low ${f.lowShareDb.toFixed(1)} dB, mid ${f.midShareDb.toFixed(1)} dB, centroid ${f.centroidHz.toFixed(0)} Hz, rolloff ${f.rolloffHz.toFixed(0)} Hz, ` +
    `flatness ${f.flatnessDb.toFixed(1)} dB, change ${f.spectralChange.toFixed(2)}, corr ${f.correlation.toFixed(2)}, ` +
    `side/mid ${f.sideMidDb.toFixed(1)} dB (2–8 kHz ${f.sideMidHighDb.toFixed(1)}), mono ${f.monoLossDb.toFixed(2)} dB`;
}

/**
 * Energy share (dB of the total) of each band [lo, hi) Hz in samples from..to of a stereo
 * signal, from the same 4096-point frames: how the bed's energy is spread under one stretch
 * (e.g. the speech band, 300 Hz–4 kHz, under dialogue against the same bed between lines).
 */
export function bandSharesDb(L: Float32Array | Float64Array, R: Float32Array | Float64Array, sampleRate: number, from: number, to: number, bands: Array<[number, number]>): number[] {
  const hz = sampleRate / SIZE, bins = SIZE / 2 + 1;
  const win = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SIZE);
  const re = new Float64Array(SIZE), im = new Float64Array(SIZE);
  const sums = bands.map(() => 0);
  let total = 0;
  for (const ch of [L, R]) {
    for (let at = from; at + SIZE <= to; at += HOP) {
      for (let i = 0; i < SIZE; i++) { re[i] = ch[at + i] * win[i]; im[i] = 0; }
      fft(re, im);
      for (let k = 1; k < bins; k++) {
        const p = re[k] * re[k] + im[k] * im[k], f = k * hz;
        total += p;
        bands.forEach(([lo, hi], b) => { if (f >= lo && f < hi) sums[b] += p; });
      }
    }
  }
  return sums.map((s) => db(s / Math.max(total, EPS)));
}
