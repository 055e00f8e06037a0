import type { Timeline } from '../timeline/model';

/**
 * Which cuts are scene changes. Editors mark them by rhythm more than by label: a cut out of a shot
 * much longer than its neighbours, a change of cutting pace, a gap to black, or a marker named like
 * a structural point next to the cut.
 */
const STRUCTURE_MARKER = /\b(scene|section|act|drop|build|chapter|part|sequence|intro|outro|chorus|verse)\b/i;

export interface SceneInput {
  /** Cut times in ticks from the sequence start, sorted. */
  cutTicks: number[];
  range: { start: number; end: number };
  ticksPerFrame: number;
  timeline: Pick<Timeline, 'videoClips' | 'markers'>;
}

export function detectScenes(input: SceneInput): boolean[] {
  const { cutTicks, range } = input;
  const edges = [range.start, ...cutTicks, range.end];
  const shots = edges.slice(1).map((e, i) => e - edges[i]);
  const sorted = [...shots].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const nearTicks = input.ticksPerFrame * 12;
  const covered = coverage(input);
  const structural = input.timeline.markers.filter((m) => STRUCTURE_MARKER.test(`${m.name} ${m.comment}`)).map((m) => m.start).sort((a, b) => a - b);
  let mk = 0;
  return cutTicks.map((t, i) => {
    while (mk < structural.length && structural[mk] < t - nearTicks) mk++;
    const before = shots[i];
    const after = shots[i + 1];
    if (before >= 2.2 * median && before >= after * 1.5) return true;
    if (paceChange(shots, i)) return true;
    if (!covered(t - input.ticksPerFrame) || !covered(t)) return true;
    return mk < structural.length && structural[mk] <= t + nearTicks;
  });
}

/** Mean shot length over three shots on each side differs by more than 2x. */
function paceChange(shots: number[], i: number): boolean {
  if (i < 2 || i + 3 >= shots.length) return false;
  const ratio = (shots[i - 2] + shots[i - 1] + shots[i]) / (shots[i + 1] + shots[i + 2] + shots[i + 3]);
  return ratio > 2 || ratio < 0.5;
}

/**
 * Whether opaque picture covers a time: a gap right before or after a cut means the edit went to
 * black. Merged intervals, binary search: O(log n) per cut.
 */
function coverage(input: SceneInput): (x: number) => boolean {
  const spans = input.timeline.videoClips
    .filter((c) => c.enabled && c.coverage !== 'overlay' && c.end > c.start)
    .map((c) => [c.start, c.end] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return () => true;
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return (x) => {
    let lo = 0, hi = merged.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (merged[mid][0] <= x) lo = mid + 1; else hi = mid; }
    return lo > 0 && x < merged[lo - 1][1];
  };
}
