/**
 * What a written-back timeline places, in sequence ticks, computed once from the plan for the
 * three writers (FCP7 XML, FCPXML, OTIO): the score file at the scored range's start, its duck
 * keys, and the stingers. The same arithmetic as the Premiere panel's placeScore request
 * (src/host/levels.ts), so an NLE import and the panel put the score in the same place.
 */
import type { Plan } from '../plan/types';
import { Ticks, framesToTicks, parseTicks, samplesToTicks } from '../time';

export interface PlacedKey {
  /** Sequence time (ticks from the sequence start). */
  ticks: Ticks;
  /** −Infinity is silence. */
  gainDb: number;
}

export interface PlacedFile {
  name: string;
  /** Absolute path of the WAV on disk. */
  path: string;
  /** Sequence ticks, half-open [start, end). */
  start: Ticks;
  end: Ticks;
  samples: number;
}

export interface ScorePlacement {
  sequenceName: string;
  sampleRate: number;
  score: PlacedFile & { keys: PlacedKey[] };
  /**
   * Switched off (written disabled): score.wav already holds every planned stinger (the CLI's
   * contract), so the stinger track shows them where they hit and keeps them at hand without
   * doubling them. Switch one on to lift it, or score again with --stingers none for a bed without.
   */
  stingers: Array<PlacedFile & { hit: Ticks }>;
}

/** Clip and track names the writers use; the round-trip readers find the score by them. */
export const SCORE_TRACK_NAME = 'Cuebed';
export const STINGER_TRACK_NAME = 'Cuebed Stingers';
export const SCORE_CLIP_NAME = 'Cuebed score';

/**
 * The placement of a render: `scorePath` is score.wav's absolute path; `stingerPath(i)` the file
 * holding stinger i (omit to place no stingers).
 */
export function placeScore(plan: Plan, scorePath: string, stingerPath?: (index: number) => string): ScorePlacement {
  const sr = plan.sequence.sampleRate;
  const start = parseTicks(plan.sequence.startTicks, 'plan.sequence.startTicks');
  const samples = plan.sequence.durationSamples;
  const placement: ScorePlacement = {
    sequenceName: plan.sequence.name,
    sampleRate: sr,
    score: {
      name: SCORE_CLIP_NAME,
      path: scorePath,
      start,
      end: start + samplesToTicks(samples, sr),
      samples,
      keys: plan.ducking.map((k) => ({ ticks: start + samplesToTicks(k.sample, sr), gainDb: k.gainDb })),
    },
    stingers: [],
  };
  if (stingerPath) {
    plan.stingers.forEach((s, i) => {
      const cut = plan.cuts[s.cut];
      const hit = cut !== undefined ? framesToTicks(cut.frame, plan.sequence.frameRate) : start + samplesToTicks(s.hitSample, sr);
      const fileStart = hit - samplesToTicks(s.hitSample - s.startSample, sr);
      const length = Math.max(1, s.endSample - s.startSample);
      placement.stingers.push({
        name: `Cuebed stinger ${i + 1} (${s.style})`,
        path: stingerPath(i),
        start: fileStart,
        end: fileStart + samplesToTicks(length, sr),
        samples: length,
        hit,
      });
    });
  }
  return placement;
}

/** A file path as a file:// URL, the way editing applications write media locations. */
export function fileUrl(absolutePath: string): string {
  const p = absolutePath.replace(/\\/g, '/');
  const withSlash = /^[A-Za-z]:\//.test(p) ? `/${p}` : p;
  return `file://${withSlash.split('/').map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':')).join('/')}`;
}
