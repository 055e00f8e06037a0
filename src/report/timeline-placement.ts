/**
 * What a written-back timeline places, in sequence ticks, computed once from the plan for the
 * three writers (FCP7 XML, FCPXML, OTIO): the score file at the scored range's start, its duck
 * keys, and the stingers. The same arithmetic as the Premiere panel's placeScore request
 * (src/host/levels.ts), so an NLE import and the panel put the score in the same place.
 */
import type { Plan } from '../plan/types';
import type { Ticks } from '../time';
import { planToPlaceRequest, planToStingerRequest } from '../host/levels';

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
  // The panel's own requests, so the arithmetic (start, ducks, hits on the cut's exact frame) is one.
  const score = planToPlaceRequest(plan, scorePath, SCORE_CLIP_NAME);
  const start = Number(score.startTicks);
  return {
    sequenceName: plan.sequence.name,
    sampleRate: plan.sequence.sampleRate,
    score: {
      name: SCORE_CLIP_NAME,
      path: scorePath,
      start,
      end: start + Number(score.durationTicks),
      samples: plan.sequence.durationSamples,
      keys: score.ducking.map((k) => ({ ticks: Number(k.ticks), gainDb: k.gainDb ?? -Infinity })),
    },
    stingers: stingerPath
      ? planToStingerRequest(plan, stingerPath).stingers.map((s, i) => ({
          name: s.name,
          path: s.wavPath,
          start: Number(s.startTicks),
          end: Number(s.endTicks),
          samples: Math.max(1, plan.stingers[i].endSample - plan.stingers[i].startSample),
          hit: Number(s.hitTicks),
        }))
      : [],
  };
}

/** A file path as a file:// URL, the way editing applications write media locations. */
export function fileUrl(absolutePath: string): string {
  const p = absolutePath.replace(/\\/g, '/');
  const withSlash = /^[A-Za-z]:\//.test(p) ? `/${p}` : p;
  return `file://${withSlash.split('/').map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':')).join('/')}`;
}
