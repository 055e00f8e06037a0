export { encodeWav, decodeWav, WavError } from './wav';
export type { BitDepth, CuePoint, WavMetadata, DecodedWav } from './wav';
