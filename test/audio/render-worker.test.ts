/**
 * The second core: a render whose second voice part (src/synth/voice-part.ts) runs on a worker
 * thread (src/io/render-worker.ts), with stems handing over its group buses too, writes the same
 * bytes as the one-core render. The worker runs the compiled
 * dist/io/render-worker.js (a worker cannot load TypeScript), so without a build this is skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamScore, type ScoreStreamIo } from '../../src/audio';
import { ArrangementRenderer, CHUNK } from '../../src/synth';
import { workerParts, renderThreads } from '../../src/io/render-worker';
import { BATCH, CONSUMED, CTRL_WORDS, FAILED, PRODUCED, RING_SLOTS, waitForChunk } from '../../src/io/worker-ring';
import { MessageChannel, Worker } from 'node:worker_threads';
import { smallBed } from '../synth/fixtures';
import { compareChunks, stemsPasses } from './same-chunks';
import { ROOT } from '../paths';

const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'io', 'render-worker.js'));

function memoryIo(worker: boolean): ScoreStreamIo & { files: Map<string, Uint8Array>; workers: number } {
  const files = new Map<string, Uint8Array>();
  const io = {
    files, workers: 0,
    openSpill(tracks: number, frames: number) {
      const store = Array.from({ length: tracks }, () => new Float32Array(frames));
      return {
        write: (offset: number, n: number, t: Float32Array[]) => { for (let k = 0; k < tracks; k++) store[k].set(t[k].subarray(0, n), offset); },
        read: (offset: number, n: number, t: Float32Array[]) => { for (let k = 0; k < tracks; k++) t[k].set(store[k].subarray(offset, offset + n)); },
        dispose: () => {},
      };
    },
    openOutput(name: string) {
      const parts: Uint8Array[] = [];
      return { write: (b: Uint8Array) => parts.push(Uint8Array.from(b)), close: () => files.set(name, Uint8Array.from(Buffer.concat(parts))) };
    },
    openParts: worker ? (arr: Parameters<typeof workerParts>[0], groups: boolean) => {
      const r = workerParts(arr, groups, 2);
      if (r) io.workers++;
      return r;
    } : undefined,
  };
  return io;
}

describe('render threads', () => {
  it('CUEBED_RENDER_THREADS=1 keeps a render on one core; otherwise the cores there are', () => {
    expect(renderThreads({ CUEBED_RENDER_THREADS: '1' })).toBe(1);
    expect(renderThreads({ CUEBED_RENDER_THREADS: '2' })).toBe(2);
    expect(renderThreads({})).toBeGreaterThanOrEqual(1);
    expect(workerParts(smallBed(2), false, 1)).toBeNull();
  });
});

describe('the ring between a render worker and its reader', () => {
  it('a chunk already rendered is taken at once; a worker\'s failure is raised with its reason, not waited on', () => {
    const c = new Int32Array(new SharedArrayBuffer(4 * CTRL_WORDS));
    const { port1, port2 } = new MessageChannel();
    try {
      Atomics.store(c, PRODUCED, 3);
      expect(() => waitForChunk(c, 2, port1)).not.toThrow();
      port2.postMessage({ error: 'voice part 1: out of memory' });
      Atomics.store(c, FAILED, 1);
      expect(() => waitForChunk(c, 3, port1)).toThrow('render worker failed: voice part 1: out of memory');
    } finally {
      port1.close();
      port2.close();
    }
  });

  it.skipIf(!BUILT)('each side sleeps until the other is a batch further, not one chunk (a wake-up per chunk was ~8 futex calls)', async () => {
    const chunks = 6 * RING_SLOTS;
    const ctrl = new SharedArrayBuffer(4 * CTRL_WORDS);
    const fill = new Int32Array(new SharedArrayBuffer(4 * chunks));
    const { port1, port2 } = new MessageChannel();
    // the worker notes how full the ring was as it started each chunk
    const worker = new Worker(`
      const { workerData: w } = require('node:worker_threads');
      const { produceChunks, CONSUMED } = require(${JSON.stringify(path.join(ROOT, 'dist', 'io', 'worker-ring.js'))});
      const c = new Int32Array(w.ctrl), fill = new Int32Array(w.fill);
      produceChunks(w.ctrl, w.port, w.chunks, (k) => { fill[k] = k - Atomics.load(c, CONSUMED); });
    `, { eval: true, workerData: { ctrl, fill: fill.buffer, port: port2, chunks }, transferList: [port2] });
    const c = new Int32Array(ctrl);
    try {
      for (let k = 0; k < chunks; k++) {
        waitForChunk(c, k, port1, chunks - 1);
        // a reader slower than the worker, so the ring fills
        const until = Date.now() + 2;
        while (Date.now() < until);
        Atomics.store(c, CONSUMED, k + 1);
        Atomics.notify(c, CONSUMED);
      }
      const levels = Array.from(fill);
      expect(Math.max(...levels)).toBe(RING_SLOTS - 1);
      // after its first wait on a full ring, the worker starts again only with half the ring free
      const firstFull = levels.indexOf(RING_SLOTS - 1);
      expect(firstFull).toBeGreaterThanOrEqual(0);
      expect(levels[firstFull + 1]).toBeLessThanOrEqual(RING_SLOTS - BATCH);
    } finally {
      port1.close();
      await worker.terminate();
    }
  });
});

describe.skipIf(!BUILT)(`synthesis on a worker thread${BUILT ? '' : ' (skipped: dist/ is not built; run npx tsc -p tsconfig.build.json)'}`, () => {
  const bed = smallBed(4);

  it.each([false, true])('hands over exactly the chunks of a renderer on this thread, then 0 (stems pass: %s)', (stems) => {
    const parts = workerParts(bed, stems, 2)!;
    expect(parts).not.toBeNull();
    const [w, here] = stems ? stemsPasses(bed, parts) : [new ArrangementRenderer(bed, null, parts), new ArrangementRenderer(bed)];
    const { chunks, differ } = compareChunks(w, here);
    expect(chunks).toBe(Math.ceil(bed.lengthSamples / CHUNK));
    expect(differ).toBe(0);
  });

  it('a streamed render with the worker writes the same bytes as on one core, mix-only and with stems', () => {
    for (const stems of [false, true]) {
      const one = memoryIo(false), two = memoryIo(true);
      const opts = { targetLufs: -16, stems, bitDepth: 24 as const, meta: {}, ditherSeed: (n: string) => `3:${n}` };
      const a = streamScore(bed, opts, one);
      const b = streamScore(bed, opts, two);
      expect(two.workers).toBe(stems ? 2 : 1);
      expect(b.files).toEqual(a.files);
      for (const name of a.files) expect(Buffer.compare(Buffer.from(two.files.get(name)!), Buffer.from(one.files.get(name)!))).toBe(0);
    }
  });
});
