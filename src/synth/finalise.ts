/**
 * The streaming back end of a render: normalisation gain → true-peak limiter → BS.1770 meter and
 * true-peak meter on what is written. It pulls fixed-size chunks of pre-normalisation audio
 * (mix and stems as one list of tracks) and pushes finished chunks of the same size, holding at
 * most three chunks per track, so a 60-minute render never sits in memory. The gain curve is
 * computed on the mix and applied to every track, so stems keep summing to the mix.
 */
import { dbToGain } from './dsp';
import { LoudnessMeter, LoudnessResult, type MeterTape } from './loudness';
import { TP_FAR, TP_GAIN_BOUND, TP_NEAR, interSamplePeak } from './truepeak';

/** Frames per chunk between the renderer, the finaliser and their sinks. */
export const CHUNK = 4096;

/** Fills tracks[t][0..n) with frames offset..offset+n of each track (mix L, mix R, stems…). */
export type ChunkReader = (offset: number, n: number, tracks: Float32Array[]) => void;
/** Receives finished frames offset..offset+n (views into reused buffers: copy to keep them). */
export type ChunkWriter = (offset: number, n: number, tracks: Float32Array[]) => void;

const HIST = 8;

/**
 * One limiter stage: per-sample required gain from 4× oversampled peaks of the mix (times the
 * stage's input gain), a look-ahead minimum over L samples smoothed by an L-long moving average
 * (so the gain is already down at the peak), then an exponential release.
 */
class LimiterStage {
  private readonly L: number;
  private readonly rel: number;
  private readonly ring: Float64Array;
  private ringSum: number;
  private ringOff = 0;
  private prev = 1;
  private readonly req: Float64Array;
  private readonly det: [Float32Array, Float32Array];
  private readonly hist: [Float32Array, Float32Array];
  readonly gain = new Float64Array(CHUNK);
  /** Largest |x| per 64-sample cell of a detection window (compute). */
  private readonly cells: Float64Array;

  constructor(sampleRate: number, private readonly inGain: number, private readonly aim: number) {
    this.L = Math.max(2, Math.round(0.002 * sampleRate));
    if (CHUNK < this.L + 2 * HIST) throw new Error('limiter look-ahead longer than a chunk');
    this.rel = 1 - Math.exp(-1 / (0.08 * sampleRate));
    this.ring = new Float64Array(this.L).fill(1);
    this.ringSum = this.L;
    this.req = new Float64Array(CHUNK + this.L + 1);
    const len = HIST + CHUNK + this.L + HIST;
    this.det = [new Float32Array(len), new Float32Array(len)];
    this.cells = new Float64Array((len + 63) >> 6);
    this.hist = [new Float32Array(HIST), new Float32Array(HIST)];
  }

  /** True when the gain is exactly 1 and nothing is pending (ring, release). */
  get atRest(): boolean {
    return this.prev === 1 && this.ringSum === this.L;
  }

  /**
   * The chunk needs no gain reduction (the caller proved it from the tape's peaks, the stage
   * being at rest): what compute would do then, without the detection work. Gain stays 1.
   */
  idle(curL: Float32Array, curR: Float32Array, n: number): void {
    for (let c = 0; c < 2; c++) {
      const h = this.hist[c], cur = c === 0 ? curL : curR;
      if (n >= HIST) h.set(cur.subarray(n - HIST, n));
      else { h.copyWithin(0, n); h.set(cur.subarray(0, n), HIST - n); }
    }
  }

