/**
 * Renders a worker's chunk source and one on this thread side by side to the end (then disposes
 * the worker's): how many chunks, how many samples differ (as bits), and the mix's energy. The
 * stems pass (stemsPasses) compares the same way.
 */
import { expect } from 'vitest';
import { ArrangementRenderer, CHUNK, type ChunkSource } from '../../src/synth';
import type { ChunkReader } from '../../src/synth/finalise';
import { MIX_PASS_TRACKS, SideTape, StemRenderer } from '../../src/synth/stem-render';
import type { PartPlacer } from '../../src/synth/voice-part';
import type { Arrangement } from '../../src/music/types';

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

/**
 * The stems pass twice over one mix pass rendered here: once with its parts placed by `parts`
 * (a worker's), once all here; compare them with compareChunks.
 */
export function stemsPasses(arr: Arrangement, parts: PartPlacer): [ChunkSource, ChunkSource] {
  const side = new SideTape(arr.lengthSamples);
  const mix = new ArrangementRenderer(arr, side);
  const kept: Float32Array[][] = [];
  for (;;) {
    const t = Array.from({ length: MIX_PASS_TRACKS }, () => new Float32Array(CHUNK));
    if (mix.renderChunk(t) === 0) break;
    kept.push(t);
  }
  const reader = (): ChunkReader => (offset, n, tracks) => { kept[offset / CHUNK].forEach((t, k) => tracks[k].set(t.subarray(0, n))); };
  return [new StemRenderer(arr, side, reader(), parts), new StemRenderer(arr, side, reader())];
}
