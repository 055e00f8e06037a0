/**
 * Arrangement → audio. `renderArrangement` renders note events sample-accurately (128-sample
 * blocks), mixes through reverb/delay sends and a glue compressor, applies the duck automation
 * and fades, normalises to a BS.1770-4 integrated loudness and true-peak limits the result.
 * `measureLoudness` is the meter it uses. `seededRandom` is the deterministic PRNG (keyed by a
 * string) the synth uses for noise; other layers may reuse it.
 */
export { renderArrangement, ArrangementError } from './render';
export type { RenderOptions, RenderResult, Stereo } from './render';
export { measureLoudness } from './loudness';
export type { LoudnessResult } from './loudness';
export { truePeak } from './truepeak';
export { seededRandom, hashString } from './random';