  /**
   * Computes gain[0..n) for the chunk cur (n frames) given the next chunk's first frames
   * (nextN valid, zeros beyond). Returns false when the whole chunk is at unity gain.
   */
  compute(curL: Float32Array, curR: Float32Array, n: number, nextL: Float32Array, nextR: Float32Array, nextN: number): boolean {
    const { L, req, det, hist, inGain, aim } = this;
    const la = L + HIST;
    // detection window: [HIST history | n current | la look-ahead], zeros outside the signal
    for (let c = 0; c < 2; c++) {
      const d = det[c], cur = c === 0 ? curL : curR, next = c === 0 ? nextL : nextR;
      d.set(hist[c], 0);
      d.set(cur.subarray(0, n), HIST);
      const k = Math.min(la, nextN);
      d.set(next.subarray(0, k), HIST + n);
      d.fill(0, HIST + n + k, HIST + n + la);
      hist[c].set(d.subarray(n, n + HIST));
    }
    // req[j] for sample j of the chunk (j in [0, n + L)): min over tp(j − 1) and tp(j)
    const reqLen = n + L;
    let any = false;
    const limit = aim / (inGain * TP_GAIN_BOUND);
    const win = det[0].subarray(0, HIST + n + la);
    const winR = det[1].subarray(0, HIST + n + la);
    for (let j = 0; j < reqLen; j++) req[j] = 1;
    const cm = this.cells, lim = HIST + n + la, cells = (lim + 63) >> 6;
    for (let c = 0; c < 2; c++) {
      const x = c === 0 ? win : winR;
      // the largest |x| per 64-sample cell, in one pass (as TruePeakMeter.scan)
      cellMaxima(x, lim, cm);
      for (let b = -1; b < reqLen; b += 64) {
        const e = Math.min(reqLen, b + 64);
        // cheap bound: nothing in reach ([HIST + b − 6, HIST + e + 7), by the cells covering it) can exceed the aim
        const c0 = (HIST + b - 6) >> 6, c1 = Math.min(cells - 1, (HIST + e + 6) >> 6);
        let m = 0;
        for (let q = c0; q <= c1; q++) if (cm[q] > m) m = cm[q];
        if (m <= limit) continue;
        // per point: skip where the middle four samples are too quiet for it (TP_NEAR, TP_FAR)
        const lim = aim / inGain, far = TP_FAR * m;
        let u0 = abs(x[HIST + b - 1]), u1 = abs(x[HIST + b]), u2 = abs(x[HIST + b + 1]);
        for (let j = b; j < e; j++) {
          const u3 = abs(x[HIST + j + 2]);
          const m4 = (u0 > u1 ? u0 : u1) > (u2 > u3 ? u2 : u3) ? (u0 > u1 ? u0 : u1) : (u2 > u3 ? u2 : u3);
          const p0 = u1;
          u0 = u1; u1 = u2; u2 = u3;
          if (m4 * TP_NEAR + far <= lim) continue;
          const isp = interSamplePeak(x, HIST + j);
          const p = (p0 > isp ? p0 : isp) * inGain;
          if (p > aim) {
            const r = aim / p;
            any = true;
            if (j >= 0 && r < req[j]) req[j] = r;
            if (j + 1 < reqLen && r < req[j + 1]) req[j + 1] = r;
          }
        }
      }
    }
    const gain = this.gain;
    if (!any && this.prev === 1 && this.ringSum === L) {
      for (let j = 0; j < n; j++) gain[j] = 1;
      return false;
    }
    // look-ahead minimum over [j, j + L), ascending so req[k] still holds k's own requirement
    if (any) {
      for (let k = 0; k < reqLen; k++) {
        const r = req[k];
        if (r >= 1) continue;
        for (let j = k - L + 1 < 0 ? 0 : k - L + 1; j < k; j++) if (r < req[j]) req[j] = r;
      }
    }
    // moving average over the last L minima + release
    const ring = this.ring, rel = this.rel;
    let sum = this.ringSum, prev = this.prev, off = this.ringOff;
    for (let j = 0; j < n; j++) {
      const m = req[j];
      sum += m - ring[off];
      ring[off] = m;
      if (++off === L) off = 0;
      const avg = sum / L;
      let g = avg < prev ? avg : prev + (avg - prev) * rel;
      if (g > 1 - 1e-9) g = 1;
      gain[j] = g;
      prev = g;
    }
    // resynchronise the running sum once the window is clean, so unity is exact again
    let clean = true;
    for (let k = 0; k < L && clean; k++) if (ring[k] !== 1) clean = false;
    this.ringSum = clean ? L : sum;
    this.prev = prev;
    this.ringOff = off;
    return true;
  }
}

function abs(v: number): number {
  return v < 0 ? -v : v;
}

/** History the true-peak meter keeps: the points it defers to the next push read 11 samples back. */
const TP_HIST = 12;

/** Streaming true peak (4× oversampled) of a stereo signal. */
export class TruePeakMeter {
  private readonly buf: [Float32Array, Float32Array];
  private readonly hist: [Float32Array, Float32Array];
  private filled = 0;
  /** Largest |x| per 64-sample cell of the buffer (scan). */
  private readonly cells: Float64Array;
  peak = 0;

  constructor(maxBlock: number) {
    this.buf = [new Float32Array(maxBlock + 2 * TP_HIST), new Float32Array(maxBlock + 2 * TP_HIST)];
    this.cells = new Float64Array(((maxBlock + 2 * TP_HIST + 63) >> 6) + 1);
    this.hist = [new Float32Array(TP_HIST), new Float32Array(TP_HIST)];
  }

