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
  return cutTicks.map((t, i) => {
    const before = shots[i];
    const after = shots[i + 1];
    if (before >= 2.2 * median && before >= after * 1.5) return true;
    if (paceChange(shots, i)) return true;
    if (touchesBlack(t, input)) return true;
    return input.timeline.markers.some((m) => Math.abs(m.start - t) <= nearTicks && STRUCTURE_MARKER.test(`${m.name} ${m.comment}`));
  });
}

/** Mean shot length over three shots on each side differs by more than 2x. */
function paceChange(shots: number[], i: number): boolean {
  const before = shots.slice(Math.max(0, i - 2), i + 1);
  const after = shots.slice(i + 1, i + 4);
  if (before.length < 3 || after.length < 3) return false;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ratio = mean(before) / mean(after);
  return ratio > 2 || ratio < 0.5;
}

/** A gap in the opaque picture right before or after the cut: the edit went to black. */
function touchesBlack(t: number, input: SceneInput): boolean {
  const opaque = input.timeline.videoClips.filter((c) => c.enabled && c.coverage !== 'overlay');
  if (opaque.length === 0) return false;
  const covered = (x: number) => opaque.some((c) => c.start <= x && x < c.end);
  const step = input.ticksPerFrame;
  return !covered(t - step) || !covered(t);
}
