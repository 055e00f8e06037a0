/**
 * The second core for a render: a worker thread runs the synthesis (ArrangementRenderer) and hands
 * its chunks over through a ring of shared buffers, while the calling thread meters, limits,
 * encodes and writes. The worker runs the same code on the same arrangement, so its chunks are
 * the bytes the calling thread would have rendered itself (tested). The ring holds RING_SLOTS
 * chunks; the reader blocks (Atomics.wait) only when the synthesis is behind, the worker only
 * when the ring is full, so memory stays a few chunks whatever the length.
 *
 * Node only (worker_threads): the pure core never imports this; the CLI hands it in through
 * ScoreStreamIo.openRender. Sampled palettes stay on one thread (their bank is a live object).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Arrangement } from '../music/types';
import { ArrangementRenderer, CHUNK } from '../synth';
import type { ChunkSource } from '../synth/render';

const RING_SLOTS = 16;
/** ctrl[PRODUCED]: chunks written by the worker; ctrl[CONSUMED]: chunks read; ctrl[FAILED]: 1 after a worker error. */
const PRODUCED = 0, CONSUMED = 1, FAILED = 2;

interface Job {
  arr: Arrangement;
  stems: boolean;
  ring: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
  port: MessagePort;
}

/** How many threads a render may use: CUEBED_RENDER_THREADS (1 = stay on one core), else the cores there are. */
export function renderThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CUEBED_RENDER_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * A chunk source rendered on a worker thread, or null where one would not pay (a single core,
 * a sampled palette, or a piece of a few chunks).
 */
export function openWorkerRender(arr: Arrangement, stems: boolean, threads = renderThreads()): ChunkSource | null {
  if (threads < 2 || arr.sampler || arr.lengthSamples < 8 * CHUNK) return null;
  const probe = new ArrangementRenderer(arr, stems);
  const tracks = probe.trackCount;
  const slot = tracks * CHUNK;
  const ring = new SharedArrayBuffer(RING_SLOTS * slot * 4);
  const ctrl = new SharedArrayBuffer(4 * 4);
  const c = new Int32Array(ctrl);
  const view = new Float32Array(ring);
  const { port1, port2 } = new MessageChannel();
  const script = workerScript();
  if (!script) return null;
  const worker = new Worker(script, { workerData: { arr, stems, ring, ctrl, port: port2 } satisfies Job, transferList: [port2] });
  // the process may exit (or fail) without waiting for a render nobody reads any more
  worker.unref();
  let consumed = 0;
  let closed = false;
  const fail = (): never => {
    const msg = receiveMessageOnPort(port1)?.message as { error?: string } | undefined;
    throw new Error(`render worker failed: ${msg?.error ?? 'no reason given'}`);
  };
  return {
    groups: probe.groups,
    trackCount: tracks,
    renderChunk(out: Float32Array[]): number {
      // as ArrangementRenderer: once the arrangement is done, 0 (the worker has nothing more to hand over)
      if (consumed * CHUNK >= arr.lengthSamples) return 0;
      for (;;) {
        if (Atomics.load(c, PRODUCED) > consumed) break;
        if (Atomics.load(c, FAILED)) fail();
        Atomics.wait(c, PRODUCED, consumed, 1000);
      }
      const base = (consumed % RING_SLOTS) * slot;
      const n = Math.min(CHUNK, arr.lengthSamples - consumed * CHUNK);
      for (let t = 0; t < tracks; t++) out[t].set(view.subarray(base + t * CHUNK, base + t * CHUNK + n));
      consumed++;
      Atomics.store(c, CONSUMED, consumed);
      Atomics.notify(c, CONSUMED);
      return n;
    },
    dispose(): void {
      if (closed) return;
      closed = true;
      // wake a worker waiting for room, then stop it
      Atomics.store(c, CONSUMED, 1 << 30);
      Atomics.notify(c, CONSUMED);
      port1.close();
      void worker.terminate();
    },
  };
}

/** This file as compiled JavaScript (under vitest it is the TypeScript source: then the built copy in dist/, if any). */
function workerScript(): string | null {
  if (__filename.endsWith('.js')) return __filename;
  const built = path.resolve(__dirname, '..', '..', 'dist', 'io', 'render-worker.js');
  return fs.existsSync(built) ? built : null;
}

/** The worker side: render every chunk into the ring, waiting while it is full. */
function runWorker(job: Job): void {
  const c = new Int32Array(job.ctrl);
  const view = new Float32Array(job.ring);
  try {
    const r = new ArrangementRenderer(job.arr, job.stems);
    const T = r.trackCount, slot = T * CHUNK;
    const tracks = Array.from({ length: T }, () => new Float32Array(CHUNK));
    const chunks = Math.ceil(job.arr.lengthSamples / CHUNK);
    for (let k = 0; k < chunks; k++) {
      for (;;) {
        const consumed = Atomics.load(c, CONSUMED);
        if (k - consumed < RING_SLOTS) break;
        Atomics.wait(c, CONSUMED, consumed);
      }
      const n = r.renderChunk(tracks);
      const base = (k % RING_SLOTS) * slot;
      for (let t = 0; t < T; t++) view.set(n === CHUNK ? tracks[t] : tracks[t].subarray(0, n), base + t * CHUNK);
      Atomics.store(c, PRODUCED, k + 1);
      Atomics.notify(c, PRODUCED);
    }
  } catch (err) {
    job.port.postMessage({ error: err instanceof Error ? err.message : String(err) });
    Atomics.store(c, FAILED, 1);
    Atomics.notify(c, PRODUCED);
  }
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.ring) runWorker(workerData as Job);