  /** Adds n frames; points that need samples not yet seen wait for the next push (or finish). */
  push(L: Float32Array, R: Float32Array, n: number): void {
    this.scan(L, R, n, false);
  }

  /**
   * Adds n frames known not to raise the peak: every sample of this push and the previous one is
   * at most peak / TP_GAIN_BOUND (the caller proved it), so no point scanned here can beat it.
   */
  skip(L: Float32Array, R: Float32Array, n: number): void {
    for (let c = 0; c < 2; c++) {
      const h = this.hist[c], src = c === 0 ? L : R;
      if (n >= TP_HIST) h.set(src.subarray(n - TP_HIST, n));
      else { h.copyWithin(0, n); h.set(src.subarray(0, n), TP_HIST - n); }
    }
    this.filled += n;
  }

  /** Flushes the last points (zeros after the end); returns the peak in dBTP. */
  finish(): number {
    const z = new Float32Array(0);
    this.scan(z, z, 0, true);
    return this.peak > 0 ? 20 * Math.log10(this.peak) : -Infinity;
  }

  private scan(L: Float32Array, R: Float32Array, n: number, end: boolean): void {
    // buffer = [TP_HIST history | n new]; history samples beyond the first `filled` are zeros
    let best = this.peak;
    for (let c = 0; c < 2; c++) {
      const x = this.buf[c], src = c === 0 ? L : R;
      x.set(this.hist[c], 0);
      x.set(src.subarray(0, n), TP_HIST);
      const total = TP_HIST + n;
      if (end) x.fill(0, total, total + TP_HIST);
      // one pass over the samples: the largest |x| per 64-sample cell, and so the sample peak (the
      // history's samples were counted by the previous push). Blocks below take their reach's
      // bound from the cells it touches instead of scanning it again (pass 2 of the bench's 10
      // minutes with the tape: 299 → 250–277 ms, with the same cells in the limiter 248)
      const lim = end ? total + TP_HIST : total, cells = (lim + 63) >> 6, cm = this.cells;
      const m = cellMaxima(x, lim, cm);
      if (m > best) best = m;
      // inter-sample points between k and k+1 need x[k−5..k+6]: positions TP_HIST−6 .. total−7 now
      // (the first TP_HIST−6 were done by the previous call; TP_HIST ≥ 11 keeps every sample they
      // read in the history), everything at the end
      const from = this.filled === 0 ? 0 : TP_HIST - 6;
      const to = end ? total : total - 6;
      const bound = best / TP_GAIN_BOUND;
      for (let b = from; b < to; b += 64) {
        const e = Math.min(to, b + 64);
        // the cells covering [b − 5, e + 7), where the points of this block read
        const c0 = b < 5 ? 0 : (b - 5) >> 6, c1 = Math.min(cells - 1, (e + 6) >> 6);
        let m = 0;
        for (let q = c0; q <= c1; q++) if (cm[q] > m) m = cm[q];
        if (m <= bound) continue;
        // per point: skip where the middle four samples are too quiet to beat the peak (TP_NEAR,
        // TP_FAR; outside the buffer the signal is zero, as interSamplePeak takes it)
        const far = TP_FAR * m, len = x.length;
        let u0 = b > 0 ? abs(x[b - 1]) : 0, u1 = abs(x[b]), u2 = b + 1 < len ? abs(x[b + 1]) : 0;
        for (let k = b; k < e; k++) {
          const u3 = k + 2 < len ? abs(x[k + 2]) : 0;
          const m4 = (u0 > u1 ? u0 : u1) > (u2 > u3 ? u2 : u3) ? (u0 > u1 ? u0 : u1) : (u2 > u3 ? u2 : u3);
          u0 = u1; u1 = u2; u2 = u3;
          if (m4 * TP_NEAR + far <= best) continue;
          const p = interSamplePeak(x, k);
          if (p > best) best = p;
        }
      }
      this.hist[c].set(x.subarray(total - TP_HIST, total));
    }
    this.filled += n;
    this.peak = best;
  }
}

export interface FinaliseOptions {
  sampleRate: number;
  lengthSamples: number;
  /** Number of tracks: 2 for the mix plus 2 per stem. */
  tracks: number;
  gainDb: number;
  /** Limiter ceiling in dBTP (default −1). */
  truePeakDb?: number;
  onProgress?: (fraction: number) => void;
  /**
   * Pass 1's meter tape of exactly the mix being read (BlocksResult.tape). Where the limiter
   * provably stays at unity, the loudness and true-peak meters then reuse it (gain × what pass 1
   * measured) instead of filtering and scanning again; everywhere else they run exactly.
   * Results agree with a full measurement to ~1e-9 LU and exactly in true peak.
   */
  tape?: MeterTape;
}

