/**
 * A sound bank for a render worker: the bank object lives on the thread that loaded it (its
 * decoder and caches), so a worker gets the bank's tables and the decoded samples its notes
 * play, decoded here once (they were going to be decoded for the render anyway) and copied over.
 * The worker's voices are then the voices this thread would render: same zones, same PCM.
 */
import type { NoteEvent } from '../music/types';
import { voicesFor, type BankSample, type BankZone, type SamplerBank } from '../sampler/bank';
import { isSampled } from '../sampler/gm';

export interface BankForWorker {
  name: string;
  hash: string;
  credits: string;
  presets: ReadonlyMap<string, readonly BankZone[]>;
  samples: readonly BankSample[];
  pcm: Map<number, Float32Array>;
}

/** What a worker needs of `bank` to render `events` at rate `sr`. */
export function bankForWorker(bank: SamplerBank, events: readonly NoteEvent[], sr: number): BankForWorker {
  const pcm = new Map<number, Float32Array>();
  for (const ev of events) {
    if (!isSampled(ev.instrument)) continue;
    for (const v of voicesFor(bank, { ...ev, instrument: ev.instrument }, sr)) {
      for (const s of [v.sample, v.sampleR]) if (s >= 0 && !pcm.has(s)) pcm.set(s, bank.pcm(s));
    }
  }
  return { name: bank.name, hash: bank.hash, credits: bank.credits, presets: bank.presets, samples: bank.samples, pcm };
}

/** The worker side: the bank its voices read. */
export function workerBank(b: BankForWorker): SamplerBank {
  return {
    name: b.name, hash: b.hash, credits: b.credits, presets: b.presets, samples: b.samples,
    pcm(sample: number): Float32Array {
      const p = b.pcm.get(sample);
      if (!p) throw new Error(`sample ${sample} of ${b.name} was not handed to the render worker`);
      return p;
    },
  };
}
