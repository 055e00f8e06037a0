import { describe, expect, it } from 'vitest';
import { BLOCK } from '../../src/synth/dsp';
import { layersFor } from '../../src/synth/instruments';
import { newBuses } from '../../src/synth/mixer';
import { Layer, monoEdges, sawEdges, type LayerSpec } from '../../src/synth/voice';
import type { NoteEvent } from '../../src/music/types';

const SR = 24000;

function pad(midi: number, i: number, start: number, length: number): NoteEvent {
  return { group: 'pads', instrument: 'pad', start, length, midi, velocity: 0.5 - 0.03 * i, pan: -0.45 + 0.3 * i, brightness: 0.45 };
}

/** Every block of the voices from their onset to silence: each on its own, or as one chord layer. */
function render(specs: LayerSpec[], chord: boolean): Float64Array {
  const layers = specs.map((s) => { const l = new Layer(); l.init(s, 0, SR); return l; });
  if (chord) for (let k = 1; k < layers.length; k++) expect(layers[0].absorb(layers[k], specs[k])).toBe(true);
  const playing = chord ? [layers[0]] : layers;
  const start = specs[0].start;
  const out: number[] = [];
  for (let b0 = start - (start % BLOCK); playing.some((l) => !l.done); b0 += BLOCK) {
    const bus = newBuses();
    for (const l of playing) if (!l.done) l.render(Math.max(0, start - b0), bus);
    // the three destinations of the block
    out.push(...bus.dryL, ...bus.dryR, ...bus.rev);
  }
  return Float64Array.from(out);
}

describe('chord layers', () => {
  it('sound as the voices did one by one (onset, sustain, release, end), to rounding', () => {
    // a start inside a block and a gate ending inside one: both general-path blocks
    const specs = [52, 60, 67, 72, 76].map((m, i) => layersFor(pad(m, i, 301, 9000), SR)[0]);
    const alone = render(specs, false), chord = render(specs, true);
    expect(chord.length).toBe(alone.length);
    let peak = 0, diff = 0;
    for (let i = 0; i < alone.length; i++) {
      peak = Math.max(peak, Math.abs(alone[i]));
      diff = Math.max(diff, Math.abs(chord[i] - alone[i]));
    }
    expect(peak).toBeGreaterThan(0.01);
    // < −200 dB under the peak
    expect(diff / peak).toBeLessThan(1e-10);
  });

  it('takes only voices whose envelope and filter run identically', () => {
    const base = layersFor(pad(60, 0, 0, 9000), SR)[0];
    const lead = new Layer();
    lead.init(base, 0, SR);
    const other = (s: LayerSpec): boolean => { const l = new Layer(); l.init(s, 0, SR); return lead.absorb(l, s); };
    expect(other({ ...base, start: 1 })).toBe(false);
    expect(other({ ...base, cutoff: (base.cutoff ?? 0) + 1 })).toBe(false);
    expect(other({ ...base, gate: base.gate + 1 })).toBe(false);
    expect(other({ ...base, sub: 0.5 })).toBe(false);
    // pitch, level and pan may differ
    expect(other({ ...base, hz: base.hz * 1.5, gain: base.gain / 2, pan: 0.7 })).toBe(true);
  });
});

/** The per-sample PolyBLEP oscillators the edge functions stand in for (the loops' old code). */
function blepSaw(t: number, dt: number): number {
  let v = 2 * t - 1;
  if (t < dt) { const x = t / dt; v -= x + x - x * x - 1; } else if (t > 1 - dt) { const x = (t - 1) / dt; v -= x * x + x + x + 1; }
  return v;
}
function blepSquare(t: number, dt: number): number {
  return blepSaw(t, dt) - blepSaw(t < 0.5 ? t + 0.5 : t - 0.5, dt);
}

describe('oscillator edges (a block as a line plus steps and PolyBLEP residuals)', () => {
  const cases: Array<[number, number]> = [[0, 0.01], [0.37, 0.013], [0.999, 0.02], [0.49, 0.03], [0.5, 0.004], [0.2, 0.11], [0.995, 0.005], [0.62, 0.0078125]];
  for (const square of [false, true]) {
    it(`${square ? 'square' : 'saw'}: the same samples as the per-sample oscillator, and the same next phase`, () => {
      for (const [p0, inc] of cases) {
        const d = new Float64Array(3 * BLOCK);
        let p = p0;
        // several blocks in a row, so edges falling on block boundaries are crossed too
        for (let blk = 0; blk < 9; blk++) {
          const start = p;
          const next = square ? monoEdges(d, p, inc, true) : sawEdges(d, p, inc, 1, 0.5, 0.25);
          let acc = 0;
          let ref = start;
          for (let i = 0; i < BLOCK; i++) {
            acc += d[i];
            const line = (square ? (start < 0.5 ? -1 : 1) : 2 * start - 1) + (square ? 0 : 2 * inc) * i;
            const want = square ? blepSquare(ref, inc) : blepSaw(ref, inc);
            expect(Math.abs(line + acc - want)).toBeLessThan(1e-9);
            if (!square) expect(Math.abs(0.5 * (2 * start - 1 + 2 * inc * i) + d.subarray(BLOCK, BLOCK + i + 1).reduce((s, v) => s + v, 0) - 0.5 * want)).toBeLessThan(1e-9);
            ref += inc;
            if (ref >= 1) ref -= 1;
          }
          expect(Math.abs(next - ref)).toBeLessThan(1e-9);
          d.fill(0);
          p = next;
        }
      }
    });
  }
});
