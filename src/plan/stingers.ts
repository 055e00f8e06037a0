import type { StingerStyle, Stinger } from './types';
import { seededRandom } from './random';

/**
 * Stingers whose transient lands on a cut's sample. Pre-roll styles (risers, swells, whooshes)
 * must not start inside another stinger: overlapping builds smear both hits, so a pre-roll is
 * shortened, demoted to a plain impact, or the stinger dropped.
 */
export interface StingerCut {
  index: number;
  sample: number;
  frame: number;
  energy: number;
}

export interface StingerOptions {
  seed: number;
  sampleRate: number;
  lengthSamples: number;
  /** The preset's/brief's preferred style. */
  preferred: StingerStyle;
  /**
   * Spans [start, end) where the duck is below 0 dB (look-ahead, depth, hold and release): a hit
   * there comes out lower than the bed around it, so it is dropped; a pre-roll starting there is
   * started after it (or the stinger becomes a plain hit).
   */
  avoid?: Array<{ start: number; end: number }>;
  /** Told about each stinger dropped because its hit lands in the duck. */
  onSkip?: (cut: StingerCut, span: { start: number; end: number }) => void;
}

const PRE_ROLL_SEC: Record<StingerStyle, number> = { impact: 0, 'tonal-hit': 0, riser: 2, 'reverse-swell': 1.5, whoosh: 0.6 };
const TAIL_SEC: Record<StingerStyle, number> = { impact: 1.8, 'tonal-hit': 2.5, riser: 0.6, 'reverse-swell': 0.4, whoosh: 0.5 };
/** Below this a pre-roll is a click, not a build. */
const MIN_PRE_ROLL_SEC = 0.3;
/** Two hits closer than this are one event to the ear. */
const MIN_GAP_SEC = 0.35;
/** The transient and its first decay must sit at full level: no duck may start this soon after a hit. */
const HIT_BODY_SEC = 0.35;

export function planStingers(cuts: StingerCut[], o: StingerOptions): Stinger[] {
  const sr = o.sampleRate;
  const out: Stinger[] = [];
  for (const cut of [...cuts].sort((a, b) => a.sample - b.sample)) {
    const prev = out[out.length - 1];
    if (prev && cut.sample - prev.hitSample < MIN_GAP_SEC * sr) continue;
    const body = Math.round(HIT_BODY_SEC * sr);
    const ducked = o.avoid?.find((a) => cut.sample < a.end && cut.sample + body > a.start);
    if (ducked) { o.onSkip?.(cut, ducked); continue; }
    let style = chooseStyle(cut, o);
    let floor = prev ? prev.hitSample + Math.round(MIN_GAP_SEC * sr) : 0;
    // A pre-roll rises out of full-level bed, not out of a duck's release.
    for (const a of o.avoid ?? []) if (a.end <= cut.sample && a.end > floor) floor = a.end;
    let start = cut.sample - Math.round(PRE_ROLL_SEC[style] * sr);
    if (start < floor) start = floor;
    if (style !== 'impact' && style !== 'tonal-hit' && cut.sample - start < MIN_PRE_ROLL_SEC * sr) {
      style = 'impact';
      start = cut.sample;
    }
    const end = Math.min(o.lengthSamples, cut.sample + Math.round(TAIL_SEC[style] * sr));
    // The earlier tail yields to the new pre-roll so spans never overlap.
    if (prev && prev.endSample > start) {
      prev.endSample = start;
      prev.end = start / sr;
    }
    out.push({
      hit: cut.sample / sr, hitSample: cut.sample, start: start / sr, end: end / sr,
      startSample: start, endSample: end, cut: cut.index, style,
    });
  }
  return out;
}

function chooseStyle(cut: StingerCut, o: StingerOptions): StingerStyle {
  const rand = seededRandom(o.seed, 'stinger', cut.frame);
  const r = rand();
  if (cut.energy >= 0.7) return r < 0.6 ? 'impact' : 'riser';
  if (cut.energy <= 0.3) return r < 0.7 ? (o.preferred === 'impact' ? 'reverse-swell' : o.preferred) : 'reverse-swell';
  return r < 0.65 ? o.preferred : r < 0.85 ? 'whoosh' : 'tonal-hit';
}
