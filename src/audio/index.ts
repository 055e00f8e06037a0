export { encodeWav, decodeWav, createWavEncoder, WavError } from './wav';
export type { BitDepth, CuePoint, WavMetadata, DecodedWav, WavEncoder, WavEncoderOptions } from './wav';
export { streamScore } from './stream';
export type { ScoreStreamIo, ScoreStreamOptions, ScoreStreamResult, TrackSpill, ByteSink } from './stream';
