/**
 * WAV container. wavefile (imported only here) writes and reads the header and metadata chunks
 * (fmt, fact, bext, cue, LIST INFO / adtl); the PCM in the data chunk is packed by ./pcm, because
 * wavefile's sample packing is ~20× (24-bit) to ~1000× (32f) slower — see bench/run.js.
 * We ask wavefile for a file with an empty data chunk and splice our PCM into it.
 */
import { WaveFile } from 'wavefile';
import { BitDepth, PcmPacker, ReadBitDepth, bytesPerSample, unpackPcm } from './pcm';

export type { BitDepth } from './pcm';

export interface CuePoint {
  sample: number;
  label: string;
}

export interface WavMetadata {
  /** LIST/INFO INAM */
  title?: string;
  /** LIST/INFO ISFT */
  software?: string;
  /** LIST/INFO ICMT */
  comment?: string;
  /** LIST/INFO IGNR */
  genre?: string;
  /** LIST/INFO ICRD (passed in, never read from the clock: renders must be reproducible). */
  date?: string;
  /** bext description (≤ 256 bytes) */
  description?: string;
  /** bext originator (≤ 32 bytes) */
  originator?: string;
  /** `cue ` chunk + LIST/adtl labels: sections and stinger hits. */
  cues?: CuePoint[];
}

export interface DecodedWav {
  sampleRate: number;
  channels: Float32Array[];
  bitDepth: ReadBitDepth;
  cues: CuePoint[];
  /** INFO tags by chunk id (INAM, ISFT, …) plus `bext.description` / `bext.originator`. */
  info: Record<string, string>;
}

export class WavError extends Error {
  override name = 'WavError';
}

const INFO_TAGS: Array<[keyof WavMetadata, string]> = [
  ['title', 'INAM'], ['software', 'ISFT'], ['comment', 'ICMT'], ['genre', 'IGNR'], ['date', 'ICRD'],
];

export function encodeWav(channels: Float32Array[], sampleRate: number, bitDepth: BitDepth, meta: WavMetadata = {}, ditherSeed: string | null = 'cuebed'): Uint8Array {
  if (channels.length < 1) throw new WavError('encodeWav needs at least one channel');
  const frames = channels[0].length;
  for (const ch of channels) if (ch.length !== frames) throw new WavError('encodeWav: channels differ in length');
  const enc = createWavEncoder({ frames, channels: channels.length, sampleRate, bitDepth, meta, ditherSeed });
  const out = new Uint8Array(enc.totalBytes);
  out.set(enc.header, 0);
  enc.packInto(channels, frames, out, enc.header.length);
  out.set(enc.trailer, enc.totalBytes - enc.trailer.length);
  return out;
}

export interface WavEncoderOptions {
  /**
   * RF64 beyond this many bytes of RIFF or data size (default: the 32-bit fields' limit, 4 GiB).
   * Tests pass a small figure to get the RF64 layout without writing 4 GiB.
   */
  rf64AboveBytes?: number;
  frames: number;
  channels: number;
  sampleRate: number;
  bitDepth: BitDepth;
  meta?: WavMetadata;
  /** TPDF dither seed for 16/24-bit; null for none. */
  ditherSeed?: string | null;
}

/**
 * Incremental WAV writing: the frame count is known before rendering, so every size field is
 * final from the start (no header patch). Write `header`, then `encodeBlock` for each block of
 * frames in order, then `trailer` (pad byte and the metadata chunks after the data).
 * Same bytes as encodeWav on the whole signal.
 */
export interface WavEncoder {
  header: Uint8Array;
  trailer: Uint8Array;
  totalBytes: number;
  /** Packs frames [0, n) of the block; the returned view is reused by the next call. */
  encodeBlock(channels: Float32Array[], n: number): Uint8Array;
  /** Packs straight into a caller's buffer. */
  packInto(channels: Float32Array[], n: number, out: Uint8Array, offset: number): void;
}

