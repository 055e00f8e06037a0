import { boundaryCandidates } from './tempo-dense';
import {
  TempoOptions, boundaryValue, changePenalty, cutIndex, hitsInside, tempoPreference, type FitInput, type Option,
} from './tempo-score';

export type { FitInput } from './tempo-score';

/**
 * The tempo fit. Sections start at cuts; within a section of L samples we pick a whole number of
 * bars B, so bpm = B·beatsPerBar·60·sr / L and every boundary is a downbeat by construction. A
 * dynamic programme over (boundary, tempo) picks the boundaries and bar counts that put the most
 * cuts within a frame of a beat, while keeping neighbouring tempi close and the tempo in range.
 */
export interface FitSection {
  startSample: number;
  endSample: number;
  /** Index of the cut that starts it, -1 for the first. */
  startCut: number;
  bars: number;
  beatsPerBar: number;
  bpm: number;
  outOfRange: boolean;
}

/** A DP state kept by prune: the best way found to reach boundary `at` ending in a section of tempo `bpm`. */
interface State { score: number; bpm: number; prev: State | null; from: number; at: number; opt: Option | null }

/**
 * The ways found into one boundary, not yet pruned, column by column: one object per boundary, not
 * one per way, and reused once its boundary is pruned. 100,000 clips make ~4.5 million ways; as
 * objects (with their Options) they lived until their boundary was reached, were promoted, and
 * filled the old generation with garbage (a fifth of the run was garbage collection). prune makes
 * States of the few it keeps.
 */
class Arrivals {
  count = 0;
  score = new Float64Array(64);
  bpm = new Float64Array(64);
  from = new Int32Array(64);
  bars = new Int32Array(64);
  beatsPerBar = new Int32Array(64);
  outOfRange = new Uint8Array(64);
  readonly prev: Array<State | undefined> = [];

  add(score: number, prev: State, from: number, opt: Option): void {
    const k = this.count++;
    if (k === this.score.length) this.grow();
    this.score[k] = score;
    this.bpm[k] = opt.bpm;
    this.prev[k] = prev;
    this.from[k] = from;
    this.bars[k] = opt.bars;
    this.beatsPerBar[k] = opt.beatsPerBar;
    this.outOfRange[k] = opt.outOfRange ? 1 : 0;
  }

  /** Empty again, holding no States (so pruned-away ways are not kept alive). */
  clear(): void {
    this.prev.fill(undefined, 0, this.count);
    this.count = 0;
  }

  private grow(): void {
    const twice = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.score = twice(this.score);
    this.bpm = twice(this.bpm);
    this.from = twice(this.from);
    this.bars = twice(this.bars);
    this.beatsPerBar = twice(this.beatsPerBar);
    this.outOfRange = twice(this.outOfRange);
  }
}

const BEAM = 10;

/** `onProgress` gets the share of boundaries walked, 0..1 (a retry with shorter sections walks again). */
export function fitTempo(input: FitInput, onProgress?: (fraction: number) => void): FitSection[] {
  let minLen = input.minLen;
  for (let attempt = 0; attempt < 6; attempt++) {
    const result = runFit({ ...input, minLen }, onProgress);
    if (result) return result;
    minLen = Math.floor(minLen / 2);
  }
  return runFit({ ...input, minLen: 0 }, onProgress) ?? [];
}

/**
 * Forward DP over boundaries. For each (boundary i, next boundary j, bar option) only the best
 * predecessor state is extended, so the work is O(boundaries × successors × options × (beam + beats))
 * and each boundary keeps at most BEAM states with distinct tempi. Successors are bounded where the
 * cutting is dense (tempo-dense.ts) and hits are counted per beat there (hitsInside), so the whole fit
 * grows linearly with the sequence.
 */
