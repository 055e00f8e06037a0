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
import { limiterCurve } from './dynamics';
import { layersFor } from './instruments';
import { gatedLoudness, LoudnessResult, measureLoudness } from './loudness';
import { hasDelay, Mixer, Stereo } from './mixer';
import { Layer, LayerSpec } from './voice';

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

export function renderArrangement(arr: Arrangement, opts: RenderOptions): RenderResult {
  validate(arr);
  const sr = arr.sampleRate, N = arr.lengthSamples;
  const mix: Stereo = [new Float32Array(N), new Float32Array(N)];
  const [mixL, mixR] = mix;
  const stems: Array<Stereo | null> = VOICE_GROUPS.map(() => null);
  const mixer = new Mixer(sr, N, [...arr.duck].sort((a, b) => a.sample - b.sample), arr.fadeInSamples, arr.fadeOutSamples);
  const { buses, used } = mixer;
  const activeCount = new Int32Array(VOICE_GROUPS.length);

  const events = arr.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i).map((x) => x.e);
  const groupIndex = new Map<VoiceGroup, number>(VOICE_GROUPS.map((g, i) => [g, i]));
  const pending: Pending[] = [];
  let pi = 0;
  const active: Layer[] = [];
  const pool: Layer[] = [];
  let ei = 0;
  const totalBlocks = Math.ceil(N / BLOCK);
  const progressEvery = Math.max(1, Math.floor(totalBlocks / 50));

  for (let b0 = 0, blk = 0; b0 < N; b0 += BLOCK, blk++) {
    const b1 = b0 + BLOCK;
    while (ei < events.length && events[ei].start < b1) {
      const ev = events[ei++];
      const group = groupIndex.get(ev.group) as number;
      for (const spec of layersFor(ev, sr)) {
        if (spec.start >= N) continue;
        spec.delay = hasDelay(ev.group) ? DELAY_SEND : 0;
        pi = insertByStart(pending, pi, { spec, group });
      }
    }
    while (pi < pending.length && pending[pi].spec.start < b1) {
      const { spec, group } = pending[pi++];
      const layer = pool.pop() ?? new Layer();
      layer.init(spec, group, sr);
      active.push(layer);
      activeCount[group]++;
      if (opts.stems && !stems[group]) stems[group] = [new Float32Array(N), new Float32Array(N)];
    }
    if (pi > 256) { pending.splice(0, pi); pi = 0; }
    mixer.clear();
    for (let k = 0; k < active.length; k++) {
      const layer = active[k];
      used[layer.group] = 1;
      layer.render(layer.start > b0 ? layer.start - b0 : 0, buses[layer.group]);
      if (layer.done) {
        pool.push(layer);
        activeCount[layer.group]--;
        active[k] = active[active.length - 1];
        active.pop();
        k--;
      }
    }
    mixer.finish(b0, Math.min(BLOCK, N - b0), mix, stems);
    for (let g = 0; g < activeCount.length; g++) if (used[g] && activeCount[g] === 0) mixer.retire(g);
    if (opts.onProgress && blk % progressEvery === 0) opts.onProgress((0.8 * blk) / totalBlocks);
  }

  const stemList = stems.filter((st): st is Stereo => st !== null);
  const gainDb = opts.gainDb ?? normalisationGainDb(mixL, mixR, sr, opts.targetLufs);
  opts.onProgress?.(0.85);
  const ceilingDb = opts.truePeakDb ?? -1;
  const m = limit(mix, stemList, dbToGain(gainDb), dbToGain(ceilingDb), sr);
  opts.onProgress?.(0.95);
  const result: RenderResult = { mix, integratedLufs: m.integratedLufs, truePeakDb: m.truePeakDb, gainDb };
  if (opts.stems) {
    result.stems = {};
    stems.forEach((s, g) => { if (s) (result.stems as Record<string, Stereo>)[VOICE_GROUPS[g]] = s; });
  }
  opts.onProgress?.(1);
  return result;
}

function normalisationGainDb(L: Float32Array, R: Float32Array, sr: number, target: number): number {
  const m = gatedLoudness([L, R], sr);
  return Number.isFinite(m.integratedLufs) ? target - m.integratedLufs : 0;
}

/**
 * Normalisation gain × limiter curve on mix and stems alike. The limiter aims 0.05 dB under the
 * ceiling; if gain modulation still leaves an inter-sample overshoot, it runs again on the result.
 * Returns the final mix's measurement (its true peak doubles as the check).
 */
function limit(mix: Stereo, stems: Stereo[], gain: number, ceiling: number, sr: number): LoudnessResult {
  const N = mix[0].length;
  const curve = new Float32Array(N);
  const aim = ceiling * dbToGain(-0.05);
  const ceilingDb = 20 * Math.log10(ceiling);
  let g = gain;
  for (let pass = 0; ; pass++) {
    const limited = limiterCurve(mix, g, aim, sr, curve);
    for (const ch of [...mix, ...stems.flat()]) {
      if (limited) for (let i = 0; i < N; i++) ch[i] *= g * curve[i];
      else if (g !== 1) for (let i = 0; i < N; i++) ch[i] *= g;
    }
    g = 1;
    const m = measureLoudness(mix, sr);
    if (m.truePeakDb <= ceilingDb || pass === 3) return m;
  }
}

interface Pending {
  spec: LayerSpec;
  group: number;
}

/** Keeps pending[from..] sorted by start; returns `from` unchanged. */
function insertByStart(list: Pending[], from: number, item: Pending): number {
  let lo = from, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].spec.start <= item.spec.start) lo = mid + 1; else hi = mid;
  }
  list.splice(lo, 0, item);
  return from;
}