export function createWavEncoder(o: WavEncoderOptions): WavEncoder {
  const { frames, channels: nch, sampleRate, bitDepth } = o;
  const meta = o.meta ?? {};
  if (nch < 1) throw new WavError('a WAV needs at least one channel');
  if (!Number.isInteger(frames) || frames < 0) throw new WavError(`bad frame count ${frames}`);
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new WavError(`bad sample rate ${sampleRate}`);
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== '32f') throw new WavError(`bad bit depth ${String(bitDepth)}`);

  const wf = new WaveFile();
  const empty = Array.from({ length: nch }, () => new Float64Array(0));
  wf.fromScratch(nch, sampleRate, String(bitDepth), empty);
  for (const [key, tag] of INFO_TAGS) {
    const value = meta[key];
    if (typeof value === 'string' && value !== '') wf.setTag(tag, value);
  }
  const bext = wf.bext as Record<string, unknown>;
  if (meta.description) bext.description = meta.description;
  if (meta.originator) bext.originator = meta.originator;
  if (bitDepth === '32f') {
    // Non-PCM formats require a fact chunk with the frame count.
    (wf as unknown as { fact: object }).fact = { chunkId: 'fact', chunkSize: 4, dwSampleLength: frames };
  }
  if (meta.cues && meta.cues.length > 0) setCues(wf, meta.cues, frames);

  const bytes = wf.toBuffer();
  const dataAt = findChunk(bytes, 'data');
  if (!dataAt) throw new WavError('wavefile produced no data chunk');
  const bps = bytesPerSample(bitDepth);
  const dataBytes = frames * nch * bps;
  const pad = dataBytes & 1;
  const prefix = bytes.subarray(0, dataAt.offset);
  const suffix = bytes.subarray(dataAt.offset + 8 + dataAt.size);
  const limit = o.rf64AboveBytes ?? MAX_RIFF_SIZE;
  const plainTotal = prefix.length + 8 + dataBytes + pad + suffix.length;
  const rf64 = plainTotal - 8 > limit || dataBytes > limit;
  const header = rf64 ? rf64Header(prefix, dataBytes, pad + suffix.length, frames) : riffHeader(prefix, dataBytes, plainTotal);
  const total = header.length + dataBytes + pad + suffix.length;
  const trailer = new Uint8Array(pad + suffix.length);
  trailer.set(suffix, pad);
  const packer = new PcmPacker(bitDepth, o.ditherSeed === undefined ? 'cuebed' : o.ditherSeed);
  let scratch = new Uint8Array(0);
  let packed = scratch; // scratch.subarray(0, packed.length), kept: every block but the last has the same size
  let written = 0;
  const packInto = (chs: Float32Array[], n: number, out: Uint8Array, offset: number): void => {
    if (chs.length !== nch) throw new WavError(`expected ${nch} channels, got ${chs.length}`);
    if (written + n > frames) throw new WavError(`more than the ${frames} frames announced`);
    packer.pack(chs, n, out, offset);
    written += n;
  };
  return {
    header, trailer, totalBytes: total, packInto,
    encodeBlock(chs, n) {
      const need = n * nch * bps;
      if (scratch.length < need) scratch = new Uint8Array(need);
      packInto(chs, n, scratch, 0);
      if (packed.length !== need || packed.buffer !== scratch.buffer) packed = scratch.subarray(0, need);
      return packed;
    },
  };
}

/** The largest size a RIFF chunk's 32-bit field holds. */
const MAX_RIFF_SIZE = 0xffffffff;
/** ds64 payload without a table: RIFF size, data size, sample count (64-bit each), table length. */
const DS64_SIZE = 28;

/** wavefile's chunks up to the data chunk, then the data chunk's header: sizes in the 32-bit fields. */
function riffHeader(prefix: Uint8Array, dataBytes: number, total: number): Uint8Array {
  const header = new Uint8Array(prefix.length + 8);
  header.set(prefix, 0);
  const view = new DataView(header.buffer);
  view.setUint32(4, total - 8, true);
  header.set(DATA_ID, prefix.length);
  view.setUint32(prefix.length + 4, dataBytes, true);
  return header;
}

/**
 * RF64 (EBU Tech 3306; BW64, ITU-R BS.2088, is the same layout under the id BW64): the form id
 * RIFF becomes RF64, the RIFF and data size fields hold 0xFFFFFFFF, and a ds64 chunk first after
 * WAVE carries the 64-bit RIFF size, data size and sample count. ds64 goes where the convention's
 * 28-byte JUNK placeholder sits in a plain WAV; this writer knows every size before its first byte
 * (the frame count is fixed before rendering), so it writes ds64 directly and a WAV that fits 4 GiB
 * keeps its plain layout, byte for byte as before.
 */
