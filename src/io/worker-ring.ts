/**
 * What the render workers (./render-worker) share: the ring's control words and
 * size, the reader's end of a ring (the worker, waiting for a chunk, handing slots back, stopping),
 * the worker's end, and where the compiled worker scripts are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Chunks a ring holds: the worker runs at most this far ahead of the reader. */
export const RING_SLOTS = 16;
/**
 * A side that has to wait sleeps until the other is this many chunks further, not one: each
 * wake-up is a futex call on both sides and a context switch, and one per 4,096-frame chunk
 * (~0.7 ms of work) was ~8 futex calls per chunk on a 10-minute render (strace: 55,659 calls).
 */
export const BATCH = RING_SLOTS / 2;
const STALL_SECONDS = 60;
/**
 * ctrl[PRODUCED]: chunks written by the worker; ctrl[CONSUMED]: chunks read; ctrl[FAILED]: 1 after
 * a worker error; ctrl[WORKER_WANTS]: the CONSUMED count a waiting worker wakes at;
 * ctrl[READER_WANTS]: the PRODUCED count a waiting reader wakes at.
 */
export const PRODUCED = 0, CONSUMED = 1, FAILED = 2, WORKER_WANTS = 3, READER_WANTS = 4;
export const CTRL_WORDS = 5;

/**
 * Waits until a worker has rendered `chunk` into its ring (ctrl[PRODUCED] > chunk); raises the
 * worker's error, or a stall: a chunk takes milliseconds, so a worker silent for a minute died
 * outside its own error handling (it could not load, or was killed), and waiting on would hang.
 */
export function waitForChunk(c: Int32Array, chunk: number, port: MessagePort, last = chunk): void {
  if (Atomics.load(c, PRODUCED) > chunk) return;
  // wake when a batch is ready (or the last chunk), not at the next one
  Atomics.store(c, READER_WANTS, Math.min(chunk + BATCH, last) + 1);
  for (let waited = 0; ; waited++) {
    if (Atomics.load(c, PRODUCED) > chunk) return;
    if (Atomics.load(c, FAILED)) {
      const msg = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
      throw new Error(`render worker failed: ${msg?.error ?? 'no reason given'}`);
    }
    if (waited >= STALL_SECONDS) throw new Error(`render worker stopped answering (no chunk for ${STALL_SECONDS} s)`);
    Atomics.wait(c, PRODUCED, chunk, 1000);
  }
}

/** What every ring worker gets beside its own job: its control words and the port its error comes back on. */
export interface RingJob {
  ring: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * The heap of a render or write thread. Its young generation is small: it allocates little per
 * block, and the default's room was resident memory. Its old generation is capped at 1 GB, far
 * above what a thread keeps (a 60-minute sampled part: ~20 MB after a full collection), because
 * V8 sizes its first full collection from the cap: under the default 4 GB none came in a whole
 * render, and a part's finished notes piled up as garbage (60 minutes, sound bank: the worker's
 * heap 21 → 75 MB, ~1.3 KB per chunk; with the cap it stays near 33 MB).
 */
export const THREAD_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };

/** The reader's end of a ring: starts the worker on `job`, waits for its chunks, hands slots back, stops it. */
export class RingReader {
  private readonly c: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private closed = false;

  /** `chunks`: how many the worker renders in all. */
  constructor(script: string, job: Record<string, unknown>, ring: SharedArrayBuffer, private readonly chunks: number) {
    const ctrl = new SharedArrayBuffer(CTRL_WORDS * 4);
    this.c = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(script, { workerData: { ...job, ring, ctrl, port: port2 }, transferList: [port2], resourceLimits: THREAD_HEAP });
    // the process may exit (or fail) without waiting for a render nobody reads any more
    this.worker.unref();
  }

  /** Waits until chunk k is in the ring. */
  wait(k: number): void {
    waitForChunk(this.c, k, this.port, this.chunks - 1);
  }

  /** Chunks before k are read: their slots may take the worker's next ones. */
  release(k: number): void {
    Atomics.store(this.c, CONSUMED, k);
    if (k >= Atomics.load(this.c, WORKER_WANTS)) Atomics.notify(this.c, CONSUMED);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    // wake a worker waiting for room, then stop it
    this.release(1 << 30);
    this.port.close();
    void this.worker.terminate();
  }
}

/** A worker file of this folder as compiled JavaScript (under vitest this is the TypeScript source: then the built copy in dist/, if any). */
export function workerScript(file: string): string | null {
  if (__filename.endsWith('.js')) return path.join(__dirname, `${file}.js`);
  const built = path.resolve(__dirname, '..', '..', 'dist', 'io', `${file}.js`);
  return fs.existsSync(built) ? built : null;
}

/**
 * The worker side of a ring: `render(k)` fills chunk k's slot, for k = 0 … chunks − 1, each
 * once the reader has left room for it; an error goes to the reader (its message on `port`).
 */
export function produceChunks(ctrl: SharedArrayBuffer, port: MessagePort, chunks: number, render: (k: number) => void): void {
  const c = new Int32Array(ctrl);
  try {
    for (let k = 0; k < chunks; k++) {
      if (k - Atomics.load(c, CONSUMED) >= RING_SLOTS) {
        // the ring is full: go on once half of it is free again
        const want = k - RING_SLOTS + BATCH;
        Atomics.store(c, WORKER_WANTS, want);
        for (;;) {
          const consumed = Atomics.load(c, CONSUMED);
          if (consumed >= want) break;
          Atomics.wait(c, CONSUMED, consumed);
        }
      }
      render(k);
      Atomics.store(c, PRODUCED, k + 1);
      if (k + 1 >= Atomics.load(c, READER_WANTS)) Atomics.notify(c, PRODUCED);
    }
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? err.message : String(err) });
    Atomics.store(c, FAILED, 1);
    Atomics.notify(c, PRODUCED);
  }
}
