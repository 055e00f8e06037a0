/**
 * Arrangement → stereo mix (+ stems), in two streamed passes. Pass 1 (ArrangementRenderer,
 * renderArrangementBlocks) renders 128-sample blocks: note layers start at their exact sample
 * inside a block and add into the buses of ./mixer (send reverb, delay, bus compressor, duck,
 * fades); chunks of CHUNK frames go to a sink while the mix is metered (BS.1770). Pass 2
 * (./finalise) applies the normalisation gain and the true-peak limiter chunk by chunk.
 * `renderArrangement` runs both over in-memory buffers; a streaming caller spills pass 1 to disk.
 */
import { VOICE_GROUPS, type Arrangement, type NoteEvent, type VoiceGroup } from '../music/types';
import { BLOCK, FILTER_LP, KIND_OSC_HALF_MAX_HZ, UP_K } from './dsp';
import { CHUNK, ChunkWriter, drain, finaliseSteps } from './finalise';
import { layersFor } from './instruments';
import { LoudnessMeter, MeterTape, type LoudnessResult } from './loudness';
import { clearBuses, hasDelay, Mixer, newBuses, Stereo } from './mixer';
import { Buses, KIND_OSC, Layer, LayerSpec } from './voice';
import { isSampled } from '../sampler/gm';
import { SamplerPlayer } from '../sampler/player';
import type { SamplerVoice } from '../sampler/voice';

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

const DELAY_SEND = 0.22;

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
 * Renders an arrangement chunk by chunk (CHUNK frames, the last one shorter) before loudness
 * normalisation: tracks are [mix L, mix R, then L/R of each stem group in `groups` order].
 */
export class ArrangementRenderer implements ChunkSource {
  readonly groups: VoiceGroup[];
  readonly trackCount: number;
  private readonly sr: number;
  private readonly N: number;
  private readonly mixer: Mixer;
  private readonly events: NoteEvent[];
  private readonly stemOf: Array<Stereo | null>;
  private readonly pending: Pending[] = [];
  private pi = 0;
  private ei = 0;
  private readonly active: Layer[] = [];
  private readonly pendingHalf: Pending[] = [];
  private phi = 0;
  private readonly activeHalf: Layer[] = [];
  private readonly pool: Layer[] = [];
  private readonly activeCount = new Int32Array(VOICE_GROUPS.length);
  private readonly solo = newBuses();
  private b0 = 0;
  /** Plays the sampled instruments when the arrangement brings a sound bank. */
  private readonly sampler: SamplerPlayer | null;
  private main: Buses | null = null;
  private stemBuses: Buses[] | null = null;
  private readonly toMain = (v: SamplerVoice, from: number): void => v.render(this.b0, from, this.main as Buses);
  private readonly toStems = (v: SamplerVoice, from: number): void => {
    // as for synth layers: the same values go to the main bus and to the voice's group
    const solo = this.solo, main = this.main as Buses;
    clearBuses(solo);
    v.render(this.b0, from, solo);
    addBuses(main, solo, from);
    addBuses((this.stemBuses as Buses[])[v.group], solo, from);
  };

