/**
 * Arrangement → stereo mix (+ stems). Pass 1 streams 128-sample blocks: note layers start at
 * their exact sample inside a block, write into per-group buses and sends; the delay runs per
 * group and the reverb once on the summed send, its return shared out to the groups in
 * proportion to their recent send energy (shares sum to 1, so stems still sum to the mix). The
 * bus compressor, duck and fades form one per-sample gain applied to the mix and each stem.
 * Pass 2 normalises loudness (BS.1770) and runs the true-peak limiter on the whole buffer.
 */
import { VOICE_GROUPS, type Arrangement, type VoiceGroup } from '../music/types';
import { BLOCK, dbToGain } from './dsp';
import { applyDuck, applyFades, BusCompressor, limiterCurve } from './dynamics';
import { PingPong, Reverb } from './effects';
import { layersFor } from './instruments';
import { measureLoudness } from './loudness';
import { truePeak } from './truepeak';
import { Buses, Layer, LayerSpec } from './voice';

export interface RenderOptions {
  targetLufs: number;
  stems?: boolean;
  /** Limiter ceiling in dBTP (default −1). */
  truePeakDb?: number;
  onProgress?: (fraction: number) => void;
  /** Reuse a previous render's normalisation gain instead of measuring (regeneration). */
  gainDb?: number;
}

export type Stereo = [Float32Array, Float32Array];

export interface RenderResult {
  mix: Stereo;
  stems?: Partial<Record<VoiceGroup, Stereo>>;
  /** Measured on the final mix; −Infinity for silence. */
  integratedLufs: number;
  truePeakDb: number;
  /** Normalisation gain applied before the limiter. */
  gainDb: number;
}

const DELAY_GROUPS: ReadonlySet<VoiceGroup> = new Set(['keys', 'lead']);
const DELAY_SEND = 0.22;
const RT60 = 2.2;

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

function newBuses(): Buses {
  const f = (): Float64Array => new Float64Array(BLOCK);
  return { dryL: f(), dryR: f(), rev: f(), dlyL: f(), dlyR: f() };
}

