/**
 * A render's notes are shared between VOICE_PARTS parts, and each part renders its own voices
 * into its own buses; the mix bus is then the parts' buses added in part order. The split is a
 * function of the arrangement alone, never of the machine, so a part can render on another
 * thread (src/io/render-worker.ts) and the bytes are the same as with every part on one thread
 * (tested). Voices are independent and the buses are sums, so splitting changes nothing but
 * the order of the additions.
 *
 * Notes starting on the same sample stay in one part (a chord's voices share one filter, see
 * Layer.absorb), and the sampled kit's pieces all render in part 0 (a closed hat chokes the open
 * one). Each cluster of notes goes to the part with less sounding at that moment, so the parts stay even
 * from moment to moment: two threads run in step, and the slower one sets the pace.
 */
import { VOICE_GROUPS, type NoteEvent } from '../music/types';
import { GM, isSampled } from '../sampler/gm';
import { SamplerPlayer } from '../sampler/player';
import type { SamplerBank } from '../sampler/bank';
import { BLOCK, FILTER_LP, KIND_OSC_HALF_MAX_HZ, UP_K } from './dsp';
import { layersFor } from './instruments';
import { addBuses, addHalfBuses, clearBuses, clearHalfBuses, hasDelay, newBuses } from './mixer';
import { Buses, KIND_OSC, Layer, LayerSpec } from './voice';
import type { VoiceGroup } from '../music/types';

export const VOICE_PARTS = 2;
/**
 * Part 0 renders on the thread that also runs the mixer, meter and spill in pass 1, and all of
 * pass 2 and the start-up: it takes notes only when the other part is this many voices (of the
 * cost model below) ahead. In-process pass 1 alone balances near 128 (300 s of the 10-minute CLI
 * sequence, thread CPU: at 32 the mixer's thread 1.51 s against the worker's 1.14 s, at 128 1.33 s
 * against 1.42 s), but the whole CLI run, whose main thread also does the serial parts, is faster
 * further out: 10 minutes, synth palette, 3 paired rounds, 5.34–5.43 s wall at 256 against
 * 5.74–6.17 s at 96 (400 and 1000: 5.30–5.40 s); the sampled demo 3.19–3.20 s against 3.26–3.34 s.
 */
const MIXER_VOICES = 256;
/**
 * A sampled note (two zones or a stereo pair, each read, filtered and enveloped per sample) in
 * the same units. Thread CPU on 60 s of the bench arrangement on the sound bank (pass 1): at 2
 * the mixer's thread took 0.8 s and the worker with the collector 2.5 s; at 12, 1.24 s and 1.83 s;
 * at 28, 1.52 s and 1.90 s (the collector's threads ~0.7 s of that, as on one thread).
 */
const SAMPLED_NOTE = 12;
const DELAY_SEND = 0.22;
/** A note's send into the delay: its group's (keys and lead have one). */
const delaySend = (group: VoiceGroup): number => (hasDelay(group) ? DELAY_SEND : 0);

/**
 * The part each event (in `events` order, already sorted by start) renders in: each cluster of
 * notes on one sample goes to the part whose sounding voices cost least at that moment.
 */
export function partOfEvents(events: readonly NoteEvent[], sr: number, parts = VOICE_PARTS): Uint8Array {
  const out = new Uint8Array(events.length);
  const load = new Float64Array(parts);
  // per part, a min-heap of [end, cost per sample] of its sounding voices
  const ends: Array<Array<[number, number]>> = Array.from({ length: parts }, () => []);
  const voices: Array<[number, number]> = [], kitVoices: Array<[number, number]> = [];
  for (let i = 0; i < events.length;) {
    const t = events[i].start;
    let j = i;
    voices.length = 0;
    kitVoices.length = 0;
    for (; j < events.length && events[j].start === t; j++) {
      const e = events[j];
      if (isSampled(e.instrument)) {
        (isKit(e) ? kitVoices : voices).push([t + e.length + sr / 2, SAMPLED_NOTE]);
        continue;
      }
      for (const spec of layersFor(e, sr)) {
        // a layer sounds to about −60 dB of its release; half-rate layers cost half
        spec.delay = delaySend(e.group);
        voices.push([spec.start + spec.gate + 7 * spec.releaseTau, halfRate(spec, e.group, sr) ? 0.5 : 1]);
      }
    }
    let p = 0;
    for (let q = 0; q < parts; q++) {
      const h = ends[q];
      while (h.length > 0 && h[0][0] <= t) load[q] -= heapPop(h)[1];
      if (load[q] + (q === 0 ? MIXER_VOICES : 0) < load[p] + (p === 0 ? MIXER_VOICES : 0)) p = q;
    }
    // the kit's pieces all in part 0 (a closed hat chokes the open one); the rest of the cluster together
    for (let k = i; k < j; k++) out[k] = isKit(events[k]) ? 0 : p;
    for (const v of voices) { heapPush(ends[p], v); load[p] += v[1]; }
    for (const v of kitVoices) { heapPush(ends[0], v); load[0] += v[1]; }
    i = j;
  }
  return out;
}

