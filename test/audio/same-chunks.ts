/**
 * Renders a worker's chunk source and one on this thread side by side to the end (then disposes
 * the worker's): how many chunks, how many samples differ (as bits), and the mix's energy.
 */
import { expect } from 'vitest';
import { CHUNK, type ChunkSource } from '../../src/synth';

export function compareChunks(worker: ChunkSource, here: ChunkSource): { chunks: number; differ: number; energy: number } {
  expect(worker.trackCount).toBe(here.trackCount);
  const a = Array.from({ length: here.trackCount }, () => new Float32Array(CHUNK));
  const b = Array.from({ length: here.trackCount }, () => new Float32Array(CHUNK));
  let chunks = 0, differ = 0, energy = 0;
  try {
    for (;;) {
      const n = worker.renderChunk(a);
      expect(n).toBe(here.renderChunk(b));
      if (n === 0) break;
      chunks++;
      for (let t = 0; t < a.length; t++) for (let j = 0; j < n; j++) if (!Object.is(a[t][j], b[t][j])) differ++;
      for (let j = 0; j < n; j++) energy += a[0][j] * a[0][j];
    }
  } finally {
    worker.dispose?.();
  }
  return { chunks, differ, energy };
}