export function renderArrangement(arr: Arrangement, opts: RenderOptions): RenderResult {
  validate(arr);
  const B = BLOCK;
  const sr = arr.sampleRate, N = arr.lengthSamples;
  const mixL = new Float32Array(N), mixR = new Float32Array(N);
  const G = VOICE_GROUPS.length;
  const buses = VOICE_GROUPS.map(newBuses);
  const used = new Uint8Array(G);
  const delays = VOICE_GROUPS.map((g) => (DELAY_GROUPS.has(g) ? new PingPong(sr) : null));
  const stems: Array<Stereo | null> = VOICE_GROUPS.map(() => null);
  const reverb = new Reverb(sr, RT60);
  const comp = new BusCompressor(sr);
  const revIn = new Float64Array(BLOCK);
  const revOutL = new Float64Array(BLOCK), revOutR = new Float64Array(BLOCK);
  const sumL = new Float64Array(BLOCK), sumR = new Float64Array(BLOCK);
  const gain = new Float64Array(BLOCK);
  const energy = new Float64Array(G), share = new Float64Array(G), prevShare = new Float64Array(G);
  const energyDecay = Math.exp(-BLOCK / ((RT60 / Math.log(1e6)) * sr));
  const duckHint = { i: 0 };
  const duck = [...arr.duck].sort((a, b) => a.sample - b.sample);

  const events = arr.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i).map((x) => x.e);
  const groupIndex = new Map<VoiceGroup, number>(VOICE_GROUPS.map((g, i) => [g, i]));
  const pending: Array<{ spec: LayerSpec; group: number }> = [];
  const active: Layer[] = [];
  const pool: Layer[] = [];
  let ei = 0;
  const totalBlocks = Math.ceil(N / BLOCK);
  const progressEvery = Math.max(1, Math.floor(totalBlocks / 50));

  for (let b0 = 0, blk = 0; b0 < N; b0 += BLOCK, blk++) {
    const b1 = b0 + BLOCK;
    const n = Math.min(BLOCK, N - b0);
    while (ei < events.length && events[ei].start < b1) {
      const ev = events[ei++];
      const group = groupIndex.get(ev.group) as number;
      for (const spec of layersFor(ev, sr)) {
        if (spec.start >= N) continue;
        spec.delay = DELAY_GROUPS.has(ev.group) ? DELAY_SEND : 0;
        insertByStart(pending, { spec, group });
      }
    }
    while (pending.length > 0 && pending[0].spec.start < b1) {
      const { spec, group } = pending.shift() as { spec: LayerSpec; group: number };
      const layer = pool.pop() ?? new Layer();
      layer.init(spec, group, sr);
      active.push(layer);
      if (opts.stems && !stems[group]) stems[group] = [new Float32Array(N), new Float32Array(N)];
    }
    for (let g = 0; g < G; g++) {
      if (!used[g]) continue;
      const bus = buses[g];
      bus.dryL.fill(0); bus.dryR.fill(0); bus.rev.fill(0); bus.dlyL.fill(0); bus.dlyR.fill(0);
    }
    for (let k = 0; k < active.length; k++) {
      const layer = active[k];
      used[layer.group] = 1;
      layer.render(layer.start > b0 ? layer.start - b0 : 0, buses[layer.group]);
      if (layer.done) {
        pool.push(layer);
        active[k] = active[active.length - 1];
        active.pop();
        k--;
      }
    }
    revIn.fill(0);
    let totalEnergy = 0;
    for (let g = 0; g < G; g++) {
      if (!used[g]) continue;
      const bus = buses[g];
      const d = delays[g];
      if (d) d.process(bus.dlyL, bus.dlyR, bus.dryL, bus.dryR);
      let e = 0;
      const send = bus.rev;
      for (let i = 0; i < B; i++) {
        revIn[i] += send[i];
        e += send[i] * send[i];
      }
      energy[g] = energy[g] * energyDecay + e;
      totalEnergy += energy[g];
    }
    reverb.process(revIn, revOutL, revOutR);
    if (totalEnergy > 0) for (let g = 0; g < G; g++) share[g] = energy[g] / totalEnergy;
    sumL.fill(0); sumR.fill(0);
    for (let g = 0; g < G; g++) {
      if (!used[g]) continue;
      const { dryL, dryR } = buses[g];
      const s0 = prevShare[g], ds = (share[g] - s0) / B;
      if (s0 !== 0 || ds !== 0) {
        for (let i = 0; i < B; i++) {
          const w = s0 + ds * (i + 1);
          dryL[i] += revOutL[i] * w; dryR[i] += revOutR[i] * w;
        }
      }
      prevShare[g] = share[g];
      for (let i = 0; i < B; i++) { sumL[i] += dryL[i]; sumR[i] += dryR[i]; }
    }
    comp.process(sumL, sumR, gain);
    applyDuck(duck, b0, n, gain, duckHint);
    applyFades(b0, n, N, arr.fadeInSamples, arr.fadeOutSamples, gain);
    for (let i = 0; i < n; i++) {
      mixL[b0 + i] = sumL[i] * gain[i];
      mixR[b0 + i] = sumR[i] * gain[i];
    }
    for (let g = 0; g < G; g++) {
      const st = stems[g];
      if (!st || !used[g]) continue;
      const { dryL, dryR } = buses[g];
      for (let i = 0; i < n; i++) {
        st[0][b0 + i] = dryL[i] * gain[i];
        st[1][b0 + i] = dryR[i] * gain[i];
      }
    }
    if (opts.onProgress && blk % progressEvery === 0) opts.onProgress((0.8 * blk) / totalBlocks);
  }

  const stemList = stems.filter((s): s is Stereo => s !== null);
  const gainDb = opts.gainDb ?? normalisationGainDb(mixL, mixR, sr, opts.targetLufs);
  opts.onProgress?.(0.85);
  const ceilingDb = opts.truePeakDb ?? -1;
  limit([mixL, mixR], stemList, dbToGain(gainDb), dbToGain(ceilingDb), sr);
  opts.onProgress?.(0.95);
  const m = measureLoudness([mixL, mixR], sr);
  const result: RenderResult = { mix: [mixL, mixR], integratedLufs: m.integratedLufs, truePeakDb: m.truePeakDb, gainDb };
  if (opts.stems) {
    result.stems = {};
    stems.forEach((s, g) => { if (s) (result.stems as Record<string, Stereo>)[VOICE_GROUPS[g]] = s; });
  }
  opts.onProgress?.(1);
  return result;
}

function normalisationGainDb(L: Float32Array, R: Float32Array, sr: number, target: number): number {
  const m = measureLoudness([L, R], sr);
  return Number.isFinite(m.integratedLufs) ? target - m.integratedLufs : 0;
}

/**
 * Normalisation gain × limiter curve on mix and stems alike. The limiter aims 0.05 dB under the
 * ceiling; if gain modulation still leaves an inter-sample overshoot, it runs again on the result.
 */
function limit(mix: Stereo, stems: Stereo[], gain: number, ceiling: number, sr: number): void {
  const N = mix[0].length;
  const curve = new Float32Array(N);
  const aim = ceiling * dbToGain(-0.05);
  let g = gain;
  for (let pass = 0; pass < 4; pass++) {
    const limited = limiterCurve(mix, g, aim, sr, curve);
    for (const ch of [...mix, ...stems.flat()]) {
      if (limited) for (let i = 0; i < N; i++) ch[i] *= g * curve[i];
      else if (g !== 1) for (let i = 0; i < N; i++) ch[i] *= g;
    }
    g = 1;
    if (Math.max(truePeak(mix[0]), truePeak(mix[1])) <= ceiling) return;
  }
}

function insertByStart(list: Array<{ spec: LayerSpec; group: number }>, item: { spec: LayerSpec; group: number }): void {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].spec.start <= item.spec.start) lo = mid + 1; else hi = mid;
  }
  list.splice(lo, 0, item);
}
