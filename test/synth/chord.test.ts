import { describe, expect, it } from 'vitest';
import { BLOCK } from '../../src/synth/dsp';
import { layersFor } from '../../src/synth/instruments';
import { newBuses } from '../../src/synth/mixer';
import { Layer, type LayerSpec } from '../../src/synth/voice';
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
