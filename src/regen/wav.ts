/**
 * Raw PCM access for regeneration: where the samples of a previous score.wav sit, so kept music is
 * copied byte for byte (never decoded and re-dithered), and the container of the new file (the
 * streaming encoder's header and trailer, cues included) around a data chunk assembled from copied
 * and newly packed pieces.
 */
import { createWavEncoder, type BitDepth, type WavMetadata } from '../audio';
import { chunkSize, riffForm } from '../audio/wav';
import { bytesPerSample, unpackPcm } from '../audio/pcm';

/**
 * Where a previous score.wav's bytes come from: the whole file in memory, or a file read in blocks
 * (src/cli opens one with fs) so a long render is never held whole.
 */
export interface PcmSource {
  /** File size in bytes. */
  size: number;
  /** Bytes [offset, offset + length) (fewer at the end of the file); the caller does not keep them past its next read. */
  read(offset: number, length: number): Uint8Array;
}

export interface PcmView {
  source: PcmSource;
  sampleRate: number;
  channels: number;
  depth: BitDepth;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  frames: number;
  /** Bytes per frame (all channels). */
  frameBytes: number;
}

export function memorySource(bytes: Uint8Array): PcmSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

/** The sample layout of a WAV, read from its chunk headers only (the data is not touched). */
export function readPcm(file: Uint8Array | PcmSource): PcmView {
  const src = file instanceof Uint8Array ? memorySource(file) : file;
  // RIFF, or RF64/BW64 (what score writes beyond 4 GiB) with its 64-bit sizes in ds64
  const form = riffForm(Uint8Array.from(src.read(0, 12 + 8 + 256)));
  if (!form) throw new Error('not a RIFF/WAVE (or RF64/BW64) file');
  let fmtBytes: Uint8Array | null = null, data = -1, dataSize = 0;
  for (let p = 12; p + 8 <= src.size;) {
    const h = src.read(p, 8);
    const id = ascii(h, 0);
    const size = chunkSize(form, id, new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true));
    // a copy (a Buffer's slice() would be a view of the reader's reused buffer)
    if (id === 'fmt ') fmtBytes = Uint8Array.from(src.read(p + 8, Math.min(size, 40)));
    if (id === 'data') { data = p + 8; dataSize = Math.min(size, src.size - data); }
    p += 8 + size + (size & 1);
  }
  if (!fmtBytes || fmtBytes.length < 16 || data < 0) throw new Error('WAV without fmt or data chunk');
  const view = new DataView(fmtBytes.buffer, fmtBytes.byteOffset, fmtBytes.byteLength);
  let format = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const bits = view.getUint16(14, true);
  if (format === 0xfffe && fmtBytes.length >= 26) format = view.getUint16(24, true);
  let depth: BitDepth;
  if (format === 3 && bits === 32) depth = '32f';
  else if (format === 1 && (bits === 16 || bits === 24)) depth = bits;
  else throw new Error(`score.wav is format ${format} at ${bits} bits; regeneration reads 16-bit, 24-bit or 32-bit float renders`);
  const frameBytes = channels * bytesPerSample(depth);
  return { source: src, sampleRate, channels, depth, dataOffset: data, frames: Math.floor(dataSize / frameBytes), frameBytes };
}

/** Float samples of frames [from, to) (clamped to the file), one array per channel. */
export function readFrames(pcm: PcmView, from: number, to: number): Float32Array[] {
  const a = Math.max(0, Math.min(pcm.frames, from));
  const b = Math.max(a, Math.min(pcm.frames, to));
  const bytes = pcm.source.read(pcm.dataOffset + a * pcm.frameBytes, (b - a) * pcm.frameBytes);
  return unpackPcm(bytes, 0, bytes.length, pcm.channels, pcm.depth);
}

/**
 * A WAV to be written front to back: `head` (header, metadata, the data chunk's header), then
 * exactly `dataBytes` of samples, then `tail` (pad byte, cue chunk, trailing metadata).
 */
export interface WavFrame {
  head: Uint8Array;
  dataBytes: number;
  tail: Uint8Array;
}

export function wavFrame(frames: number, channels: number, sampleRate: number, depth: BitDepth, meta: WavMetadata, rf64AboveBytes?: number): WavFrame {
  // the score's own streaming encoder writes the container (metadata, cues after the data; RF64 beyond 4 GiB)
  const e = createWavEncoder({ frames, channels, sampleRate, bitDepth: depth, meta, ditherSeed: null, rf64AboveBytes });
  return { head: e.header, dataBytes: frames * channels * bytesPerSample(depth), tail: e.trailer };
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