/**
 * Gain + limiter + meters, chunk by chunk. `read` is called once per chunk in order, always one
 * chunk ahead of `write` (so in-place use over one buffer is safe). The limiter aims 0.15 dB
 * under the ceiling; gain modulation can still leave a tiny inter-sample overshoot, which the
 * returned true peak shows: callers then run it again over its own output (renderArrangement)
 * or from the spilled pass-1 audio with a lower ceiling (a streaming caller).
 */
export function finalise(opts: FinaliseOptions, read: ChunkReader, write: ChunkWriter): LoudnessResult {
  return drain(finaliseSteps(opts, read, write));
}

/**
 * Runs a render generator to its end. The renders are generators that yield after every chunk so
 * a host without threads (the UXP panel) can run them a few milliseconds at a time and keep its
 * page responsive; everyone else drains them in one go.
 */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** finalise, one chunk per step. */
export function* finaliseSteps(opts: FinaliseOptions, read: ChunkReader, write: ChunkWriter): Generator<void, LoudnessResult, void> {
  const { sampleRate: sr, lengthSamples: N, tracks: T } = opts;
  // 0.15 dB of margin: meters oversample differently (ffmpeg reads up to ~0.1 dB higher on transients)
  const aim = dbToGain((opts.truePeakDb ?? -1) - 0.15);
  const gain = dbToGain(opts.gainDb);
  const stage = new LimiterStage(sr, gain, aim);
  const meter = new LoudnessMeter(sr);
  const tp = new TruePeakMeter(CHUNK);
  const bufs = (): Float32Array[] => Array.from({ length: T }, () => new Float32Array(CHUNK));
  // cur: chunk i; next: chunk i+1 (read ahead as the limiter's look-ahead)
  let next = bufs(), cur = bufs();
  const chunks = Math.ceil(N / CHUNK);
  const size = (i: number): number => (i < chunks ? Math.min(CHUNK, N - i * CHUNK) : 0);
  if (chunks > 0) read(0, size(0), cur);
  const zero = new Float32Array(CHUNK);
  const tape = opts.tape && opts.tape.chunks === chunks ? opts.tape : null;
  // below this (pre-gain sample peak around a chunk) no true peak can reach the limiter's aim
  const quiet = aim / (gain * TP_GAIN_BOUND);
  let prevLimited = true;
  for (let i = 0; i < chunks; i++) {
    const n = size(i), nn = size(i + 1);
    if (nn > 0) read((i + 1) * CHUNK, nn, next);
    const around = tape ? tape.peakAround(i) : Infinity;
    let limited = false;
    if (around < quiet && stage.atRest) stage.idle(cur[0], cur[1], n);
    else limited = stage.compute(cur[0], cur[1], n, nn > 0 ? next[0] : zero, nn > 0 ? next[1] : zero, nn);
    const g = stage.gain;
    for (let t = 0; t < T; t++) {
      const x = cur[t];
      if (limited) for (let j = 0; j < n; j++) x[j] = x[j] * gain * g[j];
      else if (gain !== 1) for (let j = 0; j < n; j++) x[j] *= gain;
    }
    // exact metering where the limiter acts and for one chunk after (its K-filter transient)
    if (tape && !limited && !prevLimited) meter.replay(tape, i, gain);
    else meter.push(cur[0], cur[1], n);
    prevLimited = limited;
    if (tape && gain * around * TP_GAIN_BOUND <= tp.peak) tp.skip(cur[0], cur[1], n);
    else tp.push(cur[0], cur[1], n);
    write(i * CHUNK, n, cur);
    opts.onProgress?.((i + 1) / chunks);
    [cur, next] = [next, cur];
    yield;
  }
  const loud = meter.result();
  return { integratedLufs: loud.integratedLufs, momentaryMaxLufs: loud.momentaryMaxLufs, truePeakDb: tp.finish(), segments: meter.segmentsToEnd() };
}

/** The largest |x| of each 64-sample cell of x[0, lim) into `cells`; returns the largest of all. */
function cellMaxima(x: Float32Array, lim: number, cells: Float64Array): number {
  let best = 0;
  for (let q = 0, k = 0, n = (lim + 63) >> 6; q < n; q++) {
    let m = 0;
    const stop = k + 64 < lim ? k + 64 : lim;
    for (; k < stop; k++) {
      const a = x[k] < 0 ? -x[k] : x[k];
      if (a > m) m = a;
    }
    cells[q] = m;
    if (m > best) best = m;
  }
  return best;
}
