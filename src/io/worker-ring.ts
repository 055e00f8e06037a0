/**
 * What the render workers (./render-worker, ./stems-worker) share: the ring's control words and
 * size, the reader's wait for a chunk, and where the compiled worker scripts are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

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
