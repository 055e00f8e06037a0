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
 * ScoreStreamIo.openRender. A sampled palette's worker gets the samples its notes play
 * (./worker-bank); stems render whole on a worker of their own (./stems-worker).
 */
import * as os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Arrangement, NoteEvent } from '../music/types';
import { ArrangementRenderer, type ChunkSource } from '../synth/render';
import { CHUNK } from '../synth/finalise';
import { BLOCK } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import { VoicePart, type PartSource } from '../synth/voice-part';
import { VOICE_GROUPS } from '../music/types';
import { openStemsWorker } from './stems-worker';
import { bankForWorker, workerBank, type BankForWorker } from './worker-bank';
import { RING_SLOTS, RingReader, produceChunks, workerScript, type RingJob } from './worker-ring';

/** A slot: the chunk's full-rate buses (dry L, dry R, reverb send, delay send), then its half-rate ones (dry L, dry R, reverb send). */
const HALF_CH = CHUNK / 2, FULL = 4 * CHUNK, SLOT = FULL + 3 * HALF_CH;

interface Job extends RingJob {
  events: NoteEvent[];
  sampleRate: number;
  /** The sampled instruments' bank, as far as these notes play it (./worker-bank). */
  bank: BankForWorker | null;
  lengthSamples: number;
  partJob: true;
}

/** How many threads a render may use: CUEBED_RENDER_THREADS (1 = stay on one core), else the cores there are. */
export function renderThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CUEBED_RENDER_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * A chunk source whose voices render on worker threads (with stems: the whole synthesis on one,
 * ./stems-worker), or null where that would not pay (a single core, or a piece of a few
 * chunks).
 */
export function openWorkerRender(arr: Arrangement, stems: boolean, threads = renderThreads()): ChunkSource | null {
  if (threads < 2 || arr.lengthSamples < 8 * CHUNK) return null;
  if (stems) return openStemsWorker(arr);
  const script = workerScript('render-worker');
  if (!script) return null;
  // the parts are made at the first chunk; the renderer's dispose() stops their workers
  return new ArrangementRenderer(arr, false, (k, events) => {
    // part 0 is the one meant to render beside the mixer (src/synth/voice-part.ts)
    if (k === 0) return new VoicePart(events, arr.sampleRate, arr.lengthSamples, arr.sampler ?? null);
    const bank = arr.sampler ? bankForWorker(arr.sampler, events, arr.sampleRate) : null;
    return new RemotePart(script, events, arr.sampleRate, arr.lengthSamples, bank);
  });
}

/** A part rendering on a worker: hands this thread the buses it rendered there. */
class RemotePart implements PartSource {
  readonly activeCount = new Int32Array(VOICE_GROUPS.length);
  private readonly reader: RingReader;
  private readonly view: Float64Array;
  private chunk = -1;
  private base = 0;

  constructor(script: string, events: NoteEvent[], sampleRate: number, private readonly N: number, bank: BankForWorker | null) {
    const ring = new SharedArrayBuffer(RING_SLOTS * SLOT * 8);
    this.view = new Float64Array(ring);
    this.reader = new RingReader(script, { events, sampleRate, lengthSamples: N, bank, partJob: true } satisfies Omit<Job, keyof RingJob>, ring, Math.ceil(N / CHUNK));
  }

  /** Where block b0's chunk sits in the ring, waiting (at its first block) for the worker to have rendered it. */
  private slot(b0: number): number {
    const chunk = (b0 / CHUNK) | 0;
    if (chunk === this.chunk) return this.base;
    this.reader.wait(chunk);
    this.chunk = chunk;
    this.base = (chunk % RING_SLOTS) * SLOT;
    return this.base;
  }

  addHalf(b0: number, half: Buses): void {
    const at = this.slot(b0) + FULL + ((b0 % CHUNK) >> 1), v = this.view;
    const { dryL, dryR, rev } = half;
    for (let i = 0; i < BLOCK; i++) {
      dryL[i] += v[at + i]; dryR[i] += v[at + HALF_CH + i]; rev[i] += v[at + 2 * HALF_CH + i];
    }
  }

  addFull(b0: number, main: Buses): void {
    const at = this.slot(b0) + (b0 % CHUNK), v = this.view;
    const { dryL, dryR, rev, dly } = main;
    for (let i = 0; i < BLOCK; i++) {
      dryL[i] += v[at + i]; dryR[i] += v[at + CHUNK + i]; rev[i] += v[at + 2 * CHUNK + i]; dly[i] += v[at + 3 * CHUNK + i];
    }
    if ((b0 + BLOCK) % CHUNK === 0 || b0 + BLOCK >= this.N) {
      this.reader.release(this.chunk + 1);
    }
  }

  dispose(): void {
    this.reader.dispose();
  }
}

/** The worker side: render the part's buses for every chunk into the ring. */
function runWorker(job: Job): void {
  const view = new Float64Array(job.ring);
  const N = job.lengthSamples;
  let part: VoicePart | null = null;
  const used = new Uint8Array(VOICE_GROUPS.length);
  produceChunks(job.ctrl, job.port, Math.ceil(N / CHUNK), (k) => {
    part ??= new VoicePart(job.events, job.sampleRate, N, job.bank ? workerBank(job.bank) : null);
    const base = (k % RING_SLOTS) * SLOT;
    for (let b0 = k * CHUNK; b0 < Math.min(N, (k + 1) * CHUNK); b0 += BLOCK) {
      const j = b0 % CHUNK;
      if (b0 % (2 * BLOCK) === 0) {
        const h = part.renderHalf(b0, null, used);
        const at = base + FULL + j / 2;
        view.set(h.dryL, at); view.set(h.dryR, at + HALF_CH); view.set(h.rev, at + 2 * HALF_CH);
      }
      const f = part.renderFull(b0, null, used);
      const at = base + j;
      view.set(f.dryL, at); view.set(f.dryR, at + CHUNK); view.set(f.rev, at + 2 * CHUNK); view.set(f.dly, at + 3 * CHUNK);
    }
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.partJob) runWorker(workerData as Job);
