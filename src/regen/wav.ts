/**
 * Raw PCM access for regeneration: where the samples of a previous score.wav sit, so kept music is
 * copied byte for byte (never decoded and re-dithered), and a container for the new file whose
 * header and metadata come from encodeWav and whose data chunk is assembled from copied and newly
 * packed pieces. The cue chunk (sections, stingers) is written here because encodeWav only writes
 * cues together with the samples.
 */
import { encodeWav, type BitDepth, type CuePoint, type WavMetadata } from '../audio';
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
  const head = src.read(0, 12);
  if (head.length < 12 || ascii(head, 0) !== 'RIFF' || ascii(head, 8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmtBytes: Uint8Array | null = null, data = -1, dataSize = 0;
  for (let p = 12; p + 8 <= src.size;) {
    const h = src.read(p, 8);
    const id = ascii(h, 0);
    const size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true);
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

export function wavFrame(frames: number, channels: number, sampleRate: number, depth: BitDepth, meta: WavMetadata): WavFrame {
  const header = encodeWav(Array.from({ length: channels }, () => new Float32Array(0)), sampleRate, depth, { ...meta, cues: [] }, null);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  let dataAt = -1;
  for (let p = 12; p + 8 <= header.length;) {
    const id = ascii(header, p);
    const size = view.getUint32(p + 4, true);
    if (id === 'fact') view.setUint32(p + 8, frames, true);
    if (id === 'data') { dataAt = p; break; }
    p += 8 + size + (size & 1);
  }
  if (dataAt < 0) throw new Error('encodeWav produced no data chunk');
  const prefix = header.subarray(0, dataAt);
  const suffix = header.subarray(dataAt + 8);
  const cues = cueChunks(meta.cues ?? [], frames);
  const dataBytes = frames * channels * bytesPerSample(depth);
  const pad = dataBytes & 1;
  const total = prefix.length + 8 + dataBytes + pad + cues.length + suffix.length;
  if (total - 8 > 0xffffffff) throw new Error('WAV larger than 4 GiB; RF64 is not supported');
  const head = new Uint8Array(prefix.length + 8);
  head.set(prefix, 0);
  const hv = new DataView(head.buffer);
  hv.setUint32(4, total - 8, true);
  head.set([0x64, 0x61, 0x74, 0x61], prefix.length);
  hv.setUint32(prefix.length + 4, dataBytes, true);
  const tail = new Uint8Array(pad + cues.length + suffix.length);
  tail.set(cues, pad);
  tail.set(suffix, pad + cues.length);
  return { head, dataBytes, tail };
}

/** `cue ` chunk plus a LIST/adtl of labels, as wavefile writes and reads them. */
function cueChunks(cues: CuePoint[], frames: number): Uint8Array {
  if (cues.length === 0) return new Uint8Array(0);
  const sorted = cues.map((c, i) => ({ ...c, i })).sort((a, b) => a.sample - b.sample || a.i - b.i);
  for (const c of sorted) if (!Number.isInteger(c.sample) || c.sample < 0 || c.sample > frames) throw new Error(`cue "${c.label}" at ${c.sample} is outside the audio`);
  const enc = new TextEncoder();
  const labels = sorted.map((c) => enc.encode(c.label));
  const cueSize = 4 + 24 * sorted.length;
  const labl = labels.map((l) => 8 + 4 + l.length + 1 + ((4 + l.length + 1) & 1));
  const listSize = 4 + labl.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(8 + cueSize + 8 + listSize);
  const v = new DataView(out.buffer);
  const tag = (at: number, id: string) => { for (let k = 0; k < 4; k++) out[at + k] = id.charCodeAt(k); };
  tag(0, 'cue '); v.setUint32(4, cueSize, true); v.setUint32(8, sorted.length, true);
  sorted.forEach((c, k) => {
    const p = 12 + 24 * k;
    v.setUint32(p, k + 1, true); v.setUint32(p + 4, c.sample, true); tag(p + 8, 'data');
    v.setUint32(p + 12, 0, true); v.setUint32(p + 16, 0, true); v.setUint32(p + 20, c.sample, true);
  });
  let p = 8 + cueSize;
  tag(p, 'LIST'); v.setUint32(p + 4, listSize, true); tag(p + 8, 'adtl');
  p += 12;
  labels.forEach((l, k) => {
    const size = 4 + l.length + 1;
    tag(p, 'labl'); v.setUint32(p + 4, size, true); v.setUint32(p + 8, k + 1, true);
    out.set(l, p + 12);
    p += 8 + size + (size & 1);
  });
  return out;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
