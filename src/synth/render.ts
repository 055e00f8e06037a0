/**
 * Arrangement → stereo mix (+ stems), in two streamed passes. Pass 1 (ArrangementRenderer,
 * renderArrangementBlocks) renders 128-sample blocks: note layers start at their exact sample
 * inside a block and add into the buses of ./mixer (send reverb, delay, bus compressor, duck,
 * fades); chunks of CHUNK frames go to a sink while the mix is metered (BS.1770). Pass 2
 * (./finalise) applies the normalisation gain and the true-peak limiter chunk by chunk. With
 * stems, pass 1 also keeps what the stems need of the mix, and a stems pass (./stem-render)
 * renders the voices into their groups before pass 2 finalises mix and stems together.
 * `renderArrangement` runs them over in-memory buffers; a streaming caller spills pass 1 to disk.
 */
import { VOICE_GROUPS, type Arrangement, type NoteEvent, type VoiceGroup } from '../music/types';
import { BLOCK } from './dsp';
import { CHUNK, ChunkWriter, drain, finaliseSteps } from './finalise';
import { LoudnessMeter, MeterTape, type LoudnessResult } from './loudness';
import type { DuckKey } from './dynamics';
import { Mixer, Stereo } from './mixer';
import { SideTape, StemRenderer } from './stem-render';
import { LazyParts, VoicePart, type PartPlacer, type PartSource, type PartTarget } from './voice-part';

export interface RenderOptions {
  targetLufs: number;
  stems?: boolean;
  /** Limiter ceiling in dBTP (default −1). */
  truePeakDb?: number;
  onProgress?: (fraction: number) => void;
  /** Reuse a previous render's normalisation gain instead of measuring (regeneration). */
  gainDb?: number;
}

export type { Stereo } from './mixer';

export interface RenderResult {
  mix: Stereo;
  stems?: Partial<Record<VoiceGroup, Stereo>>;
  /** Measured on the final mix; −Infinity for silence. */
  integratedLufs: number;
  truePeakDb: number;
  /** Normalisation gain applied before the limiter. */
  gainDb: number;
}

export class ArrangementError extends Error {
  override name = 'ArrangementError';
}

function validate(arr: Arrangement): void {
  if (!Number.isInteger(arr.sampleRate) || arr.sampleRate < 8000) throw new ArrangementError(`bad sample rate ${arr.sampleRate}`);
  if (!Number.isInteger(arr.lengthSamples) || arr.lengthSamples < 0) throw new ArrangementError(`bad length ${arr.lengthSamples}`);
  for (const ev of arr.events) {
    if (!Number.isInteger(ev.start) || ev.start < 0) throw new ArrangementError(`event ${ev.instrument} starts at ${ev.start}, not a sample index`);
    if (!(ev.length > 0)) throw new ArrangementError(`event ${ev.instrument} at ${ev.start} has length ${ev.length}`);
    if (ev.hit !== undefined && (!Number.isInteger(ev.hit) || ev.hit < ev.start)) throw new ArrangementError(`stinger hit ${ev.hit} before its start ${ev.start}`);
    if (!VOICE_GROUPS.includes(ev.group)) throw new ArrangementError(`unknown voice group ${ev.group}`);
  }
}

/**
 * Where pass 1 and pass 2 take their pre-normalisation chunks from: an ArrangementRenderer, or
 * one running on another thread (src/io/render-worker.ts) that hands over the same chunks.
 */
export interface ChunkSource {
  readonly groups: VoiceGroup[];
  readonly trackCount: number;
  /** Renders the next chunk into tracks[t][0..n); returns n (0 once the arrangement is done). */
  renderChunk(tracks: Float32Array[]): number;
  dispose?(): void;
}

/**
 * Renders an arrangement's mix chunk by chunk (CHUNK frames, the last one shorter) before
 * loudness normalisation: tracks are [mix L, mix R], and with a `side` tape (the mix pass of a
 * render with stems) a third, the gain curve of the compressor, duck and fades, while the tape
 * keeps the stereo image's side gain per block: what ./stem-render needs of the mix. The voices
 * render in parts (./voice-part), here or on other threads (`parts`), and the mixer here takes
 * their buses added in part order.
 */
export class ArrangementRenderer implements ChunkSource {
  /** A mix has no stems: its renderer hands over none. */
  readonly groups: VoiceGroup[] = [];
  readonly trackCount: number;
  private readonly N: number;
  private readonly mixer: Mixer;
  private readonly parts: LazyParts;
  private b0 = 0;

  /** `parts`: where each part's voices render, given the part's notes (default: here). */
  constructor(arr: Arrangement, private readonly side: SideTape | null = null, parts?: PartPlacer) {
    validate(arr);
    const sr = arr.sampleRate;
    this.N = arr.lengthSamples;
    this.trackCount = side ? 3 : 2;
    this.mixer = new Mixer(sr, this.N, sortedDuck(arr), arr.fadeInSamples, arr.fadeOutSamples, arr.mix);
    this.parts = new LazyParts(sortedEvents(arr), sr, parts ?? ((_k, own) => new VoicePart(own, sr, this.N, arr.sampler ?? null)));
  }

