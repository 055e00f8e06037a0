export { renderArrangement, ArrangementError } from './render';
export type { RenderOptions, RenderResult, Stereo } from './render';
export { measureLoudness } from './loudness';
export type { LoudnessResult } from './loudness';
export { truePeak } from './truepeak';
export { seededRandom, hashString } from './random';
