import { divRoundHalfUp } from '../time/ticks';

/**
 * What the tempo fit (tempo.ts) weighs: the bar options of a stretch, the cuts a beat grid hits,
 * and the penalties (in units of "one cut hit": what a boundary or tempo change must buy back).
 */
export interface FitInput {
  /** Candidate boundaries: cut samples, sorted, strictly inside (0, length). */
  cuts: number[];
  /** Cuts judged scene changes (same indexing as cuts): preferred boundaries. */
  scene: boolean[];
  length: number;
  sampleRate: number;
  frameRate: { num: number; den: number };
  bpmRange: [number, number];
  /** Soft preference inside the range. */
  targetBpm: number;
  beatsPerBar: number;
  minLen: number;
  maxLen: number;
  /** Ambient: no beats, boundaries only. */
  unmeasured: boolean;
}

export interface Option { bars: number; beatsPerBar: number; bpm: number; outOfRange: boolean }
const TEMPO_SOFT_PCT = 6;

/**
 * The bar options of a stretch of `len` samples, as columns refilled for each stretch: the fit
 * weighs millions of (stretch, option) pairs on 100,000 clips, and an array of Option objects per
 * stretch was a fifth of everything it allocated. In order: the whole bars of the meter in range,
 * then (4/4) the odd half-bar counts in range; when none is in range, the meter's nearest counts
 * outside it.
 */
export class TempoOptions {
  count = 0;
  readonly bars: number[] = [];
  readonly beatsPerBar: number[] = [];
  readonly bpm: number[] = [];
  readonly outOfRange: boolean[] = [];

  fill(len: number, input: FitInput): void {
    this.count = 0;
    if (input.unmeasured) {
      this.add(Math.max(1, Math.round(len / (input.sampleRate * 5))), input.beatsPerBar, 0, false);
      return;
    }
    this.inRange(len, input, input.beatsPerBar, false);
    // Half-bar phrasing: a 4/4 section may end on a half bar, written as 2/4 (the arranger phrases
    // it in pairs of bars). Only whole even-beat counts that 4/4 cannot reach are added.
    if (input.beatsPerBar === 4) this.inRange(len, input, 2, true);
    if (this.count > 0) return;
    // No whole bar count fits: take the nearest ones outside the range and let the plan warn.
    const unit = 60 * input.sampleRate;
    const barsPerBpm = len / (input.beatsPerBar * unit);
    const [lo, hi] = input.bpmRange;
    const below = Math.max(1, Math.floor(lo * barsPerBpm));
    const above = Math.max(1, Math.ceil(hi * barsPerBpm));
    for (const b of below === above ? [below] : [below, above]) this.add(b, input.beatsPerBar, (b * input.beatsPerBar * unit) / len, true);
  }

  /** This option as an Option object (for a test or a kept state). */
  option(k: number): Option {
    return { bars: this.bars[k], beatsPerBar: this.beatsPerBar[k], bpm: this.bpm[k], outOfRange: this.outOfRange[k] };
  }

  private inRange(len: number, input: FitInput, beatsPerBar: number, oddOnly: boolean): void {
    const unit = 60 * input.sampleRate;
    const barsPerBpm = len / (beatsPerBar * unit);
    const [lo, hi] = input.bpmRange;
    for (let b = Math.max(1, Math.ceil(lo * barsPerBpm - 1e-9)); b <= Math.floor(hi * barsPerBpm + 1e-9); b++) {
      if (!oddOnly || b % 2 === 1) this.add(b, beatsPerBar, (b * beatsPerBar * unit) / len, false);
    }
  }

  private add(bars: number, beatsPerBar: number, bpm: number, outOfRange: boolean): void {
    const k = this.count++;
    this.bars[k] = bars;
    this.beatsPerBar[k] = beatsPerBar;
    this.bpm[k] = bpm;
    this.outOfRange[k] = outOfRange;
  }
}