function rf64Header(prefix: Uint8Array, dataBytes: number, after: number, frames: number): Uint8Array {
  const header = new Uint8Array(prefix.length + 8 + DS64_SIZE + 8);
  const view = new DataView(header.buffer);
  header.set([0x52, 0x46, 0x36, 0x34], 0); // RF64
  view.setUint32(4, MAX_RIFF_SIZE, true);
  header.set(prefix.subarray(8, 12), 8); // WAVE
  header.set([0x64, 0x73, 0x36, 0x34], 12); // ds64
  view.setUint32(16, DS64_SIZE, true);
  view.setBigUint64(20, BigInt(header.length + dataBytes + after - 8), true);
  view.setBigUint64(28, BigInt(dataBytes), true);
  view.setBigUint64(36, BigInt(frames), true);
  view.setUint32(44, 0, true); // no table: no chunk other than data exceeds 4 GiB
  header.set(prefix.subarray(12), 48);
  const at = 48 + prefix.length - 12;
  header.set(DATA_ID, at);
  view.setUint32(at + 4, MAX_RIFF_SIZE, true);
  return header;
}

const DATA_ID = [0x64, 0x61, 0x74, 0x61];

/**
 * Chunk sizes of a RIFF, RF64 or BW64 file: in RF64/BW64 a 32-bit size of 0xFFFFFFFF means "see
 * ds64", which carries the data chunk's real size (and any other's in its table).
 */
export interface RiffForm {
  rf64: boolean;
  /** ds64's data size, when the form is RF64/BW64. */
  dataSize?: number;
  /** ds64's table: chunk id → 64-bit size. */
  table: Map<string, number>;
}

/** The form of a WAV from its first bytes (12 + the ds64 chunk when there is one), or null when it is none. */
export function riffForm(head: Uint8Array): RiffForm | null {
  if (head.length < 12 || ascii(head, 8) !== 'WAVE') return null;
  const id = ascii(head, 0);
  if (id === 'RIFF') return { rf64: false, table: new Map() };
  if (id !== 'RF64' && id !== 'BW64') return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 12 + 8 + DS64_SIZE || ascii(head, 12) !== 'ds64') throw new WavError(`${id} file without its ds64 chunk first`);
  const size = view.getUint32(16, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const table = new Map<string, number>();
  const entries = view.getUint32(44, true);
  for (let k = 0; k < entries && 48 + 12 * (k + 1) <= Math.min(head.length, 20 + size); k++) table.set(ascii(head, 48 + 12 * k), u64(52 + 12 * k));
  return { rf64: true, dataSize: u64(28), table };
}

/** A chunk's size: its 32-bit field, or ds64's figure for it when the field says 0xFFFFFFFF in RF64. */
export function chunkSize(form: RiffForm, id: string, field: number): number {
  if (!form.rf64 || field !== MAX_RIFF_SIZE) return field;
  if (id === 'data' && form.dataSize !== undefined) return form.dataSize;
  return form.table.get(id) ?? field;
}

function setCues(wf: WaveFile, cues: CuePoint[], frames: number): void {
  const sorted = cues.map((c, i) => ({ ...c, i })).sort((a, b) => a.sample - b.sample || a.i - b.i);
  const sr = (wf.fmt as { sampleRate: number }).sampleRate;
  for (const c of sorted) {
    if (!Number.isInteger(c.sample) || c.sample < 0 || c.sample > frames) throw new WavError(`cue "${c.label}" at ${c.sample} is outside the audio`);
    wf.setCuePoint({ position: (c.sample * 1000) / sr, label: c.label });
  }
  // wavefile stores positions as ms × rate / 1000 in floating point; write the exact integers back.
  const points = (wf.cue as { points: Array<{ dwSampleOffset: number; dwPosition: number }> }).points;
  points.forEach((p, k) => {
    p.dwSampleOffset = sorted[k].sample;
    p.dwPosition = sorted[k].sample;
  });
}

function findChunk(bytes: Uint8Array, id: string, form: RiffForm = { rf64: false, table: new Map() }): { offset: number; size: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 12;
  while (p + 8 <= bytes.length) {
    const cid = String.fromCharCode(bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3]);
    const size = chunkSize(form, cid, view.getUint32(p + 4, true));
    if (cid === id) return { offset: p, size };
    p += 8 + size + (size & 1);
  }
  return null;
}