  /** First frame of the next chunk. */
  get position(): number {
    return this.b0;
  }

  /** Renders the next chunk into tracks[t][0..n); returns n (0 once the arrangement is done). */
  renderChunk(tracks: Float32Array[]): number {
    const n = Math.min(CHUNK, this.N - this.b0);
    if (n <= 0) return 0;
    const mix: Stereo = [tracks[0], tracks[1]];
    const gainTrack = this.side ? tracks[2] : null;
    for (let at = 0; at < n; at += BLOCK) this.renderBlock(mix, at, Math.min(BLOCK, n - at), gainTrack);
    return n;
  }

  dispose(): void {
    this.parts.dispose();
  }

  private renderBlock(mix: Stereo, at: number, n: number, gainTrack: Float32Array | null): void {
    const { mixer } = this;
    const parts = this.parts.list;
    const b0 = this.b0;
    gatherVoices(mixer, parts, b0);
    mixer.finish(b0, n, mix, at);
    if (gainTrack && this.side) {
      const gain = mixer.gain;
      for (let i = 0; i < n; i++) gainTrack[at + i] = gain[i];
      this.side.sideGain[b0 / BLOCK] = mixer.sideGain;
    }
    retireSilent(mixer, parts);
    this.b0 = b0 + BLOCK;
  }
}

/** A mixer the parts add their voices into: the mix's (./mixer) or the stems' (./stem-mixer). */
export interface PartsMixer {
  readonly full: PartTarget;
  readonly half: PartTarget;
  readonly used: Uint8Array;
  readonly usedHalf: Uint8Array;
  clear(): void;
  clearHalf(): void;
  upsampleHalf(): void;
  addHalf(half: number): void;
  retire(group: number): void;
}

/** Adds the parts' voices for the block at b0 into the mixer's buses, and at the start of a pair their half-rate voices. */
export function gatherVoices(mixer: PartsMixer, parts: PartSource[], b0: number): void {
  mixer.clear();
  if (b0 % (2 * BLOCK) === 0) {
    // the half-rate voices render one half-rate block covering this block and the next
    mixer.clearHalf();
    for (const p of parts) p.addHalf(b0, mixer.half, mixer.usedHalf);
    mixer.upsampleHalf();
  }
  mixer.addHalf((b0 / BLOCK) & 1);
  for (const p of parts) p.addFull(b0, mixer.full, mixer.used);
}

/** Retires each used group that no part has a live voice in any more (the mixer decides whether its tail is out). */
export function retireSilent(mixer: PartsMixer, parts: PartSource[]): void {
  const { used } = mixer;
  for (let g = 0; g < used.length; g++) {
    if (!used[g]) continue;
    let live = 0;
    for (const p of parts) live += p.activeCount[g];
    if (live === 0) mixer.retire(g);
  }
}

/** The events in start order (ties in their order in the arrangement). */
export function sortedEvents(arr: Arrangement): NoteEvent[] {
  return arr.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i).map((x) => x.e);
}

export function sortedDuck(arr: Arrangement): DuckKey[] {
  return [...arr.duck].sort((a, b) => a.sample - b.sample);
}

/** The voice groups a render's stems are, in stem order: those with a note starting inside the arrangement. */
export function stemGroups(arr: Arrangement): VoiceGroup[] {
  const present = new Set(arr.events.filter((e) => e.start < arr.lengthSamples).map((e) => e.group));
  return VOICE_GROUPS.filter((g) => present.has(g));
}

export interface BlocksResult {
  /** Integrated loudness before normalisation (−Infinity for silence; NaN when gainDb was given). */
  preLufs: number;
  /** The normalisation gain the finaliser should apply. */
  gainDb: number;
  /** Stem groups, in track order after the mix. */
  groups: VoiceGroup[];
  trackCount: number;
  /** Pass 1's meter tape of the mix (when it was measured): hand it to finalise with this audio. */
  tape?: MeterTape;
}

/**
 * Pass 1 of a streamed render: every chunk of the pre-normalisation render goes to `sink`
 * (copy it to keep it: the buffers are reused), while the mix is metered for the gain.
 */
export function renderArrangementBlocks(arr: Arrangement, opts: Pick<RenderOptions, 'targetLufs' | 'gainDb' | 'onProgress'>, sink: ChunkWriter): BlocksResult {
  return drain(renderArrangementBlocksSteps(arr, opts, sink));
}

