/**
 * `render.json`: what a render leaves beside score.wav so the next edit can be regenerated
 * around — the options it was made with (plan.json holds what was decided, not every option),
 * the normalisation gain it applied (regeneration reuses it instead of re-normalising), its
 * measured loudness, and per-100 ms K-weighted energies of the mix, from which the loudness of a
 * regenerated score is worked out without re-reading the parts that were copied.
 */
import type { SamplerBank } from '../sampler/bank';
import { kWeighting } from '../synth/loudness';
import type { Plan, Style } from '../plan/types';
import type { BitDepth } from '../audio';
import { checkRenderRecord } from './previous-check';

export const RECORD_SCHEMA = 'cuebed.render/1';

export interface RenderOptionsRecord {
  brief: string;
  preset?: string;
  style?: Style;
  seed: number;
  sampleRate: number;
  bitDepth: BitDepth;
  targetLufs?: number;
  duckDb?: number;
  stems?: boolean;
  stingers?: 'none' | 'scenes' | 'markers' | number[];
  stingersInDialogue?: boolean;
  /** Dialogue media was read for speech (false: clip extents). */
  speech?: boolean;
  /** The sound bank that played the sampled instruments (absent: synth palette only). */
  soundBank?: { name: string; sha256: string; credits: string };
}

export interface RegenSummary {
  /** Folder (as given) of the render this one was regenerated from. */
  from: string;
  kept: string[];
  shifted: string[];
  /** Sections re-planned or re-rendered (new ids, and ids of changed sections that kept their music). */
  rendered: string[];
  removed: string[];
  /** Sample ranges of score.wav synthesised anew (crossfade margins included); the rest was copied. */
  renderedSpans: Array<[number, number]>;
}

export interface RenderRecord {
  schema: typeof RECORD_SCHEMA;
  software: string;
  options: RenderOptionsRecord;
  /** Normalisation gain applied before the limiter (regeneration reuses it). */
  gainDb: number;
  integratedLufs: number | null;
  truePeakDb: number | null;
  /** Samples per loudness segment (100 ms). */
  segmentSamples: number;
  /**
   * Base64 of little-endian float32: K-weighted energy (sum over channels) per segment. Absent in
   * renders streamed before streamed renders kept them: regeneration then measures the whole result.
   */
  segments?: string;
  regen?: RegenSummary;
}

export interface RecordInput {
  options: RenderOptionsRecord;
  software: string;
  gainDb: number;
  integratedLufs: number;
  truePeakDb: number;
  /** The final mix (for the loudness segments)… */
  mix?: Float32Array[];
  /** …or the segments a streamed render measured as it wrote (LoudnessResult.segments). */
  segments?: ArrayLike<number>;
  regen?: RegenSummary;
}

/** The render.json text. Costs one K-weighting pass over the mix (≈ 0.3 s per 10 min at 48 kHz). */
export function renderRecordJson(input: RecordInput): string {
  const sr = input.options.sampleRate;
  const seg = segmentSamples(sr);
  const segments = input.segments ? encodeSegments(input.segments)
    : input.mix ? encodeSegments(segmentEnergies(input.mix, sr, 0, input.mix[0].length)) : undefined;
  return recordJson({
    schema: RECORD_SCHEMA, software: input.software, options: input.options, gainDb: input.gainDb,
    integratedLufs: finite(input.integratedLufs), truePeakDb: finite(input.truePeakDb),
    segmentSamples: seg, ...(segments !== undefined ? { segments } : {}), ...(input.regen ? { regen: input.regen } : {}),
  });
}

/**
 * What score.ts adds to a render's files: `files.set('render.json', utf8(scoreRecordJson(options, render, SOFTWARE)))`
 * with `options` its ScoreOptions and `render` the renderArrangement result.
 */