/** A piece of the sampled drum kit (GM bank 128: exclusive classes choke across its notes). */
function isKit(e: NoteEvent): boolean {
  return isSampled(e.instrument) && GM[e.instrument].bank === 128;
}

function heapPush(h: Array<[number, number]>, x: [number, number]): void {
  h.push(x);
  for (let i = h.length - 1; i > 0;) {
    const up = (i - 1) >> 1;
    if (h[up][0] <= h[i][0]) break;
    [h[up], h[i]] = [h[i], h[up]];
    i = up;
  }
}

function heapPop(h: Array<[number, number]>): [number, number] {
  const top = h[0];
  const last = h.pop() as [number, number];
  if (h.length > 0) {
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && h[l][0] < h[m][0]) m = l;
      if (r < h.length && h[r][0] < h[m][0]) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
  return top;
}

/**
 * Where a part adds what it rendered: a mix part into the mixer's bus, a stems part (made with
 * `groups`) into the stem mixer's bus for each voice's group; `used` marks the groups heard.
 */
export interface PartTarget {
  /** The mix bus (a mix part's). */
  main: Buses | null;
  /** The per-group buses (a stems part's). */
  groups: Buses[] | null;
}

/**
 * What a render's mixer needs from a part, block by block: the part's half-rate buses for the
 * pair of blocks starting at b0, then its full-rate buses for the block, added into the target's
 * buses (half-rate ones for addHalf). A local part renders them; a part on another thread hands
 * over what it rendered there.
 */
export interface PartSource {
  addHalf(b0: number, into: PartTarget, used: Uint8Array): void;
  addFull(b0: number, into: PartTarget, used: Uint8Array): void;
  /** Live voices per group (a group with none anywhere can retire). */
  readonly activeCount: Int32Array;
  dispose?(): void;
}

/** Where each part of a render runs, given its notes (default: here). */
export type PartPlacer = (k: number, events: NoteEvent[]) => PartSource;

/**
 * A render's parts, made when first asked for (a renderer asked only for its tracks splits no
 * notes and starts no worker), each kept as soon as it is made so dispose() reaches a worker
 * started before a later failure.
 */
export class LazyParts {
  private made: PartSource[] | null = null;

  /** `events` sorted by start, shared out by splitEvents and placed by `place`. */
  constructor(private readonly events: NoteEvent[], private readonly sr: number, private readonly place: PartPlacer) {}

  get list(): PartSource[] {
    if (!this.made) {
      const made: PartSource[] = (this.made = []);
      splitEvents(this.events, this.sr).forEach((own, k) => made.push(this.place(k, own)));
    }
    return this.made;
  }

  dispose(): void {
    for (const p of this.made ?? []) p.dispose?.();
  }
}

/**
 * The voices of one part, rendered on this thread: a mix part into its own buses, a stems part
 * (`groups`) into its own bus per voice group, nothing else (the stems pass of a render, see
 * ./stem-render).
 */
export class VoicePart implements PartSource {
  readonly activeCount = new Int32Array(VOICE_GROUPS.length);
  private readonly events: NoteEvent[];
  private ei = 0;
  private readonly pending: Pending[] = [];
  private pi = 0;
  private readonly active: Layer[] = [];
  private readonly pendingHalf: Pending[] = [];
  private phi = 0;
  private readonly activeHalf: Layer[] = [];
  private readonly pool: Layer[] = [];
  private readonly own = newBuses();
  private readonly ownHalf = newBuses();
  private readonly sampler: SamplerPlayer | null;
  /** A stems part's own bus per voice group, full rate (this block) and half rate (this pair). */
  readonly groupFull: Buses[] | null;
  readonly groupHalf: Buses[] | null;
  /** The groups this part's voices sounded in, this block and this pair: their group buses hold something. */
  readonly touchedFull = new Uint8Array(VOICE_GROUPS.length);
  readonly touchedHalf = new Uint8Array(VOICE_GROUPS.length);

  /** `events`: this part's notes, sorted by start; `N` the arrangement's length in samples. */
  constructor(events: NoteEvent[], private readonly sr: number, private readonly N: number, bank: SamplerBank | null, groups = false) {
    this.events = events;
    this.sampler = bank ? new SamplerPlayer(bank, sr, this.activeCount) : null;
    this.groupFull = groups ? VOICE_GROUPS.map(newBuses) : null;
    this.groupHalf = groups ? VOICE_GROUPS.map(newBuses) : null;
  }

