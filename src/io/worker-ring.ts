/**
 * What the render workers (./render-worker, ./stems-worker) share: the ring's control words and
 * size, the reader's end of a ring (the worker, waiting for a chunk, handing slots back, stopping),
 * the worker's end, and where the compiled worker scripts are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Chunks a ring holds: the worker runs at most this far ahead of the reader. */
export const RING_SLOTS = 16;
const STALL_SECONDS = 60;
/** ctrl[PRODUCED]: chunks written by the worker; ctrl[CONSUMED]: chunks read; ctrl[FAILED]: 1 after a worker error. */
export const PRODUCED = 0, CONSUMED = 1, FAILED = 2;

/**
 * Waits until a worker has rendered `chunk` into its ring (ctrl[PRODUCED] > chunk); raises the
 * worker's error, or a stall: a chunk takes milliseconds, so a worker silent for a minute died
 * outside its own error handling (it could not load, or was killed), and waiting on would hang.
 */
export function waitForChunk(c: Int32Array, chunk: number, port: MessagePort): void {
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

/** The reader's end of a ring: starts the worker on `job`, waits for its chunks, hands slots back, stops it. */
export class RingReader {
  private readonly c: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private closed = false;

  constructor(script: string, job: Record<string, unknown>, ring: SharedArrayBuffer) {
    const ctrl = new SharedArrayBuffer(4 * 4);
    this.c = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(script, { workerData: { ...job, ring, ctrl, port: port2 }, transferList: [port2] });
    // the process may exit (or fail) without waiting for a render nobody reads any more
    this.worker.unref();
  }

  /** Waits until chunk k is in the ring. */
  wait(k: number): void {
    waitForChunk(this.c, k, this.port);
  }

  /** Chunks before k are read: their slots may take the worker's next ones. */
  release(k: number): void {
    Atomics.store(this.c, CONSUMED, k);
    Atomics.notify(this.c, CONSUMED);
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
      for (;;) {
        const consumed = Atomics.load(c, CONSUMED);
        if (k - consumed < RING_SLOTS) break;
        Atomics.wait(c, CONSUMED, consumed);
      }
      render(k);
      Atomics.store(c, PRODUCED, k + 1);
      Atomics.notify(c, PRODUCED);
    }
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? err.message : String(err) });
    Atomics.store(c, FAILED, 1);
    Atomics.notify(c, PRODUCED);
  }
}
