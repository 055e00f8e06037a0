import type { DuckKey, Style } from './types';

/**
 * The duck: Volume keyframes that get the bed out of the way of speech.
 *
 * Per merged dialogue region [start, end) the envelope is four keys, linear between them:
 *
 *   0 dB at start − lookahead  →  depth at start − lookahead + attack (≤ start: the first
 *   syllable is never masked)  →  depth held to end + hold (word tails)  →  0 dB after release.
 *
 * Regions closer than `bridge` (≈ 0.8 s: the breath between sentences), or whose release would
 * run into the next region's fade, are merged and the bed stays down between them: pumping up for
 * half a second between lines sounds like a mistake. So the envelope has at most 4 keys per
 * merged region (plus a 0 dB key at sample 0), which suits Premiere's Volume lane.
 */
export interface DuckShape {
  /** Depth under speech in dB (negative). */
  depthDb: number;
  /** The fade starts this long before speech. */
  lookaheadSec: number;
  /** Fade length; never longer than the look-ahead, so depth is reached when speech starts. */
  attackSec: number;
  /** Stay down this long after speech ends before releasing. */
  holdSec: number;
  releaseSec: number;
  /** Gaps between speech shorter than this are held down. */
  bridgeSec: number;
}

export interface DuckOptions extends DuckShape {
  lengthSamples: number;
  sampleRate: number;
}

export const DEFAULT_DUCK: DuckShape = { depthDb: -12, lookaheadSec: 0.3, attackSec: 0.25, holdSec: 0.15, releaseSec: 0.6, bridgeSec: 0.8 };

/**
 * Depth per style: an underscore sits -12 dB under speech; a bed under continuous narration goes
 * deeper; a thematic cue keeps a little more presence; ambient texture is already quiet and
 * dark, and a deep duck would make it vanish.
 */
const STYLE_DEPTH: Record<Style, number> = { underscore: -12, bed: -14, thematic: -11, ambient: -9 };

export function duckShapeFor(style: Style, opts: { duckDb?: number; quietUnderDialogue?: boolean; lookaheadSec?: number; attackSec?: number; holdSec?: number; releaseSec?: number; bridgeSec?: number } = {}): DuckShape {
  const depthDb = opts.duckDb ?? STYLE_DEPTH[style] - (opts.quietUnderDialogue ? 3 : 0);
  if (!(depthDb <= 0) || depthDb < -60) throw new Error(`duck depth must be between -60 and 0 dB (got ${depthDb})`);
  const shape: DuckShape = {
    depthDb,
    lookaheadSec: opts.lookaheadSec ?? DEFAULT_DUCK.lookaheadSec,
    attackSec: opts.attackSec ?? DEFAULT_DUCK.attackSec,
    holdSec: opts.holdSec ?? DEFAULT_DUCK.holdSec,
    releaseSec: opts.releaseSec ?? DEFAULT_DUCK.releaseSec,
    bridgeSec: opts.bridgeSec ?? DEFAULT_DUCK.bridgeSec,
  };
  for (const k of ['lookaheadSec', 'attackSec', 'holdSec', 'releaseSec', 'bridgeSec'] as const) {
    if (!(shape[k] >= 0 && shape[k] <= 10)) throw new Error(`duck ${k} must be between 0 and 10 s (got ${shape[k]})`);
  }
  shape.attackSec = Math.min(shape.attackSec, shape.lookaheadSec);
  return shape;
}

/** Regions (sorted or not) → merged spans the duck holds down. */
export function duckSpans(regions: Array<{ startSample: number; endSample: number }>, o: DuckOptions): Array<{ start: number; end: number }> {
  const sr = o.sampleRate;
  const lookahead = Math.round(o.lookaheadSec * sr);
  const tail = Math.round((o.holdSec + o.releaseSec) * sr);
  const bridge = Math.round(o.bridgeSec * sr);
  const sorted = isSorted(regions) ? regions : [...regions].sort((a, b) => a.startSample - b.startSample);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    if (r.endSample <= r.startSample) continue;
    const prev = merged[merged.length - 1];
    if (prev && (r.startSample - prev.end < bridge || r.startSample - lookahead <= prev.end + tail)) prev.end = Math.max(prev.end, r.endSample);
    else merged.push({ start: r.startSample, end: r.endSample });
  }
  return merged;
}

export function duckKeys(regions: Array<{ startSample: number; endSample: number }>, o: DuckOptions): DuckKey[] {
  const sr = o.sampleRate;
  const lookahead = Math.round(o.lookaheadSec * sr);
  const attack = Math.min(lookahead, Math.round(o.attackSec * sr));
  const hold = Math.round(o.holdSec * sr);
  const release = Math.round(o.releaseSec * sr);
  const merged = duckSpans(regions, o);
  const keys: Array<{ sample: number; gainDb: number }> = [];
  const push = (sample: number, gainDb: number) => {
    const s = Math.max(0, Math.min(o.lengthSamples, sample));
    const last = keys[keys.length - 1];
    if (last && last.sample >= s) last.gainDb = Math.min(last.gainDb, gainDb);
    else keys.push({ sample: s, gainDb });
  };
  if (merged.length === 0 || merged[0].start - lookahead > 0) push(0, 0);
  for (const r of merged) {
    const fadeStart = r.start - lookahead;
    if (fadeStart > 0) push(fadeStart, 0);
    push(fadeStart + attack, o.depthDb);
    const holdEnd = r.end + hold;
    if (holdEnd < o.lengthSamples) {
      push(holdEnd, o.depthDb);
      push(holdEnd + release, 0);
    } else {
      push(o.lengthSamples, o.depthDb);
    }
  }
  return keys.map((k) => ({ time: k.sample / sr, sample: k.sample, gainDb: k.gainDb }));
}

function isSorted(regions: Array<{ startSample: number }>): boolean {
  for (let i = 1; i < regions.length; i++) if (regions[i].startSample < regions[i - 1].startSample) return false;
  return true;
}

/** Gain in dB at a sample, linear between keys (what the synth and the host both do). */
export function gainAt(keys: Array<{ sample: number; gainDb: number }>, sample: number): number {
  if (keys.length === 0) return 0;
  if (sample <= keys[0].sample) return keys[0].gainDb;
  let lo = 1, hi = keys.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (keys[mid].sample < sample) lo = mid + 1; else hi = mid; }
  if (lo >= keys.length) return keys[keys.length - 1].gainDb;
  const a = keys[lo - 1];
  const b = keys[lo];
  return b.sample === a.sample ? b.gainDb : a.gainDb + ((b.gainDb - a.gainDb) * (sample - a.sample)) / (b.sample - a.sample);
}
