import { divRoundHalfUp } from '../time/ticks';

/** The minimal shape beat arithmetic needs; a plan Section satisfies it. */
export interface Measured {
  startSample: number;
  endSample: number;
  bars: number;
  beatsPerBar: number;
  bpm: number;
}

/**
 * Beat k of a section sits at start + round(k·L / N) with N = bars·beatsPerBar: exact integer
 * arithmetic, so the beat after the last one is the next section's start to the sample.
 * Unmeasured (bpm 0) sections have no beats.
 */
export function beatSamples(section: Measured): number[] {
  if (section.bpm <= 0) return [];
  const n = section.bars * section.beatsPerBar;
  return evenSplit(section.startSample, section.endSample, n);
}

/** Bar starts; unmeasured sections still split into `bars` even slots for chord changes. */
export function barSamples(section: Measured): number[] {
  return evenSplit(section.startSample, section.endSample, Math.max(1, section.bars));
}

/** Sample of beat `k` (may be fractional: half-beats for eighth notes, etc.). */
export function beatSample(section: Measured, k: number, subdivision = 1): number {
  const n = section.bars * section.beatsPerBar * subdivision;
  const length = section.endSample - section.startSample;
  return section.startSample + divRoundHalfUp(Math.round(k * subdivision) * length, n);
}

function evenSplit(start: number, end: number, n: number): number[] {
  const length = end - start;
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(start + divRoundHalfUp(k * length, n));
  return out;
}

/** True when |a − b| is at most one video frame (num/den fps at sampleRate), compared in integers. */
export function withinFrame(a: number, b: number, sampleRate: number, rate: { num: number; den: number }): boolean {
  return Math.abs(a - b) * rate.num <= sampleRate * rate.den;
}
