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
 * one per way. 100,000 clips make ~4.5 million ways; as objects (with their Options) they lived
 * until their boundary was reached, were promoted, and filled the old generation with garbage
 * (a fifth of the run was garbage collection). prune makes States of the few it keeps.
 */
class Arrivals {
  readonly score: number[] = [];
  readonly bpm: number[] = [];
  readonly prev: State[] = [];
  readonly from: number[] = [];
  readonly bars: number[] = [];
  readonly beatsPerBar: number[] = [];
  readonly outOfRange: boolean[] = [];

  add(score: number, prev: State, from: number, opt: Option): void {
    this.score.push(score);
    this.bpm.push(opt.bpm);
    this.prev.push(prev);
    this.from.push(from);
    this.bars.push(opt.bars);
    this.beatsPerBar.push(opt.beatsPerBar);
    this.outOfRange.push(opt.outOfRange);
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
  const opt: Option = { bars: 0, beatsPerBar: 0, bpm: 0, outOfRange: false };
  for (let n = 0; n < nodes.length - 1; n++) {
    if (onProgress && (n & 255) === 0) onProgress(n / nodes.length);
    const i = nodes[n];
    const from = i === 0 ? start : prune(arrivals[i], i);
    arrivals[i] = undefined;
    if (from.length === 0) continue;
    const boundary = boundaryValue(i, input);
    for (const j of successors(pos, nodes, n, input)) {
      const into = (arrivals[j] ??= new Arrivals());
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
  const end = prune(arrivals[last], last);
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
function prune(ways: Arrivals | undefined, at: number): State[] {
  if (!ways) return [];
  const { score, bpm, from } = ways;
  const order = Array.from({ length: score.length }, (_, k) => k);
  order.sort((a, b) => score[b] - score[a] || bpm[a] - bpm[b] || from[a] - from[b]);
  const kept: State[] = [];
  for (const w of order) {
    let near = false;
    for (const k of kept) if (Math.abs(k.bpm - bpm[w]) <= k.bpm * 0.005) { near = true; break; }
    if (near) continue;
    const opt: Option = { bars: ways.bars[w], beatsPerBar: ways.beatsPerBar[w], bpm: bpm[w], outOfRange: ways.outOfRange[w] };
    kept.push({ score: score[w], bpm: bpm[w], prev: ways.prev[w], from: from[w], at, opt });
    if (kept.length >= BEAM) break;
  }
  return kept;
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
