import { describe, expect, it } from 'vitest';
import { planScore, type PlanOptions } from '../../src/plan';
import { arrange } from '../../src/music';
import { makeMotif } from '../../src/music/motif';
import { renderArrangement } from '../../src/synth';
import { beatSamples } from '../../src/plan/beats';
import type { Style } from '../../src/plan/types';
import { realisticEdit } from '../plan/helpers';
import { beatFeatures, type Stereo } from './analysis';

/**
 * Issue 14 point 5: variety you can hear. Seeds change key, progression, motif and grooves; every
 * preset and style differs from every other by a written feature distance:
 *
 *   D = (1 − cos(mean chroma)) + mean |Δ mean log-mel| / 6 dB + |Δ log2(onset rate)| / 2
 *       + (1 − cos(onset pattern))
 *
 * chroma: what notes sound (12 bins, beat-synchronous, averaged over the cue); log-mel: the
 * spectral shape (24 bands, each cue's own mean removed so loudness targets do not count); onset
 * rate: spectral flux per second; onset pattern: mean flux per beat position in the bar.
 */
const SR = 24000;

interface Features { chroma: number[]; mel: number[]; rate: number; pattern: number[] }
function features(options: Partial<PlanOptions>): Features {
  const plan = planScore(realisticEdit(5, 16, 40), { brief: '', seed: 1, sampleRate: SR, ...options });
  const mix = renderArrangement(arrange(plan), { targetLufs: -18 }).mix as Stereo;
  const beats: number[] = [], pos: number[] = [];
  for (const s of plan.sections) if (s.bpm > 0) beatSamples(s).forEach((b, i) => { beats.push(b); pos.push(i % s.beatsPerBar); });
  if (beats.length === 0) for (let x = 0; x < plan.sequence.durationSamples; x += SR / 2) { beats.push(x); pos.push(0); }
  beats.push(plan.sequence.durationSamples);
  const f = beatFeatures(mix, SR, beats);
  const mean = (rows: number[][]) => rows[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
  const mel = mean(f.logmel);
  const m0 = mel.reduce((s, x) => s + x, 0) / mel.length;
  const pattern = [0, 0, 0, 0];
  f.flux.forEach((x, i) => { pattern[pos[i] % 4] += x; });
  return { chroma: mean(f.chroma), mel: mel.map((x) => x - m0), rate: f.flux.reduce((s, x) => s + x, 0) / (plan.sequence.durationSamples / SR), pattern };
}

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0) || 1);
export function distance(a: Features, b: Features): number {
  const mel = a.mel.reduce((s, x, i) => s + Math.abs(x - b.mel[i]), 0) / a.mel.length;
  return (1 - cos(a.chroma, b.chroma)) + mel / 6 + Math.abs(Math.log2((a.rate + 1e-9) / (b.rate + 1e-9))) / 2 + (1 - cos(a.pattern, b.pattern));
}

/** Below this two cues read as the same music in another key or mix. */
const MIN_DISTANCE = 0.15;

describe('variety', () => {
  it('seeds change key, progression, motif and grooves', () => {
    const timeline = realisticEdit(3, 20, 60);
    const plans = [1, 2, 3].map((seed) => planScore(timeline, { brief: 'upbeat corporate', seed, sampleRate: 48000 }));
    const keys = plans.map((p) => p.sections[0].key);
    expect(new Set(keys).size).toBe(3);
    const degrees = plans.map((p) => p.sections.map((s) => s.chords.map((c) => c.degree).join(' ')).join(' | '));
    expect(new Set(degrees).size).toBe(3);
    const motifs = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(makeMotif(seed, 4)));
    expect(new Set(motifs).size).toBeGreaterThanOrEqual(3);
    const grooves = plans.map((p) => {
      const kit = arrange(p).events.filter((e) => e.group === 'percussion');
      return p.sections.map((s) => kit.filter((e) => e.start >= s.startSample && e.start < s.startSample + (s.endSample - s.startSample) / Math.max(1, s.bars)).map((e) => `${e.instrument}@${Math.round(((e.start - s.startSample) * 16 * s.bars) / (s.endSample - s.startSample))}`).join(',')).join('|');
    });
    expect(new Set(grooves).size).toBe(3);
  });

  it(`every preset and style differs from every other by a feature distance ≥ ${MIN_DISTANCE}`, () => {
    const cues: Array<[string, Features]> = [];
    for (const preset of ['corporate', 'documentary', 'social', 'e-learning', 'trailer', 'ai-film']) cues.push([preset, features({ preset })]);
    for (const style of ['bed', 'thematic', 'ambient'] as Style[]) cues.push([`corporate/${style}`, features({ preset: 'corporate', style })]);
    // the measure is not blind: a cue is at distance 0 from itself
    expect(distance(cues[0][1], cues[0][1])).toBeCloseTo(0, 9);
    const table: string[] = [];
    for (let i = 0; i < cues.length; i++) {
      for (let j = i + 1; j < cues.length; j++) {
        const d = distance(cues[i][1], cues[j][1]);
        table.push(`${cues[i][0]}–${cues[j][0]} ${d.toFixed(2)}`);
      }
    }
    console.log(table.join('; '));
    for (const row of table) expect(Number(row.split(' ').pop()), row).toBeGreaterThanOrEqual(MIN_DISTANCE);
  });
});
