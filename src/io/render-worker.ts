/**
 * More cores for a render: the voices of each part (src/synth/voice-part.ts) render on a worker
 * thread of their own and hand their buses over, block by block, through a ring of shared
 * buffers, while this thread adds them up, runs the mixer, meters, limits, encodes and writes.
 * A worker runs the same part code on the same notes, so the mix is the bytes one thread would
 * have rendered (tested). Each ring holds RING_SLOTS chunks; this thread blocks (Atomics.wait)
 * only when a part is behind, a worker only when its ring is full, so memory stays a few chunks
 * whatever the length.
 *
 * Node only (worker_threads): the pure core never imports this; the CLI hands it in through
 * ScoreStreamIo.openParts. A sampled palette's worker gets the samples its notes play
 * (./worker-bank). In the stems pass the worker's part hands over its bus per voice group
 * instead, for the groups it sounded in, and the stems are mixed here.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Arrangement, NoteEvent } from '../music/types';
import { CHUNK } from '../synth/finalise';
import { BLOCK } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import { VoicePart, type PartPlacer, type PartSource, type PartTarget } from '../synth/voice-part';
import { VOICE_GROUPS } from '../music/types';
import { bankForWorker, workerBank, type BankForWorker } from './worker-bank';
import { RING_SLOTS, RingReader, produceChunks, workerScript, type RingJob } from './worker-ring';

/**
 * A slot: the chunk's full-rate buses (dry L, dry R, reverb send, delay send), then its half-rate
 * ones (dry L, dry R, reverb send); for a stems part, the same for each voice group in
 * VOICE_GROUPS order instead, filled only where the part's voices sounded in that group.
 */
const HALF_CH = CHUNK / 2, FULL = 4 * CHUNK, SLOT = FULL + 3 * HALF_CH;
const GROUPS = VOICE_GROUPS.length;
/**
 * Per block, beside the buses: the groups the part sounded in this block and (on even blocks)
 * this pair, as bit masks, then its live voices per group after the block (the mixer retires a
 * group's stem when no part has any).
 */
const INTS = 2 + GROUPS, BLOCKS = CHUNK / BLOCK;
const slotFloats = (groups: boolean): number => (groups ? GROUPS * SLOT : SLOT);

interface Job extends RingJob {
  events: NoteEvent[];
  sampleRate: number;
  /** The sampled instruments' bank, as far as these notes play it (./worker-bank). */
  bank: BankForWorker | null;
  lengthSamples: number;
  /** A stems part: render into group buses only. */
  groups: boolean;
  ints: SharedArrayBuffer;
  partJob: true;
}

/** How many threads a render may use: CUEBED_RENDER_THREADS (1 = stay on one core), else the cores there are. */
export function renderThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CUEBED_RENDER_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Where a render's parts run: the second on a worker thread (a stems part, `groups`, hands over
 * its group buses), or null where that would not pay (a single core, or a piece of a few chunks).
 */
export function workerParts(arr: Arrangement, groups: boolean, threads = renderThreads()): PartPlacer | null {
  if (threads < 2 || arr.lengthSamples < 8 * CHUNK) return null;
  const script = workerScript('render-worker');
  if (!script) return null;
  // the renderer makes the parts at its first chunk, and its dispose() stops their workers
  return (k, events) => {
    // part 0 is the one meant to render beside the mixer (src/synth/voice-part.ts)
    if (k === 0) return new VoicePart(events, arr.sampleRate, arr.lengthSamples, arr.sampler ?? null, groups);
    const bank = arr.sampler ? bankForWorker(arr.sampler, events, arr.sampleRate) : null;
    return new RemotePart(script, events, arr.sampleRate, arr.lengthSamples, bank, groups);
  };
}

/** A part rendering on a worker: hands this thread the buses it rendered there. */
class RemotePart implements PartSource {
  readonly activeCount = new Int32Array(GROUPS);
  private readonly reader: RingReader;
  private readonly view: Float64Array;
  private readonly ints: Int32Array;
  private readonly slotSize: number;
  private chunk = -1;
  private base = 0;
  private intBase = 0;

  constructor(script: string, events: NoteEvent[], sampleRate: number, private readonly N: number, bank: BankForWorker | null, private readonly groups: boolean) {
    this.slotSize = slotFloats(groups);
    const ring = new SharedArrayBuffer(RING_SLOTS * this.slotSize * 8);
    const ints = new SharedArrayBuffer(RING_SLOTS * BLOCKS * INTS * 4);
    this.view = new Float64Array(ring);
    this.ints = new Int32Array(ints);
    this.reader = new RingReader(script, { events, sampleRate, lengthSamples: N, bank, groups, ints, partJob: true } satisfies Omit<Job, keyof RingJob>, ring, Math.ceil(N / CHUNK));
  }

  /** Where block b0's chunk sits in the ring, waiting (at its first block) for the worker to have rendered it. */
  private slot(b0: number): number {
    const chunk = (b0 / CHUNK) | 0;
    if (chunk === this.chunk) return this.base;
    this.reader.wait(chunk);
    this.chunk = chunk;
    this.base = (chunk % RING_SLOTS) * this.slotSize;
    this.intBase = (chunk % RING_SLOTS) * BLOCKS * INTS;
    return this.base;
  }

