/**
 * A render with stems on the second core: its voices cannot be split into parts on other threads
 * (every voice's group bus is needed where the stems are mixed), so the whole synthesis, stems
 * included, runs on one worker thread and hands its chunks over through a ring of shared buffers,
 * while the calling thread limits, encodes and writes. Same code on the same arrangement: the
 * same bytes as on one thread (tested).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Arrangement } from '../music/types';
import { ArrangementRenderer, type ChunkSource } from '../synth/render';
import { CHUNK } from '../synth/finalise';
import { bankForWorker, workerBank, type BankForWorker } from './worker-bank';
import { RING_SLOTS, RingReader, produceChunks, workerScript, type RingJob } from './worker-ring';

interface StemsJob extends RingJob {
  arr: Arrangement;
  bank: BankForWorker | null;
  stemsJob: true;
}

/** The stems render of `arr` on a worker thread, or null without a compiled worker script. */
export function openStemsWorker(arr: Arrangement): ChunkSource | null {
  const script = workerScript('stems-worker');
  if (!script) return null;
  const probe = new ArrangementRenderer(arr, true);
  const tracks = probe.trackCount;
  const slot = tracks * CHUNK;
  const ring = new SharedArrayBuffer(RING_SLOTS * slot * 4);
  const view = new Float32Array(ring);
  const job: Omit<StemsJob, keyof RingJob> = { arr: { ...arr, sampler: undefined }, bank: arr.sampler ? bankForWorker(arr.sampler, arr.events, arr.sampleRate) : null, stemsJob: true };
  const reader = new RingReader(script, job, ring, Math.ceil(arr.lengthSamples / CHUNK));
  let consumed = 0;
  return {
    groups: probe.groups,
    trackCount: tracks,
    renderChunk(out: Float32Array[]): number {
      // as ArrangementRenderer: once the arrangement is done, 0
      if (consumed * CHUNK >= arr.lengthSamples) return 0;
      reader.wait(consumed);
      const base = (consumed % RING_SLOTS) * slot;
      const n = Math.min(CHUNK, arr.lengthSamples - consumed * CHUNK);
      for (let t = 0; t < tracks; t++) out[t].set(view.subarray(base + t * CHUNK, base + t * CHUNK + n));
      reader.release(++consumed);
      return n;
    },
    dispose: () => reader.dispose(),
  };
}

/** The worker side: render every chunk into the ring. */
function runStemsWorker(job: StemsJob): void {
  const view = new Float32Array(job.ring);
  let r: ArrangementRenderer | null = null;
  let tracks: Float32Array[] = [];
  produceChunks(job.ctrl, job.port, Math.ceil(job.arr.lengthSamples / CHUNK), (k) => {
    if (!r) {
      r = new ArrangementRenderer({ ...job.arr, sampler: job.bank ? workerBank(job.bank) : undefined }, true);
      tracks = Array.from({ length: r.trackCount }, () => new Float32Array(CHUNK));
    }
    const n = r.renderChunk(tracks);
    const base = (k % RING_SLOTS) * tracks.length * CHUNK;
    for (let t = 0; t < tracks.length; t++) view.set(n === CHUNK ? tracks[t] : tracks[t].subarray(0, n), base + t * CHUNK);
  });
}

if (!isMainThread && parentPort && (workerData as StemsJob | undefined)?.stemsJob) runStemsWorker(workerData as StemsJob);
