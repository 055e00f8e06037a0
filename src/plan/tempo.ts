import { divRoundHalfUp } from '../time/ticks';
import { withinFrame } from './beats';

/**
 * The tempo fit. Sections start at cuts; within a section of L samples we pick a whole number of
 * bars B, so bpm = B·beatsPerBar·60·sr / L and every boundary is a downbeat by construction. A
 * dynamic programme over (boundary, tempo) picks the boundaries and bar counts that put the most
 * cuts within a frame of a beat, while keeping neighbouring tempi close and the tempo in range.
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

interface Option { bars: number; beatsPerBar: number; bpm: number; outOfRange: boolean }
/** A DP state: the best way found to reach boundary `at` ending in a section of tempo `bpm`. */
interface State { score: number; bpm: number; prev: State | null; from: number; at: number; opt: Option | null }

const BEAM = 10;
/** Penalties in units of "one cut hit": what a boundary or tempo change must buy back. */
const TEMPO_SOFT_PCT = 6;

export function fitTempo(input: FitInput): FitSection[] {
  let minLen = input.minLen;
  for (let attempt = 0; attempt < 6; attempt++) {
    const result = runFit({ ...input, minLen });
    if (result) return result;
    minLen = Math.floor(minLen / 2);
  }
  return runFit({ ...input, minLen: 0 }) ?? [];
}

/**
 * Forward DP over boundaries. For each (boundary i, next boundary j, bar option) only the best
 * predecessor state is extended, so the work is O(cuts × successors × options × beam) and each
 * boundary keeps at most BEAM states with distinct tempi.
 */
function runFit(input: FitInput): FitSection[] | null {
  const pos = [0, ...input.cuts, input.length];
  const last = pos.length - 1;
  const states: State[][] = pos.map(() => []);
  states[0] = [{ score: 0, bpm: 0, prev: null, from: -1, at: 0, opt: null }];
  for (let i = 0; i < last; i++) {
    const from = i === 0 ? states[0] : prune(states[i]);
    states[i] = from;
    if (from.length === 0) continue;
    const boundary = boundaryValue(i, input);
    for (const j of successors(pos, i, input)) {
      for (const opt of tempoOptions(pos[j] - pos[i], input)) {
        let best: State = from[0];
        let bestScore = -Infinity;
        for (const s of from) {
          const sc = s.score - changePenalty(s.bpm, opt.bpm);
          if (sc > bestScore) { bestScore = sc; best = s; }
        }
        const gain = hitsInside(pos, i, j, opt, input) + boundary - tempoPreference(opt, input);
        states[j].push({ score: bestScore + gain, bpm: opt.bpm, prev: best, from: i, at: j, opt });
      }
    }
  }
  const end = prune(states[last]);
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

/** Keeps the best state per distinct tempo (within 0.5%), then the best few overall. */
function prune(list: State[]): State[] {
  list.sort((a, b) => b.score - a.score || a.bpm - b.bpm || a.from - b.from);
  const kept: State[] = [];
  for (const s of list) {
    let near = false;
    for (const k of kept) if (Math.abs(k.bpm - s.bpm) <= k.bpm * 0.005) { near = true; break; }
    if (near) continue;
    kept.push(s);
    if (kept.length >= BEAM) break;
  }
  return kept;
}

function successors(pos: number[], i: number, input: FitInput): number[] {
  const last = pos.length - 1;
  const out: number[] = [];
  for (let j = i + 1; j <= last; j++) {
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

function tempoOptions(len: number, input: FitInput): Option[] {
  if (input.unmeasured) return [{ bars: Math.max(1, Math.round(len / (input.sampleRate * 5))), beatsPerBar: input.beatsPerBar, bpm: 0, outOfRange: false }];
  const whole = barOptions(len, input, input.beatsPerBar);
  // Half-bar phrasing: a 4/4 section may end on a half bar, written as 2/4 (the arranger phrases
  // it in pairs of bars). Only whole even-beat counts that 4/4 cannot reach are added.
  if (input.beatsPerBar === 4) {
    for (const o of barOptions(len, input, 2)) if (o.bars % 2 === 1 && !o.outOfRange) whole.push(o);
  }
  const inRange = whole.filter((o) => !o.outOfRange);
  return inRange.length > 0 ? inRange : whole.filter((o) => o.beatsPerBar === input.beatsPerBar);
}

function barOptions(len: number, input: FitInput, beatsPerBar: number): Option[] {
  const unit = 60 * input.sampleRate;
  const bpmOf = (bars: number) => (bars * beatsPerBar * unit) / len;
  const [lo, hi] = input.bpmRange;
  const barsPerBpm = len / (beatsPerBar * unit);
  const out: Option[] = [];
  for (let b = Math.max(1, Math.ceil(lo * barsPerBpm - 1e-9)); b <= Math.floor(hi * barsPerBpm + 1e-9); b++) {
    out.push({ bars: b, beatsPerBar, bpm: bpmOf(b), outOfRange: false });
  }
  if (out.length > 0) return out;
  // No whole bar count fits: take the nearest ones outside the range and let the plan warn.
  const below = Math.max(1, Math.floor(lo * barsPerBpm));
  const above = Math.max(1, Math.ceil(hi * barsPerBpm));
  for (const b of new Set([below, above])) out.push({ bars: b, beatsPerBar, bpm: bpmOf(b), outOfRange: true });
  return out;
}

function hitsInside(pos: number[], i: number, j: number, opt: Option, input: FitInput): number {
  if (opt.bpm <= 0) return 0;
  const start = pos[i];
  const len = pos[j] - start;
  const n = opt.bars * opt.beatsPerBar;
  let hits = 0;
  for (let c = i + 1; c < j; c++) {
    const k = divRoundHalfUp((pos[c] - start) * n, len);
    const beat = start + divRoundHalfUp(k * len, n);
    if (withinFrame(pos[c], beat, input.sampleRate, input.frameRate)) hits++;
  }
  return hits;
}

/** A section start always hits its cut; scene cuts are where music should turn anyway. */
function boundaryValue(i: number, input: FitInput): number {
  if (i === 0) return 0;
  return input.scene[i - 1] ? 1.5 : 0.85;
}

function tempoPreference(opt: Option, input: FitInput): number {
  if (opt.outOfRange) return 25;
  if (opt.bpm <= 0) return 0;
  const halfBar = opt.beatsPerBar !== input.beatsPerBar ? 0.35 : 0;
  return halfBar + (Math.abs(opt.bpm - input.targetBpm) / input.targetBpm) * 3;
}

function changePenalty(prevBpm: number, bpm: number): number {
  if (prevBpm <= 0 || bpm <= 0) return 0;
  const pct = (Math.abs(bpm - prevBpm) / prevBpm) * 100;
  return pct <= TEMPO_SOFT_PCT ? pct * 0.04 : 0.24 + (pct - TEMPO_SOFT_PCT) * 4;
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