export function scoreRecordJson(
  options: Omit<RenderOptionsRecord, 'speech' | 'soundBank'> & { speech?: unknown; sampler?: SamplerBank },
  render: { gainDb: number; integratedLufs: number; truePeakDb: number; mix?: Float32Array[]; segments?: ArrayLike<number> },
  software: string,
): string {
  const o: RenderOptionsRecord = {
    brief: options.brief, preset: options.preset, style: options.style, seed: options.seed, sampleRate: options.sampleRate,
    bitDepth: options.bitDepth, targetLufs: options.targetLufs, duckDb: options.duckDb, stems: options.stems,
    stingers: options.stingers, stingersInDialogue: options.stingersInDialogue, speech: options.speech !== undefined,
  };
  if (options.sampler) o.soundBank = { name: options.sampler.name, sha256: options.sampler.hash, credits: options.sampler.credits };
  return renderRecordJson({ options: o, software, gainDb: render.gainDb, integratedLufs: render.integratedLufs, truePeakDb: render.truePeakDb, mix: render.mix, segments: render.segments });
}

export function recordJson(record: RenderRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

export function parseRenderRecord(text: string, where: string): RenderRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const r = json as Partial<RenderRecord>;
  if (!r || r.schema !== RECORD_SCHEMA || typeof r.gainDb !== 'number' || !r.options || typeof r.options.seed !== 'number') {
    throw new Error(`${where}: not a ${RECORD_SCHEMA} render record`);
  }
  checkRenderRecord(r, where);
  return r as RenderRecord;
}

/** The options a plan alone implies, for renders made before render.json existed. */
export function optionsFromPlan(plan: Plan, bitDepth: BitDepth): RenderOptionsRecord {
  return {
    brief: plan.brief, preset: plan.preset, style: plan.style, seed: plan.seed, sampleRate: plan.sequence.sampleRate,
    bitDepth, targetLufs: plan.targetLufs,
  };
}

export function segmentSamples(sampleRate: number): number {
  return Math.round(sampleRate / 10);
}

/**
 * K-weighted energy per 100 ms segment of [from, to) (segments counted from `from`; a last partial
 * segment is scaled up to a whole one). Filter state starts at rest at `from`.
 */
export function segmentEnergies(channels: Float32Array[], sampleRate: number, from: number, to: number): Float64Array {
  const seg = segmentSamples(sampleRate);
  const edges: number[] = [];
  for (let i = from; i < to; i += seg) edges.push(i);
  edges.push(to);
  const out = runEnergies(channels, sampleRate, edges);
  const last = out.length - 1;
  const partial = to - edges[last];
  if (last >= 0 && partial < seg) out[last] = (out[last] * seg) / partial;
  return out;
}

/** K-weighted energy (summed over channels) of each run [edges[i], edges[i+1]), filter state carried across runs. */
export function runEnergies(channels: Float32Array[], sampleRate: number, edges: number[]): Float64Array {
  const out = new Float64Array(Math.max(0, edges.length - 1));
  const filters = kWeighting(sampleRate);
  const st = new Float64Array(4);
  for (const x of channels) {
    st.fill(0);
    for (let k = 0; k + 1 < edges.length; k++) out[k] += kEnergy(x, edges[k], edges[k + 1], st, 0, filters);
  }
  return out;
}

/** K-weighted energy of x[from, to); the filter state (z1, z2, w1, w2 at st[o..o+3]) is carried in and out. */
function kEnergy(x: Float32Array, from: number, to: number, st: Float64Array, o: number, [s, h]: ReturnType<typeof kWeighting>): number {
  let z1 = st[o], z2 = st[o + 1], w1 = st[o + 2], w2 = st[o + 3];
  let acc = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const t = s.b0 * v + z1;
    z1 = s.b1 * v - s.a1 * t + z2;
    z2 = s.b2 * v - s.a2 * t;
    const u = t + w1;
    w1 = -2 * t - h.a1 * u + w2;
    w2 = t - h.a2 * u;
    acc += u * u;
  }
  st[o] = z1; st[o + 1] = z2; st[o + 2] = w1; st[o + 3] = w2;
  return acc;
}