function runFit(input: FitInput, onProgress?: (fraction: number) => void): FitSection[] | null {
  const pos = [0, ...input.cuts, input.length];
  const last = pos.length - 1;
  const nodes = boundaryCandidates(pos, input);
  const index = cutIndex(pos, input);
  const arrivals: Array<Arrivals | undefined> = new Array(pos.length);
  const start: State[] = [{ score: 0, bpm: 0, prev: null, from: -1, at: 0, opt: null }];
  const options = new TempoOptions();
  const spare: Arrivals[] = [];
  const order = new SortOrder();
  const opt: Option = { bars: 0, beatsPerBar: 0, bpm: 0, outOfRange: false };
  for (let n = 0; n < nodes.length - 1; n++) {
    if (onProgress && (n & 255) === 0) onProgress(n / nodes.length);
    const i = nodes[n];
    const ways = arrivals[i];
    const from = i === 0 ? start : prune(ways, i, order);
    if (ways) {
      ways.clear();
      spare.push(ways);
      arrivals[i] = undefined;
    }
    if (from.length === 0) continue;
    const boundary = boundaryValue(i, input);
    for (const j of successors(pos, nodes, n, input)) {
      const into = (arrivals[j] ??= spare.pop() ?? new Arrivals());
      options.fill(pos[j] - pos[i], input);
      for (let k = 0; k < options.count; k++) {
        // one Option refilled per option: Arrivals copies what it keeps
        opt.bars = options.bars[k];
        opt.beatsPerBar = options.beatsPerBar[k];
        opt.bpm = options.bpm[k];
        opt.outOfRange = options.outOfRange[k];
        let best: State = from[0];
        let bestScore = -Infinity;
        for (const s of from) {
          const sc = s.score - changePenalty(s.bpm, opt.bpm);
          if (sc > bestScore) { bestScore = sc; best = s; }
        }
        const gain = hitsInside(index, i, j, opt, input) + boundary - tempoPreference(opt, input);
        into.add(bestScore + gain, best, i, opt);
      }
    }
  }
  const end = prune(arrivals[last], last, order);
  if (end.length === 0) return null;
  const out: FitSection[] = [];
  for (let st: State | null = end[0]; st && st.opt; st = st.prev) {
    const o = st.opt;
    out.push({
      startSample: pos[st.from], endSample: pos[st.at], startCut: st.from - 1,
      bars: o.bars, beatsPerBar: o.beatsPerBar, bpm: o.bpm, outOfRange: o.outOfRange,
    });
  }
  return out.reverse();
}

/**
 * Keeps the best way per distinct tempo (within 0.5%), then the best few overall. Ties keep the
 * order the ways were found in (the sort is stable).
 */
function prune(ways: Arrivals | undefined, at: number, scratch: SortOrder): State[] {
  if (!ways) return [];
  const { score, bpm, from } = ways;
  const order = scratch.indexes(ways.count);
  order.sort((a, b) => score[b] - score[a] || bpm[a] - bpm[b] || from[a] - from[b]);
  const kept: State[] = [];
  for (const w of order) {
    let near = false;
    for (const k of kept) if (Math.abs(k.bpm - bpm[w]) <= k.bpm * 0.005) { near = true; break; }
    if (near) continue;
    const opt: Option = { bars: ways.bars[w], beatsPerBar: ways.beatsPerBar[w], bpm: bpm[w], outOfRange: ways.outOfRange[w] === 1 };
    kept.push({ score: score[w], bpm: bpm[w], prev: ways.prev[w] as State, from: from[w], at, opt });
    if (kept.length >= BEAM) break;
  }
  return kept;
}

/** 0, 1, … n − 1 to sort, in one buffer for the whole fit (typed-array sort is stable, as Array's). */
class SortOrder {
  private buffer = new Int32Array(256);
  indexes(n: number): Int32Array {
    if (n > this.buffer.length) this.buffer = new Int32Array(Math.max(n, this.buffer.length * 2));
    const order = this.buffer.subarray(0, n);
    for (let k = 0; k < n; k++) order[k] = k;
    return order;
  }
}

function successors(pos: number[], nodes: number[], n: number, input: FitInput): number[] {
  const i = nodes[n];
  const out: number[] = [];
  for (let m = n + 1; m < nodes.length; m++) {
    const j = nodes[m];
    const len = pos[j] - pos[i];
    if (len > input.maxLen) {
      // A stretch with no usable cut: the section simply runs long rather than start off a cut.
      if (out.length === 0) out.push(j);
      break;
    }
    // The final section may not be a stub: the tail would be too short to phrase.
    if (len >= input.minLen) out.push(j);
  }
  return out;
}

/** Largest tempo change between neighbouring measured sections, in percent. */
export function maxTempoChangePct(sections: Array<{ bpm: number }>): number {
  let max = 0;
  for (let i = 1; i < sections.length; i++) {
    const a = sections[i - 1].bpm;
    const b = sections[i].bpm;
    if (a > 0 && b > 0) max = Math.max(max, (Math.abs(b - a) / a) * 100);
  }
  return max;
}