  /** Queues the notes starting before b0 + 4 blocks (half-rate layers start up to two blocks early). */
  private take(b0: number): void {
    const { events, sr, N } = this;
    while (this.ei < events.length && events[this.ei].start < b0 + 4 * BLOCK) {
      const ev = events[this.ei++];
      const group = VOICE_GROUPS.indexOf(ev.group);
      if (this.sampler && isSampled(ev.instrument)) {
        if (ev.start < N) this.sampler.take({ ...ev, instrument: ev.instrument }, group, delaySend(ev.group));
        continue;
      }
      for (const spec of layersFor(ev, sr)) {
        if (spec.start >= N) continue;
        spec.delay = delaySend(ev.group);
        if (halfRate(spec, ev.group, sr)) insertByStart(this.pendingHalf, this.phi, { spec: toHalfRate(spec), group });
        else insertByStart(this.pending, this.pi, { spec, group });
      }
    }
  }

  addHalf(b0: number, into: PartTarget, used: Uint8Array): void {
    const own = this.renderHalf(b0);
    const touched = this.touchedHalf, groups = this.groupHalf;
    if (!groups) addHalfBuses(into.main as Buses, own);
    for (let g = 0; g < touched.length; g++) {
      if (!touched[g]) continue;
      used[g] = 1;
      if (groups) addHalfBuses((into.groups as Buses[])[g], groups[g]);
    }
  }

  addFull(b0: number, into: PartTarget, used: Uint8Array): void {
    const own = this.renderFull(b0);
    const touched = this.touchedFull, groups = this.groupFull;
    if (!groups) addBuses(into.main as Buses, own, 0);
    for (let g = 0; g < touched.length; g++) {
      if (!touched[g]) continue;
      used[g] = 1;
      if (groups) addBuses((into.groups as Buses[])[g], groups[g], 0);
    }
  }

  /**
   * Renders the part's half-rate buses (dry L/R and reverb send) for the pair of blocks at b0: a
   * mix part's own (returned), a stems part's group buses (groupHalf, where touchedHalf says).
   */
  renderHalf(b0: number): Buses {
    this.take(b0);
    const own = this.ownHalf, groups = this.groupHalf;
    if (!groups) clearHalfBuses(own);
    clearTouched(this.touchedHalf, groups, true);
    const h0 = b0 / 2;
    this.phi = this.spawn(this.pendingHalf, this.phi, h0 + BLOCK, this.activeHalf, this.sr / 2);
    this.renderLayers(this.activeHalf, h0, own, groups, this.touchedHalf);
    this.sampler?.renderHalf(h0, groups ? null : own, groups, this.touchedHalf);
    return own;
  }

  /** Renders the part's full-rate buses for the block at b0 (a stems part's: groupFull). */
  renderFull(b0: number): Buses {
    this.take(b0);
    const own = this.own, groups = this.groupFull;
    if (!groups) clearBuses(own);
    clearTouched(this.touchedFull, groups, false);
    this.pi = this.spawn(this.pending, this.pi, b0 + BLOCK, this.active, this.sr);
    this.renderLayers(this.active, b0, own, groups, this.touchedFull);
    this.sampler?.render(b0, this.touchedFull, groups ? null : own, groups);
    return own;
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

  /** Renders every layer of `list` into `main`, or (a stems part) into its group's bus. */
  private renderLayers(list: Layer[], b0: number, main: Buses, groups: Buses[] | null, used: Uint8Array): void {
    for (let k = 0; k < list.length; k++) {
      const layer = list[k];
      const from = layer.start > b0 ? layer.start - b0 : 0;
      const bus = groups ? groups[layer.group] : main;
      used[layer.group] = 1;
      // two neighbours in one loop where both are steady (into one bus: a stems part pairs a group's own)
      const next = k + 1 < list.length ? list[k + 1] : null;
      const pairable = from === 0 && next !== null && next.start <= b0 && (groups === null || next.group === layer.group);
      // (renderPair and renderSquarePair render this layer alone when they answer false)
      if (pairable && layer.saw2 && next.saw2) {
        if (layer.renderPair(next, bus)) {
          used[next.group] = 1;
          k++;
          continue;
        }
      } else if (pairable && layer.sq2 && next.sq2) {
        if (layer.renderSquarePair(next, bus)) {
          used[next.group] = 1;
          k++;
          continue;
        }
      } else {
        layer.render(from, bus);
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

/** Zeroes the group buses the last block (or pair) sounded in and forgets them. */
function clearTouched(touched: Uint8Array, groups: Buses[] | null, half: boolean): void {
  for (let g = 0; g < touched.length; g++) {
    if (!touched[g]) continue;
    touched[g] = 0;
    if (!groups) continue;
    if (half) clearHalfBuses(groups[g]);
    else clearBuses(groups[g]);
  }
}

/** The parts of an arrangement's events (sorted by start), each with its own notes. */
export function splitEvents(events: NoteEvent[], sr: number): NoteEvent[][] {
  const part = partOfEvents(events, sr);
  const out: NoteEvent[][] = Array.from({ length: VOICE_PARTS }, () => []);
  events.forEach((e, i) => out[part[i]].push(e));
  return out;
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