export function decodeWav(bytes: Uint8Array): DecodedWav {
  const form = riffForm(bytes.subarray(0, 12 + 8 + 256));
  if (!form) throw new WavError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fmt = findChunk(bytes, 'fmt ', form);
  const data = findChunk(bytes, 'data', form);
  if (!fmt || !data) throw new WavError('WAV without fmt or data chunk');
  const f = fmt.offset + 8;
  let format = view.getUint16(f, true);
  const nch = view.getUint16(f + 2, true);
  const sampleRate = view.getUint32(f + 4, true);
  const bits = view.getUint16(f + 14, true);
  if (format === 0xfffe && fmt.size >= 40) format = view.getUint16(f + 24, true);
  let depth: ReadBitDepth;
  if (format === 3 && bits === 32) depth = '32f';
  else if (format === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) depth = bits;
  else throw new WavError(`unsupported WAV format ${format} at ${bits} bits`);
  const dataSize = Math.min(data.size, bytes.length - data.offset - 8);
  const channels = unpackPcm(bytes, data.offset + 8, dataSize, nch, depth);

  // wavefile parses the metadata, from copies without the samples (we already have the PCM).
  // Its LIST reader scans sub-chunks to the end of the file instead of the LIST's size, so a
  // file with two LISTs (INFO + adtl, which wavefile itself writes) crashes it: one LIST per copy.
  const chunks = listChunks(bytes, form);
  // wavefile reads plain RIFF: the copies leave ds64 out and say RIFF
  const base = chunks.filter((c) => c.id !== 'LIST' && c.id !== 'data' && c.id !== 'ds64');
  const lists = chunks.filter((c) => c.id === 'LIST');
  const wf = metadataReader(bytes, base, []);
  const info: Record<string, string> = {};
  let cues: CuePoint[] = [];
  for (const list of lists.length ? lists : [null]) {
    const reader = list ? metadataReader(bytes, base, [list]) : wf;
    const tags = reader.listTags() as Record<string, string>;
    for (const k of Object.keys(tags)) info[k] = tags[k];
    const points = reader.listCuePoints() as Array<{ dwSampleOffset: number; label?: string }>;
    if (points.length && (cues.length === 0 || points.some((p) => p.label))) {
      cues = points.map((p) => ({ sample: p.dwSampleOffset, label: p.label ?? '' }));
    }
  }
  const bext = wf.bext as Record<string, string>;
  const description = stripNul(bext.description);
  const originator = stripNul(bext.originator);
  if (description) info['bext.description'] = description;
  if (originator) info['bext.originator'] = originator;
  return { sampleRate, channels, bitDepth: depth, cues, info };
}

interface ChunkAt {
  id: string;
  offset: number;
  /** Including header and pad byte. */
  length: number;
}

function listChunks(bytes: Uint8Array, form: RiffForm): ChunkAt[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ChunkAt[] = [];
  for (let p = 12; p + 8 <= bytes.length;) {
    const id = ascii(bytes, p);
    const size = chunkSize(form, id, view.getUint32(p + 4, true));
    const length = Math.min(8 + size + (size & 1), bytes.length - p);
    out.push({ id, offset: p, length });
    p += length;
  }
  return out;
}

function metadataReader(bytes: Uint8Array, base: ChunkAt[], extra: ChunkAt[]): WaveFile {
  const parts = [...base, ...extra];
  const total = 12 + 8 + parts.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  out.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  out.set(bytes.subarray(8, 12), 8);
  new DataView(out.buffer).setUint32(4, total - 8, true);
  let p = 12;
  for (const c of base) { out.set(bytes.subarray(c.offset, c.offset + c.length), p); p += c.length; }
  out.set([0x64, 0x61, 0x74, 0x61, 0, 0, 0, 0], p); p += 8;
  for (const c of extra) { out.set(bytes.subarray(c.offset, c.offset + c.length), p); p += c.length; }
  const wf = new WaveFile();
  wf.fromBuffer(out);
  return wf;
}

/** bext strings are fixed-width, NUL-padded. */
function stripNul(text: string | undefined): string {
  if (!text) return '';
  const at = text.indexOf('\u0000');
  return at < 0 ? text : text.slice(0, at);
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