  constructor(arr: Arrangement, stems: boolean) {
    validate(arr);
    this.sr = arr.sampleRate;
    this.N = arr.lengthSamples;
    this.events = arr.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i).map((x) => x.e);
    const present = new Set(this.events.filter((e) => e.start < this.N).map((e) => e.group));
    this.groups = stems ? VOICE_GROUPS.filter((g) => present.has(g)) : [];
    this.trackCount = 2 + 2 * this.groups.length;
    this.stemOf = VOICE_GROUPS.map(() => null);
    this.mixer = new Mixer(this.sr, this.N, [...arr.duck].sort((a, b) => a.sample - b.sample), arr.fadeInSamples, arr.fadeOutSamples, stems, arr.mix);
    this.sampler = arr.sampler ? new SamplerPlayer(arr.sampler, this.sr, this.activeCount) : null;
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
    this.groups.forEach((g, k) => { this.stemOf[VOICE_GROUPS.indexOf(g)] = [tracks[2 + 2 * k], tracks[3 + 2 * k]]; });
    for (let at = 0; at < n; at += BLOCK) this.renderBlock(mix, at, Math.min(BLOCK, n - at));
    return n;
  }

  private renderBlock(mix: Stereo, at: number, n: number): void {
    const { sr, N, mixer, events, pending, pendingHalf, active, activeHalf } = this;
    const b0 = this.b0, b1 = b0 + BLOCK;
    // events are taken in a little ahead: half-rate layers start up to two blocks early
    while (this.ei < events.length && events[this.ei].start < b0 + 4 * BLOCK) {
      const ev = events[this.ei++];
      const group = VOICE_GROUPS.indexOf(ev.group);
      if (this.sampler && isSampled(ev.instrument)) {
        if (ev.start < N) this.sampler.take({ ...ev, instrument: ev.instrument }, group, hasDelay(ev.group) ? DELAY_SEND : 0);
        continue;
      }
      for (const spec of layersFor(ev, sr)) {
        if (spec.start >= N) continue;
        spec.delay = hasDelay(ev.group) ? DELAY_SEND : 0;
        if (halfRate(spec, ev.group, sr)) insertByStart(pendingHalf, this.phi, { spec: toHalfRate(spec), group });
        else insertByStart(pending, this.pi, { spec, group });
      }
    }
    this.pi = this.spawn(pending, this.pi, b1, active, sr);
    mixer.clear();
    const { main, groups, used } = mixer;
    if (b0 % (2 * BLOCK) === 0) {
      // the half-rate voices render one half-rate block covering this block and the next
      const h0 = b0 / 2;
      this.phi = this.spawn(pendingHalf, this.phi, h0 + BLOCK, activeHalf, sr / 2);
      mixer.clearHalf();
      this.renderLayers(activeHalf, h0, mixer.halfMain, mixer.halfGroups, used);
      mixer.upsampleHalf();
    }
    mixer.addHalf((b0 / BLOCK) & 1);
    this.renderLayers(active, b0, main, groups, used);
    if (this.sampler) {
      this.main = main;
      this.stemBuses = groups;
      this.sampler.render(b0, used, groups ? this.toStems : this.toMain);
    }
    mixer.finish(b0, n, mix, at, groups ? this.stemOf : null);
    const activeCount = this.activeCount;
    for (let g = 0; g < activeCount.length; g++) if (used[g] && activeCount[g] === 0) mixer.retire(g);
    this.b0 = b1;
  }

  private spawn(list: Pending[], from: number, before: number, into: Layer[], rate: number): number {
    let i = from;
    const first = into.length;
    while (i < list.length && list[i].spec.start < before) {
      const { spec, group } = list[i++];
      const layer = this.pool.pop() ?? new Layer();
      layer.init(spec, group, rate);
      // a chord's voices (same start, envelope and filter) join the first of them spawned here
      let joined = false;
      for (let k = first; k < into.length && !joined; k++) joined = into[k].absorb(layer, spec);
      if (joined) continue;
      into.push(layer);
      this.activeCount[group]++;
    }
    if (i > 256) { list.splice(0, i); i = 0; }
    return i;
  }

  private renderLayers(list: Layer[], b0: number, main: Buses, groups: Buses[] | null, used: Uint8Array): void {
    const solo = this.solo;
    for (let k = 0; k < list.length; k++) {
      const layer = list[k];
      const from = layer.start > b0 ? layer.start - b0 : 0;
      used[layer.group] = 1;
      if (groups) {
        // the same values go to the main bus (bit-identical to a render without stems) and the group's
        clearBuses(solo);
        layer.render(from, solo);
        addBuses(main, solo, from);
        addBuses(groups[layer.group], solo, from);
      } else if (from === 0 && layer.saw2 && k + 1 < list.length && list[k + 1].saw2 && list[k + 1].start <= b0) {
        // neighbours only, so the buses see the same additions in the same order as with stems
        const next = list[k + 1];
        if (layer.renderPair(next, main)) {
          used[next.group] = 1;
          k++;
          continue;
        }
      } else if (from === 0 && layer.sq2 && k + 1 < list.length && list[k + 1].sq2 && list[k + 1].start <= b0) {
        const next = list[k + 1];
        if (layer.renderSquarePair(next, main)) {
          used[next.group] = 1;
          k++;
          continue;
        }
      } else {
        layer.render(from, main);
      }
      if (layer.done) {
        layer.releaseMembers(this.pool);
        this.pool.push(layer);
        this.activeCount[layer.group]--;
        list[k] = list[list.length - 1];
        list.pop();
        k--;
      }
    }
  }
}