/** renderArrangementBlocks, one chunk per step (finalise.ts `drain`). */
export function* renderArrangementBlocksSteps(
  arr: Arrangement,
  opts: Pick<RenderOptions, 'targetLufs' | 'gainDb' | 'onProgress'>,
  sink: ChunkWriter,
  source: ChunkSource = new ArrangementRenderer(arr),
): Generator<void, BlocksResult, void> {
  const r = source;
  const tracks = Array.from({ length: r.trackCount }, () => new Float32Array(CHUNK));
  const meter = opts.gainDb === undefined ? new LoudnessMeter(arr.sampleRate) : null;
  const tape = meter ? new MeterTape() : undefined;
  const N = arr.lengthSamples;
  for (let k = 0, offset = 0; ; k++, offset += CHUNK) {
    const n = r.renderChunk(tracks);
    if (n === 0) break;
    meter?.push(tracks[0], tracks[1], n, 1, tape);
    sink(offset, n, tracks);
    if (opts.onProgress && k % 16 === 0) opts.onProgress(offset / Math.max(1, N));
    yield;
  }
  const preLufs = meter ? meter.result().integratedLufs : NaN;
  const gainDb = opts.gainDb ?? (Number.isFinite(preLufs) ? opts.targetLufs - preLufs : 0);
  return { preLufs, gainDb, groups: r.groups, trackCount: r.trackCount, tape };
}

export function renderArrangement(arr: Arrangement, opts: RenderOptions): RenderResult {
  return drain(renderArrangementSteps(arr, opts));
}

/** renderArrangement, one chunk per step (finalise.ts `drain`): a regeneration yields so a signal can stop it. */
export function* renderArrangementSteps(arr: Arrangement, opts: RenderOptions): Generator<void, RenderResult, void> {
  const N = arr.lengthSamples;
  const progress = opts.onProgress;
  progress?.(0);
  const N1 = Math.max(1, N);
  const side = opts.stems ? new SideTape(N) : null;
  let store: Float32Array[] = [];
  const keep = (offset: number, n: number, tracks: Float32Array[]): void => {
    if (store.length === 0) store = tracks.map(() => new Float32Array(N));
    for (let t = 0; t < tracks.length; t++) store[t].set(n === CHUNK ? tracks[t] : tracks[t].subarray(0, n), offset);
  };
  // with stems, the mix pass takes 60 % of the synthesis's share of the bar, the stems pass the rest
  const mixShare = side ? 0.48 : 0.8;
  let pre = yield* renderArrangementBlocksSteps(arr, { ...opts, onProgress: progress && ((f) => progress(mixShare * f)) }, keep, new ArrangementRenderer(arr, side));
  if (side) {
    const mixPass = store;
    store = [];
    const stems = new StemRenderer(arr, side, (offset, n, tracks) => { for (let t = 0; t < tracks.length; t++) tracks[t].set(mixPass[t].subarray(offset, offset + n)); });
    const tracks = Array.from({ length: stems.trackCount }, () => new Float32Array(CHUNK));
    for (let offset = 0; ; offset += CHUNK) {
      const n = stems.renderChunk(tracks);
      if (n === 0) break;
      keep(offset, n, tracks);
      if (progress && (offset / CHUNK) % 16 === 0) progress(mixShare + (0.8 - mixShare) * (offset / N1));
      yield;
    }
    pre = { ...pre, groups: stems.groups, trackCount: stems.trackCount };
  }
  if (store.length === 0) store = Array.from({ length: pre.trackCount }, () => new Float32Array(N));
  progress?.(0.8);
  // the tape describes pass 1's audio: only the first finalise reads that
  const fin = (gainDb: number, from: number, span: number, ceilingDb: number, tape?: MeterTape): Generator<void, LoudnessResult, void> => finaliseSteps(
    { sampleRate: arr.sampleRate, lengthSamples: N, tracks: pre.trackCount, gainDb, truePeakDb: ceilingDb, tape, onProgress: progress && ((f) => progress(from + span * f)) },
    (offset, n, tracks) => { for (let t = 0; t < tracks.length; t++) tracks[t].set(store[t].subarray(offset, offset + n)); },
    (offset, n, tracks) => { for (let t = 0; t < tracks.length; t++) store[t].set(n === CHUNK ? tracks[t] : tracks[t].subarray(0, n), offset); },
  );
  const ceiling = opts.truePeakDb ?? -1;
  let m = yield* fin(pre.gainDb, 0.8, 0.19, ceiling, pre.tape);
  // a residual inter-sample overshoot from gain modulation: limit the result again, the ceiling
  // lowered by the overshoot (as streamScore does)
  let aim = ceiling;
  for (let pass = 0; pass < 3 && m.truePeakDb > ceiling; pass++) {
    aim -= m.truePeakDb - ceiling + 0.02;
    m = yield* fin(0, 0.99, 0, aim);
  }
  const result: RenderResult = { mix: [store[0], store[1]], integratedLufs: m.integratedLufs, truePeakDb: m.truePeakDb, gainDb: pre.gainDb };
  if (opts.stems) {
    const stems: Partial<Record<VoiceGroup, Stereo>> = {};
    pre.groups.forEach((g, k) => { stems[g] = [store[2 + 2 * k], store[3 + 2 * k]]; });
    result.stems = stems;
  }
  progress?.(1);
  return result;
}
