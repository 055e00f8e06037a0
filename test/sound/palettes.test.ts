/**
 * Every palette mixed like produced music (issue 13 point 5): a short render of each, through the
 * sound bank, measured with the mix-analysis helper against the range produced library music
 * spans (src/report/mix-analysis.ts MIX_TARGETS: energy below 120 Hz −15…−2.5 dB, 120 Hz–2 kHz
 * ≥ −3.6 dB, centroid ≥ 900 Hz, flatness ≥ −62 dB, L/R correlation ≤ 0.67, side/mid ≥ −7 dB,
 * mono fold-down ≥ −1 dB), with bass and kick in the middle. 20-second edits keep it quick; the
 * whole demo and a 3-minute sequence are measured in `npm run bench` and the issue notes.
 */
import { describe, expect, it } from 'vitest';
import { arrange } from '../../src/music';
import { choosePalette, PALETTE_DEMOS, PALETTES, type PaletteName } from '../../src/music/palette';
import { planScore } from '../../src/plan';
import { analyseMix, formatFigures, missedTargets } from '../../src/report/mix-analysis';
import { renderArrangement } from '../../src/synth';
import { useSoundBank } from './bank';
import { realisticEdit } from '../plan/helpers';
import { worstStemSumLsb } from '../audio/stem-sum';

const soundBank = useSoundBank('cuebed-palettes-');


const KICKS = new Set(['kick', 'kit-kick', 'orch-bass-drum', 'taiko']);

function stereoCorrelation([L, R]: Float32Array[]): number {
  let ll = 0, rr = 0, lr = 0;
  for (let i = 0; i < L.length; i++) { ll += L[i] * L[i]; rr += R[i] * R[i]; lr += L[i] * R[i]; }
  return ll > 0 && rr > 0 ? lr / Math.sqrt(ll * rr) : 1;
}

/** Presets that reach a palette with their own tempo, density and parts (e-learning: no drums, a bed). */
const PRESET_RUNS: Array<[string, PaletteName]> = [['e-learning', 'corporate'], ['ai-film', 'cinematic']];
const RUNS: Array<{ label: string; name: PaletteName; preset: string; brief: string }> = [
  ...PALETTES.map((name) => ({ label: name, name, ...PALETTE_DEMOS[name] })),
  ...PRESET_RUNS.map(([preset, name]) => ({ label: `${preset} preset (${name})`, name, preset, brief: '' })),
];

describe('palettes mixed like produced music (20 s renders through the sound bank)', () => {
  for (const { label, name, preset, brief } of RUNS) {
    it(`${label}: inside produced music's range, bass and kick centred`, () => {
      const plan = planScore(realisticEdit(11, 6, 20), { brief, preset, seed: 1, sampleRate: 48000 });
      expect(choosePalette(plan.preset, plan.style, plan.brief).name).toBe(name);
      const arr = { ...arrange(plan), sampler: soundBank() };
      const r = renderArrangement(arr, { targetLufs: plan.targetLufs, stems: true });
      const f = analyseMix(r.mix[0], r.mix[1], 48000);
      expect(missedTargets(f), `${label}: ${formatFigures(f)}`).toEqual([]);
      // the low end in the middle: the bass part, and every kick-like hit, are written centred…
      for (const e of arr.events) if (e.group === 'bass' || KICKS.has(e.instrument)) expect(Math.abs(e.pan)).toBeLessThanOrEqual(0.15);
      // …and sound centred
      if (r.stems?.bass) expect(stereoCorrelation(r.stems.bass)).toBeGreaterThan(0.95);
      // the stems sum to the mix, whatever the palette sends where (lo-fi's pads send to a delay)
      expect(worstStemSumLsb(r.mix, Object.values(r.stems ?? {}) as Float32Array[][]), label).toBeLessThanOrEqual(1);
    }, 120000);
  }
});