/**
 * Sustained subtractive layers low-passed well under a quarter of the rate (pads, drones) render
 * at half rate and are upsampled once per bus: half the cost, nothing audible lost. Stingers stay
 * at full rate (their hits are sample-exact), and so do layers feeding the delay.
 */
function halfRate(spec: LayerSpec, group: VoiceGroup, sr: number): boolean {
  if (spec.kind !== KIND_OSC || spec.filter !== FILTER_LP || spec.delay > 0 || group === 'stingers') return false;
  const top = (spec.cutoff ?? 1000) * Math.pow(2, (spec.fEnv ?? 0) + (spec.fTrack ?? 0));
  return top <= KIND_OSC_HALF_MAX_HZ * (sr / 48000) && spec.hz < sr / 16;
}

/** The same layer in half-rate samples, started early by the upsampler's latency. */
function toHalfRate(s: LayerSpec): LayerSpec {
  const h: LayerSpec = { ...s, start: Math.max(0, Math.floor((s.start - 2 * UP_K) / 2)), attack: s.attack / 2, decayTau: s.decayTau / 2, releaseTau: s.releaseTau / 2, gate: s.gate / 2 };
  if (s.fTau !== undefined) h.fTau = s.fTau / 2;
  if (s.sweepTau !== undefined) h.sweepTau = s.sweepTau / 2;
  if (s.fmTau !== undefined) h.fmTau = s.fmTau / 2;
  return h;
}

function addBuses(dst: Buses, src: Buses, from: number): void {
  const { dryL, dryR, rev, dly } = dst;
  const sL = src.dryL, sR = src.dryR, sRev = src.rev, sd = src.dly;
  for (let i = from; i < BLOCK; i++) {
    dryL[i] += sL[i]; dryR[i] += sR[i]; rev[i] += sRev[i];
    dly[i] += sd[i];
  }
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
export function renderArrangementBlocks(arr: Arrangement, opts: Pick<RenderOptions, 'targetLufs' | 'stems' | 'gainDb' | 'onProgress'>, sink: ChunkWriter): BlocksResult {
  return drain(renderArrangementBlocksSteps(arr, opts, sink));
}

/** renderArrangementBlocks, one chunk per step (finalise.ts `drain`). */
export function* renderArrangementBlocksSteps(
  arr: Arrangement,
  opts: Pick<RenderOptions, 'targetLufs' | 'stems' | 'gainDb' | 'onProgress'>,
  sink: ChunkWriter,
  source: ChunkSource = new ArrangementRenderer(arr, Boolean(opts.stems)),
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
  let store: Float32Array[] = [];
  const pre = yield* renderArrangementBlocksSteps(arr, { ...opts, onProgress: progress && ((f) => progress(0.8 * f)) }, (offset, n, tracks) => {
    if (store.length === 0) store = tracks.map(() => new Float32Array(N));
    for (let t = 0; t < tracks.length; t++) store[t].set(n === CHUNK ? tracks[t] : tracks[t].subarray(0, n), offset);
  });
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

interface Pending {
  spec: LayerSpec;
  group: number;
}

/** Keeps pending[from..] sorted by start. */
function insertByStart(list: Pending[], from: number, item: Pending): void {
  let lo = from, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].spec.start <= item.spec.start) lo = mid + 1; else hi = mid;
  }
  list.splice(lo, 0, item);
}
