import { describe, expect, it } from 'vitest';
import { renderArrangement } from '../../src/synth';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { GM } from '../../src/sampler/gm';
import type { Instrument, SampledInstrument } from '../../src/music/types';
import { realisticEdit } from '../plan/helpers';
import { arrangement, ev } from './fixtures';

/**
 * Every recipe renders finite samples at every rate the core may be asked for: the CLI's 44.1,
 * 48 and 96 kHz, and the low rates tests and previews use. A 16 kHz corporate cue came out NaN:
 * the electric piano's tine partial (7× the note) ran above the sample rate on high piano notes,
 * its phase stopped wrapping and read past the sine table.
 */
const SYNTH: Instrument[] = ['pad', 'sub-bass', 'pluck', 'keys', 'lead', 'kick', 'snare', 'rim', 'hat-closed', 'hat-open', 'shaker', 'tom', 'impact', 'riser', 'reverse-swell', 'tonal-hit', 'whoosh', 'drone', 'noise-bed'];
const RATES = [8000, 16000, 22050, 44100, 48000, 96000];

function nonFinite(mix: Float32Array[]): number {
  let n = 0;
  for (const ch of mix) for (let i = 0; i < ch.length; i++) if (!Number.isFinite(ch[i])) n++;
  return n;
}

describe('sample rates', () => {
  for (const sr of RATES) {
    it(`${sr} Hz: every instrument, low to high notes, renders finite`, () => {
      const instruments = [...SYNTH, ...(Object.keys(GM) as SampledInstrument[])];
      const len = Math.round(0.25 * sr);
      const events = instruments.flatMap((inst, i) => [24, 48, 72, 96, 108, 120].map((midi, j) => ev('keys', inst, (i * 6 + j) * Math.round(len / 4), len, midi, { hit: (i * 6 + j) * Math.round(len / 4) + Math.round(len / 2) })));
      const seconds = (events[events.length - 1].start + 2 * len) / sr;
      const r = renderArrangement(arrangement(seconds, events, {}, sr), { targetLufs: -16 });
      expect(nonFinite(r.mix)).toBe(0);
    });
  }

  it('a 16 kHz corporate cue renders finite (its high piano notes once gave NaN)', () => {
    const plan = planScore(realisticEdit(5, 6, 12), { brief: '', seed: 1, sampleRate: 16000, preset: 'corporate' });
    const r = renderArrangement(arrange(plan), { targetLufs: -18 });
    expect(nonFinite(r.mix)).toBe(0);
  });
});
