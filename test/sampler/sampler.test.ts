import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSoundBank } from '../../src/io/bank';
import { zonesFor, type SamplerBank } from '../../src/sampler/bank';
import { renderArrangement } from '../../src/synth';
import type { NoteEvent } from '../../src/music/types';
import { arrangement, ev } from '../synth/fixtures';

const SR = 48000;
let cacheDir = '';
let bank: SamplerBank;

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bank-'));
  bank = await loadSoundBank({ cacheDir });
}, 60000);
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** Renders events (no fades, no duck) and returns the left channel. */
function render(events: NoteEvent[], seconds: number, b: SamplerBank = bank): Float32Array {
  return renderArrangement(arrangement(seconds, events, { sampler: b }), { targetLufs: -20 }).mix[0];
}

/** Fundamental by autocorrelation peak near the expected period (sub-sample by parabola). */
function pitchHz(x: Float32Array, from: number, to: number, expectHz: number): number {
  const lo = Math.floor(SR / (expectHz * 1.1)), hi = Math.ceil(SR / (expectHz / 1.1));
  const ac = (lag: number): number => { let s = 0; for (let i = from; i < to; i++) s += x[i] * x[i + lag]; return s; };
  let best = lo, bestV = -Infinity;
  for (let lag = lo; lag <= hi; lag++) { const v = ac(lag); if (v > bestV) { bestV = v; best = lag; } }
  const a = ac(best - 1), c = ac(best + 1);
  const shift = (a - c) / (2 * (a - 2 * bestV + c));
  return SR / (best + shift);
}

function maxAbs(x: Float32Array, from = 0, to = x.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

describe('sampler voices from the installed bank', () => {
  it('finds every GM preset the instruments name', () => {
    for (const key of bank.presets.keys()) expect(bank.presets.get(key)?.length, key).toBeGreaterThan(0);
    expect(bank.credits).toMatch(/MuseScore_General/);
    expect(bank.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('plays a note at its expected pitch (root key, tuning, sample rate)', () => {
    for (const [instrument, midi] of [['piano', 69], ['strings', 57], ['nylon-guitar', 52], ['french-horn', 60]] as const) {
      const x = render([ev('keys', instrument, 0, SR, midi, { velocity: 0.8 })], 1.2);
      const hz = pitchHz(x, 12000, 12000 + 4096, 440 * Math.pow(2, (midi - 69) / 12));
      const cents = 1200 * Math.log2(hz / (440 * Math.pow(2, (midi - 69) / 12)));
      expect(Math.abs(cents), `${instrument} ${midi}: ${hz.toFixed(2)} Hz`).toBeLessThan(15);
    }
  });

  it('loops a sustained string note without clicks', () => {
    const x = render([ev('pads', 'strings', 0, 5 * SR, 64, { velocity: 0.7 })], 5);
    // the largest sample step in the sustain (loop points pass several times) stays within what
    // the waveform itself does: no step > 4× the 99.9th-percentile step
    const steps: number[] = [];
    for (let i = SR + 1; i < 4.5 * SR; i++) steps.push(Math.abs(x[i] - x[i - 1]));
    const sorted = [...steps].sort((a, b) => a - b);
    const p999 = sorted[Math.floor(0.999 * sorted.length)];
    expect(sorted[sorted.length - 1]).toBeLessThan(4 * p999);
    expect(maxAbs(x, 4 * SR, 4.5 * SR)).toBeGreaterThan(0.05);
  });

  it('ends the release tail: silence after the release, nothing cut at the gate', () => {
    const x = render([ev('keys', 'piano', 0, SR / 2, 60, { velocity: 0.8 })], 4);
    const held = render([ev('keys', 'piano', 0, 4 * SR, 60, { velocity: 0.8 })], 4);
    expect(maxAbs(x, SR / 2, SR / 2 + 2400)).toBeGreaterThan(0.01);
    // only the room's reverb tail is left (< −80 dBFS) where the held note still sounds
    expect(maxAbs(x, 3.5 * SR, 4 * SR)).toBeLessThan(1e-4);
    expect(maxAbs(held, 3.5 * SR, 4 * SR)).toBeGreaterThan(0.01);
  });

  it('chooses velocity layers: soft and loud notes play different zones', () => {
    const differs = (['piano', 'kit-snare', 'strings', 'trumpet'] as const).some((inst) => {
      const key = inst === 'kit-snare' ? 38 : 60;
      const soft = zonesFor(bank, inst, key, 20).map((z) => z.sample).join();
      const loud = zonesFor(bank, inst, key, 120).map((z) => z.sample).join();
      return soft !== loud && soft !== '' && loud !== '';
    });
    expect(differs).toBe(true);
    const x = render([ev('keys', 'piano', 0, SR / 2, 60, { velocity: 0.2 }), ev('keys', 'piano', SR, SR / 2, 60, { velocity: 1 })], 2);
    expect(maxAbs(x, SR, 2 * SR)).toBeGreaterThan(2 * maxAbs(x, 0, SR));
  });

  it('renders the same bytes from a cold and a warm sample cache', async () => {
    const events = [ev('keys', 'piano', 0, SR / 2, 64), ev('percussion', 'kit-kick', 0, 4800, 36), ev('percussion', 'kit-hat-closed', SR / 4, 2400, 42), ev('pads', 'strings', 0, SR, 57)];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-bank-cold-'));
    try {
      const cold = render(events, 1, await loadSoundBank({ cacheDir: dir }));
      const files = fs.readdirSync(path.join(dir, 'samples', bank.hash.slice(0, 32)));
      expect(files.length).toBeGreaterThan(0);
      const warm = render(events, 1, await loadSoundBank({ cacheDir: dir }));
      const noCache = render(events, 1, await loadSoundBank({ cacheDir: null }));
      expect(Buffer.from(warm.buffer).equals(Buffer.from(cold.buffer))).toBe(true);
      expect(Buffer.from(noCache.buffer).equals(Buffer.from(cold.buffer))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('stems of sampled parts still sum to the mix', () => {
    const events = [ev('keys', 'piano', 100, SR / 2, 64), ev('percussion', 'kit-snare', 333, 4800, 38), ev('pads', 'strings', 0, SR, 57), ev('bass', 'sub-bass', 0, SR, 33)];
    const r = renderArrangement(arrangement(1.5, events, { sampler: bank }), { targetLufs: -20, stems: true });
    const groups = Object.values(r.stems ?? {});
    expect(groups.length).toBe(4);
    let err = 0;
    for (let i = 0; i < r.mix[0].length; i++) {
      let s = 0;
      for (const g of groups) s += g[0][i];
      err = Math.max(err, Math.abs(s - r.mix[0][i]));
    }
    expect(err).toBeLessThan(1e-4);
  });

  it('chokes an open hat with the next closed hat (exclusive class)', () => {
    const open = render([ev('percussion', 'kit-hat-open', 0, SR, 46)], 1);
    const choked = render([ev('percussion', 'kit-hat-open', 0, SR, 46), ev('percussion', 'kit-hat-closed', SR / 4, 2400, 42)], 1);
    expect(maxAbs(choked, SR / 2, SR)).toBeLessThan(0.5 * maxAbs(open, SR / 2, SR));
  });
});
