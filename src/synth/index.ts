/**
 * Arrangement → audio. `renderArrangement` renders note events sample-accurately (128-sample
 * blocks), mixes through reverb/delay sends and a glue compressor, applies the duck automation
 * and fades, normalises to a BS.1770-4 integrated loudness and true-peak limits the result.
 * It is built from two streamed passes that a caller can also drive itself, so a long render
 * never sits in memory: `renderArrangementBlocks` (pass 1, chunks to a sink, metered) and
 * `finalise` (pass 2: gain, limiter, meters; chunks in, chunks out).
 * `measureLoudness` is the meter it uses. `seededRandom` is the deterministic PRNG (keyed by a
 * string) the synth uses for noise; other layers may reuse it.
 */
export { renderArrangement, renderArrangementSteps, renderArrangementBlocks, renderArrangementBlocksSteps, ArrangementRenderer, ArrangementError } from './render';
export { StemRenderer, SideTape, MIX_PASS_TRACKS } from './stem-render';
export type { RenderOptions, RenderResult, Stereo, BlocksResult, ChunkSource } from './render';
export { finalise, finaliseSteps, drain, CHUNK, TruePeakMeter } from './finalise';
export type { ChunkReader, ChunkWriter, FinaliseOptions } from './finalise';
export { LoudnessMeter, MeterTape } from './loudness';
export { measureLoudness } from './loudness';
export type { LoudnessResult } from './loudness';
export { truePeak } from './truepeak';
export { seededRandom, hashString } from './random';