/**
 * Cuts strictly inside the section that lie within a frame of their nearest beat. Each cut is judged
 * against its nearest beat k = round(offset·N / L); when the section holds more cuts than beats, the
 * count walks the beats instead and looks up (binary search) only the cuts within a frame of each,
 * counting a cut only at its own nearest beat, so both walks give the same number and dense cutting
 * costs O(beats) per candidate (see cutIndex) rather than O(cuts).
 */
export function hitsInside(index: CutIndex, i: number, j: number, opt: Option, input: FitInput): number {
  if (opt.bpm <= 0) return 0;
  const { pos, reach, bucket, firstIn } = index;
  const start = pos[i];
  const len = pos[j] - start;
  const n = opt.bars * opt.beatsPerBar;
  // withinFrame(a, b) is |a − b|·num ≤ sr·den; spelt out here, this loop is the planner's hot path.
  const { num, den } = input.frameRate;
  const frame = input.sampleRate * den;
  let hits = 0;
  if (j - i - 1 <= 2 * (n + 1)) {
    for (let c = i + 1; c < j; c++) {
      const beat = start + divRoundHalfUp(divRoundHalfUp((pos[c] - start) * n, len) * len, n);
      if (Math.abs(pos[c] - beat) * num <= frame) hits++;
    }
    return hits;
  }
  // Beats more than two frames apart: a cut within a frame of beat k has k as its nearest beat.
  const spaced = len > (2 * reach + 1) * n;
  // Beat k at start + round(k·len / n), with k·len = q·n + r kept up by addition.
  const step = Math.floor(len / n);
  const rest = len - step * n;
  let q = 0, r = 0;
  for (let k = 0; k <= n; k++, q += step, r += rest) {
    if (r >= n) { r -= n; q++; }
    const beat = start + (2 * r >= n ? q + 1 : q);
    // The first cut at or after beat − reach: its bucket says where to start, a step or two finds it.
    const low = beat - reach;
    let d = low > 0 ? firstIn[Math.floor(low / bucket)] : 0;
    if (d <= i) d = i + 1;
    while (d < j && pos[d] < low) d++;
    for (; d < j && pos[d] <= beat + reach; d++) {
      if (Math.abs(pos[d] - beat) * num <= frame && (spaced || divRoundHalfUp((pos[d] - start) * n, len) === k)) hits++;
    }
  }
  return hits;
}

/**
 * Boundary positions with a bucket table for finding the cuts near a beat in O(1): firstIn[b] is the
 * first index whose position is at or after b·bucket, the bucket being one frame long.
 */
export interface CutIndex { pos: number[]; reach: number; bucket: number; firstIn: Int32Array }

export function cutIndex(pos: number[], input: FitInput): CutIndex {
  const frame = (input.sampleRate * input.frameRate.den) / input.frameRate.num;
  // One frame, widened by a sample so the window never misses a cut the exact test takes.
  const reach = frame + 1;
  const bucket = Math.max(1, Math.floor(frame));
  const last = pos[pos.length - 1];
  const firstIn = new Int32Array(Math.floor(last / bucket) + 2);
  let c = 0;
  for (let b = 0; b < firstIn.length; b++) {
    while (c < pos.length && pos[c] < b * bucket) c++;
    firstIn[b] = c;
  }
  return { pos, reach, bucket, firstIn };
}

/** A section start always hits its cut; scene cuts are where music should turn anyway. */
export function boundaryValue(i: number, input: FitInput): number {
  if (i === 0) return 0;
  return input.scene[i - 1] ? 1.5 : 0.85;
}

export function tempoPreference(opt: Option, input: FitInput): number {
  if (opt.outOfRange) return 25;
  if (opt.bpm <= 0) return 0;
  const halfBar = opt.beatsPerBar !== input.beatsPerBar ? 0.35 : 0;
  return halfBar + (Math.abs(opt.bpm - input.targetBpm) / input.targetBpm) * 3;
}

export function changePenalty(prevBpm: number, bpm: number): number {
  if (prevBpm <= 0 || bpm <= 0) return 0;
  const pct = (Math.abs(bpm - prevBpm) / prevBpm) * 100;
  return pct <= TEMPO_SOFT_PCT ? pct * 0.04 : 0.24 + (pct - TEMPO_SOFT_PCT) * 4;
}