/**
 * segmentEnergies over audio that arrives in pieces (a file written front to back): K-filter state
 * carried from piece to piece, segments counted from the first sample, the last partial segment
 * scaled up to a whole one at finish().
 */
export class SegmentMeter {
  private readonly seg: number;
  private readonly out: Float64Array;
  private readonly filters: ReturnType<typeof kWeighting>;
  /** z1, z2, w1, w2 per channel. */
  private state = new Float64Array(0);
  private at = 0;
  private zero = new Float32Array(0);

  constructor(sampleRate: number, private readonly length: number) {
    this.seg = segmentSamples(sampleRate);
    this.out = new Float64Array(Math.ceil(length / this.seg));
    this.filters = kWeighting(sampleRate);
  }

  push(channels: Float32Array[], n: number): void {
    if (this.state.length < 4 * channels.length) {
      const grown = new Float64Array(4 * channels.length);
      grown.set(this.state);
      this.state = grown;
    }
    const seg = this.seg, out = this.out;
    channels.forEach((x, c) => {
      let pos = this.at;
      for (let i = 0; i < n;) {
        const k = Math.floor(pos / seg);
        const end = Math.min(n, i + (k + 1) * seg - pos);
        const acc = kEnergy(x, i, end, this.state, 4 * c, this.filters);
        if (k < out.length) out[k] += acc;
        pos += end - i;
        i = end;
      }
    });
    this.at += n;
  }

  /** n frames of digital silence on `channels` channels (the filters still ring out into them). */
  pushSilence(n: number, channels = 2): void {
    if (this.zero.length === 0) this.zero = new Float32Array(4096);
    for (let done = 0; done < n;) {
      const m = Math.min(this.zero.length, n - done);
      this.push(Array.from({ length: channels }, () => this.zero), m);
      done += m;
    }
  }

  finish(): Float64Array {
    const last = this.out.length - 1;
    const partial = this.length - last * this.seg;
    if (last >= 0 && partial > 0 && partial < this.seg) this.out[last] = (this.out[last] * this.seg) / partial;
    return this.out;
  }
}

/** BS.1770 gating over 400 ms blocks (4 segments, 75 % overlap): integrated loudness in LUFS. */
export function integratedFromSegments(segments: ArrayLike<number>, seg: number): number {
  const nBlocks = segments.length - 3;
  const z: number[] = [];
  for (let j = 0; j < nBlocks; j++) z.push((segments[j] + segments[j + 1] + segments[j + 2] + segments[j + 3]) / (4 * seg));
  const absGate = Math.pow(10, (-70 + 0.691) / 10);
  const gated = z.filter((v) => v > absGate);
  if (gated.length === 0) return -Infinity;
  const rel = (gated.reduce((a, b) => a + b, 0) / gated.length) * 0.1;
  const kept = gated.filter((v) => v > rel);
  return kept.length === 0 ? -Infinity : -0.691 + 10 * Math.log10(kept.reduce((a, b) => a + b, 0) / kept.length);
}

export function encodeSegments(x: ArrayLike<number>): string {
  const f = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) f[i] = x[i];
  const bytes = new Uint8Array(f.buffer);
  if (!LITTLE_ENDIAN) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return toBase64(bytes);
}

export function decodeSegments(text: string): Float32Array {
  const bytes = fromBase64(text);
  if (!LITTLE_ENDIAN) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 4));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Plain base64 (no Buffer: the core also runs in the panel's worker). */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let p = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = (B64.indexOf(clean[i]) << 18) | (B64.indexOf(clean[i + 1]) << 12) | ((B64.indexOf(clean[i + 2] ?? 'A') & 63) << 6) | (B64.indexOf(clean[i + 3] ?? 'A') & 63);
    if (p < out.length) out[p++] = (n >> 16) & 255;
    if (p < out.length) out[p++] = (n >> 8) & 255;
    if (p < out.length) out[p++] = n & 255;
  }
  return out;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
