import type { DuckKey } from './types';

/**
 * Volume keyframes that reach full depth exactly when a line starts (ramping in beforehand, so
 * the first syllable is never masked) and release after it ends. Regions whose ramps touch are
 * held down between them: pumping up for half a second between lines sounds like a mistake.
 */
export interface DuckOptions {
  duckDb: number;
  attackSamples: number;
  releaseSamples: number;
  lengthSamples: number;
  sampleRate: number;
}

export function duckKeys(regions: Array<{ startSample: number; endSample: number }>, o: DuckOptions): DuckKey[] {
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of [...regions].sort((a, b) => a.startSample - b.startSample)) {
    const prev = merged[merged.length - 1];
    if (prev && r.startSample - o.attackSamples <= prev.end + o.releaseSamples) prev.end = Math.max(prev.end, r.endSample);
    else merged.push({ start: r.startSample, end: r.endSample });
  }
  const keys: Array<{ sample: number; gainDb: number }> = [];
  const push = (sample: number, gainDb: number) => {
    const s = Math.max(0, Math.min(o.lengthSamples, sample));
    const last = keys[keys.length - 1];
    if (last && last.sample === s) last.gainDb = Math.min(last.gainDb, gainDb);
    else keys.push({ sample: s, gainDb });
  };
  if (merged.length === 0 || merged[0].start - o.attackSamples > 0) push(0, 0);
  for (const r of merged) {
    if (r.start - o.attackSamples > 0) push(r.start - o.attackSamples, 0);
    push(r.start, o.duckDb);
    push(r.end, o.duckDb);
    if (r.end < o.lengthSamples) push(r.end + o.releaseSamples, 0);
  }
  return keys.map((k) => ({ time: k.sample / o.sampleRate, sample: k.sample, gainDb: k.gainDb }));
}

/** Gain in dB at a sample, linear between keys (what the synth and the host both do). */
export function gainAt(keys: Array<{ sample: number; gainDb: number }>, sample: number): number {
  if (keys.length === 0) return 0;
  if (sample <= keys[0].sample) return keys[0].gainDb;
  for (let i = 1; i < keys.length; i++) {
    const b = keys[i];
    if (sample <= b.sample) {
      const a = keys[i - 1];
      return b.sample === a.sample ? b.gainDb : a.gainDb + ((b.gainDb - a.gainDb) * (sample - a.sample)) / (b.sample - a.sample);
    }
  }
  return keys[keys.length - 1].gainDb;
}
