/**
 * Pure conversions between the plan (dB, samples) and what a host stores (levels, ticks).
 *
 * Premiere's Volume "Level" (ExtendScript and UXP) is neither dB nor linear gain:
 *   value = 10^((dB − 15) / 20); 0 dB ↔ 0.17782794, 1.0 ↔ +15 dB; out-of-range writes clamp silently.
 *   Sources (reference §3.8, §9): https://github.com/leancoderkavy/premiere-pro-mcp/issues/262,
 *   https://github.com/leancoderkavy/premiere-pro-mcp/pull/111, https://github.com/leancoderkavy/premiere-pro-mcp/pull/287
 *   (verified on Premiere 26.3.2), and its src/tools/track-targeting.ts dbToPremiereLevel.
 * FCP7 XML's "Audio Levels" Level IS plain linear gain (1.0 = 0 dB, dB = 20·log10(level)):
 *   https://developer.apple.com/library/archive/documentation/AppleApplications/Reference/FinalCutPro_XML/Topics/Topics.html
 *   (fixture gain-12dB.xml: 0.250593 = −12 dB).
 * Keyframe times on a clip are in its SOURCE time: key = inPoint + (sequenceTime − start):
 *   https://github.com/Adobe-CEP/Samples/issues/106 and ThioJoe/Adobe-Apps-Scripts-And-Tools
 *   Add_Effect_Keyframes_At_Transitions.jsx (reference §3.8).
 */
import type { Plan } from '../plan/types';
import { Ticks, assertTicks, framesToTicks, parseTicks, samplesToTicks } from '../time';
import type { PlaceScoreRequest, PlaceStingersRequest } from './adapter';

/** dB → Premiere Volume Level, clamped to Premiere's 0..1 (+15 dB); −∞ → 0. */
export function dbToPremiereLevel(db: number): number {
  if (Number.isNaN(db)) throw new RangeError('gain in dB is NaN');
  if (db === -Infinity) return 0;
  return Math.min(1, Math.pow(10, (db - 15) / 20));
}

/** Premiere Volume Level → dB; 0 → −∞. */
export function premiereLevelToDb(level: number): number {
  if (!(level >= 0)) throw new RangeError(`Premiere level must be ≥ 0 (got ${level})`);
  if (level === 0) return -Infinity;
  return 20 * Math.log10(level) + 15;
}

/** dB → FCP7 XML Audio Levels value (linear gain); −∞ → 0. */
export function dbToFcpLevel(db: number): number {
  if (Number.isNaN(db)) throw new RangeError('gain in dB is NaN');
  if (db === -Infinity) return 0;
  return Math.pow(10, db / 20);
}

/** FCP7 linear gain → dB; 0 → −∞. */
export function fcpLevelToDb(level: number): number {
  if (!(level >= 0)) throw new RangeError(`FCP7 level must be ≥ 0 (got ${level})`);
  return level === 0 ? -Infinity : 20 * Math.log10(level);
}

/** A sequence time as a keyframe time on a clip: clip.inPoint + (sequenceTime − clip.start). */
export function keyframeSourceTicks(clipInPointTicks: Ticks, clipStartTicks: Ticks, sequenceTicks: Ticks): Ticks {
  return assertTicks(clipInPointTicks + (sequenceTicks - clipStartTicks), 'keyframe source time');
}

function scoreStart(plan: Plan): Ticks {
  return parseTicks(plan.sequence.startTicks, 'plan.sequence.startTicks');
}

/**
 * The plan's render as a placeScore/replaceScore request. Plan times are samples from the score
 * start (the sequence In point or 0); sequence ticks = startTicks + samplesToTicks(sample), exact.
 */
export function planToPlaceRequest(plan: Plan, wavPath: string, name = `Cuebed – ${plan.sequence.name}`): PlaceScoreRequest {
  const start = scoreStart(plan);
  const sr = plan.sequence.sampleRate;
  return {
    wavPath,
    name,
    startTicks: String(start),
    durationTicks: String(samplesToTicks(plan.sequence.durationSamples, sr)),
    ducking: plan.ducking.map((k) => ({
      ticks: String(start + samplesToTicks(k.sample, sr)),
      gainDb: Number.isFinite(k.gainDb) ? k.gainDb : null,
    })),
  };
}

/**
 * The plan's stingers as a placeStingers request, one WAV per stinger (`wavPathFor(i)`). The hit is
 * the cut's exact frame tick when the plan names its cut (a sample boundary can fall a fraction of a
 * frame before the cut at 29.97 fps); the file start is the hit minus the stinger's pre-roll.
 */
export function planToStingerRequest(plan: Plan, wavPathFor: (index: number) => string): PlaceStingersRequest {
  const start = scoreStart(plan);
  const sr = plan.sequence.sampleRate;
  return {
    stingers: plan.stingers.map((s, i) => {
      const cut = plan.cuts[s.cut];
      const hit = cut !== undefined ? framesToTicks(cut.frame, plan.sequence.frameRate) : start + samplesToTicks(s.hitSample, sr);
      const fileStart = hit - samplesToTicks(s.hitSample - s.startSample, sr);
      if (fileStart < 0) throw new RangeError(`stinger ${i} would start before the sequence start (pre-roll longer than the time before its cut)`);
      const end = fileStart + samplesToTicks(s.endSample - s.startSample, sr);
      return { wavPath: wavPathFor(i), name: `Cuebed stinger ${i + 1} (${s.style})`, startTicks: String(fileStart), hitTicks: String(hit), endTicks: String(end) };
    }),
  };
}