  addHalf(b0: number, into: PartTarget, used: Uint8Array): void {
    const base = this.slot(b0), j = b0 % CHUNK, at = FULL + (j >> 1);
    if (!this.groups) addHalfFrom(into.main as Buses, this.view, base + at);
    const mask = this.ints[this.intBase + (j / BLOCK) * INTS + 1];
    for (let g = 0; mask !== 0 && g < GROUPS; g++) {
      if (!((mask >> g) & 1)) continue;
      used[g] = 1;
      if (this.groups) addHalfFrom((into.groups as Buses[])[g], this.view, base + g * SLOT + at);
    }
  }

  addFull(b0: number, into: PartTarget, used: Uint8Array): void {
    const base = this.slot(b0), j = b0 % CHUNK, ia = this.intBase + (j / BLOCK) * INTS;
    if (!this.groups) addFullFrom(into.main as Buses, this.view, base + j);
    const mask = this.ints[ia];
    for (let g = 0; mask !== 0 && g < GROUPS; g++) {
      if (!((mask >> g) & 1)) continue;
      used[g] = 1;
      if (this.groups) addFullFrom((into.groups as Buses[])[g], this.view, base + g * SLOT + j);
    }
    for (let g = 0; g < GROUPS; g++) this.activeCount[g] = this.ints[ia + 2 + g];
    if ((b0 + BLOCK) % CHUNK === 0 || b0 + BLOCK >= this.N) {
      this.reader.release(this.chunk + 1);
    }
  }

  dispose(): void {
    this.reader.dispose();
  }
}

/** Adds a block's full-rate buses, laid out as in a slot from `at`, into `b`. */
function addFullFrom(b: Buses, v: Float64Array, at: number): void {
  const { dryL, dryR, rev, dly } = b;
  for (let i = 0; i < BLOCK; i++) {
    dryL[i] += v[at + i]; dryR[i] += v[at + CHUNK + i]; rev[i] += v[at + 2 * CHUNK + i]; dly[i] += v[at + 3 * CHUNK + i];
  }
}

/** Adds a pair's half-rate buses, laid out as in a slot from `at`, into `b`. */
function addHalfFrom(b: Buses, v: Float64Array, at: number): void {
  const { dryL, dryR, rev } = b;
  for (let i = 0; i < BLOCK; i++) {
    dryL[i] += v[at + i]; dryR[i] += v[at + HALF_CH + i]; rev[i] += v[at + 2 * HALF_CH + i];
  }
}

function putFull(v: Float64Array, at: number, b: Buses): void {
  v.set(b.dryL, at); v.set(b.dryR, at + CHUNK); v.set(b.rev, at + 2 * CHUNK); v.set(b.dly, at + 3 * CHUNK);
}

function putHalf(v: Float64Array, at: number, b: Buses): void {
  v.set(b.dryL, at); v.set(b.dryR, at + HALF_CH); v.set(b.rev, at + 2 * HALF_CH);
}

function maskOf(touched: Uint8Array): number {
  let m = 0;
  for (let g = 0; g < touched.length; g++) if (touched[g]) m |= 1 << g;
  return m;
}

/** The worker side: render the part's buses (a stems part's group buses) for every chunk into the ring. */
function runWorker(job: Job): void {
  const view = new Float64Array(job.ring), ints = new Int32Array(job.ints);
  const N = job.lengthSamples, groups = job.groups, size = slotFloats(groups);
  let part: VoicePart | null = null;
  produceChunks(job.ctrl, job.port, Math.ceil(N / CHUNK), (k) => {
    part ??= new VoicePart(job.events, job.sampleRate, N, job.bank ? workerBank(job.bank) : null, groups);
    const base = (k % RING_SLOTS) * size, intBase = (k % RING_SLOTS) * BLOCKS * INTS;
    for (let b0 = k * CHUNK; b0 < Math.min(N, (k + 1) * CHUNK); b0 += BLOCK) {
      const j = b0 % CHUNK, ia = intBase + (j / BLOCK) * INTS;
      if (b0 % (2 * BLOCK) === 0) {
        const own = part.renderHalf(b0);
        const touched = part.touchedHalf;
        ints[ia + 1] = maskOf(touched);
        if (part.groupHalf) {
          for (let g = 0; g < GROUPS; g++) if (touched[g]) putHalf(view, base + g * SLOT + FULL + j / 2, part.groupHalf[g]);
        } else {
          putHalf(view, base + FULL + j / 2, own);
        }
      }
      const own = part.renderFull(b0);
      const touched = part.touchedFull;
      ints[ia] = maskOf(touched);
      if (part.groupFull) {
        for (let g = 0; g < GROUPS; g++) if (touched[g]) putFull(view, base + g * SLOT + j, part.groupFull[g]);
      } else {
        putFull(view, base + j, own);
      }
      for (let g = 0; g < GROUPS; g++) ints[ia + 2 + g] = part.activeCount[g];
    }
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.partJob) runWorker(workerData as Job);
