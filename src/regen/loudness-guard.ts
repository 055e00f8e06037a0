/**
 * Regeneration reuses the previous render's normalisation gain, so kept music stays bit-identical
 * (DESIGN.md). That gain only fits music like the previous render's: regenerating from a render of
 * another sequence, or after an edit that replaced most of the picture, can land far off the
 * target (−7.5 LUFS against −18 was seen). The result is therefore measured (regenerate does that)
 * and a gain that misses the target by more than 1 LU is never kept silently:
 *  - nothing was copied from the previous render: nothing constrains the gain, so the whole score is
 *    rendered again at a corrected gain (loudness follows gain up to the limiter; two corrections
 *    at most), exactly as a fresh score is normalised;
 *  - music was copied: changing the gain would change the copied music, so the miss is reported.
 */
import type { Timeline } from '../timeline/model';
import type { ByteSink } from '../audio/stream';
import { regenerate, regenerateStreamedSteps, type PreviousRender, type RegenOptions, type RegenResult } from './index';
import { drain } from '../synth';

/** How far from the target a regenerated score may measure before it is re-normalised or reported. */
export const LOUDNESS_TOLERANCE_LU = 1;

export function regenerateWithinTarget(timeline: Timeline, prev: PreviousRender, options: RegenOptions = {}): RegenResult {
  return drain(withinTarget(options, function* (o) { return regenerate(timeline, prev, o); }));
}

/** The same with score.wav streamed: `open` starts the file (over, when the score is re-normalised). */
export function regenerateWithinTargetStreamed(timeline: Timeline, prev: PreviousRender, options: RegenOptions, open: () => ByteSink): RegenResult {
  return drain(regenerateWithinTargetStreamedSteps(timeline, prev, options, open));
}

/** regenerateWithinTargetStreamed a step at a time (see regenerateStreamedSteps). */
export function regenerateWithinTargetStreamedSteps(timeline: Timeline, prev: PreviousRender, options: RegenOptions, open: () => ByteSink): Generator<void, RegenResult, void> {
  return withinTarget(options, (o) => regenerateStreamedSteps(timeline, prev, o, open()));
}

function* withinTarget(options: RegenOptions, regen: (options: RegenOptions) => Generator<void, RegenResult, void>): Generator<void, RegenResult, void> {
  let result = yield* regen(options);
  const target = result.plan.targetLufs;
  const miss = (r: RegenResult) => (Number.isFinite(r.integratedLufs) ? r.integratedLufs - target : 0);
  for (let tries = 0; tries < 2 && Math.abs(miss(result)) > LOUDNESS_TOLERANCE_LU && result.copied.length === 0; tries++) {
    result = yield* regen({ ...options, gainDb: result.gainDb - miss(result) });
  }
  const off = miss(result);
  if (Math.abs(off) > LOUDNESS_TOLERANCE_LU) {
    const warning = result.copied.length
      ? `the regenerated score measures ${result.integratedLufs.toFixed(1)} LUFS, ${Math.abs(off).toFixed(1)} LU ${off > 0 ? 'above' : 'below'} the target ${target}: the previous render's gain no longer fits this edit; score the sequence again for a fresh normalisation`
      : `the regenerated score measures ${result.integratedLufs.toFixed(1)} LUFS against the target ${target} even after re-normalising`;
    result.warnings.push(warning);
    result.plan.warnings.push(warning);
  }
  return result;
}
