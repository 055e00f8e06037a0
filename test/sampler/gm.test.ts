import { describe, expect, it } from 'vitest';
import { GM, SAMPLED_INSTRUMENTS, isSampled } from '../../src/sampler/gm';
import { renderArrangement } from '../../src/synth';
import { layersFor } from '../../src/synth/instruments';
import { arrangement, ev } from '../synth/fixtures';

describe('GM instrument contract', () => {
  it('maps melodic instruments to bank 0 programs and kit pieces to bank 128 keys', () => {
    for (const name of SAMPLED_INSTRUMENTS) {
      const g = GM[name];
      expect(g.program).toBeGreaterThanOrEqual(0);
      expect(g.program).toBeLessThan(128);
      if (name.startsWith('kit-') || name.startsWith('orch-')) {
        expect(g.bank).toBe(128);
        expect(g.drumKey).toBeGreaterThanOrEqual(35);
        expect(g.drumKey).toBeLessThanOrEqual(81);
      } else {
        expect(g.bank).toBe(0);
        expect(g.drumKey).toBeUndefined();
      }
    }
    expect(GM.piano.program).toBe(0);
    expect(GM['kit-snare'].drumKey).toBe(38);
    expect(isSampled('piano')).toBe(true);
    expect(isSampled('pad')).toBe(false);
  });

  it('renders every sampled instrument through its synth fallback when no bank is given', () => {
    for (const name of SAMPLED_INSTRUMENTS) {
      const layers = layersFor(ev('keys', name, 0, 4800, 60), 48000);
      expect(layers.length, name).toBeGreaterThan(0);
      const same = layersFor(ev('keys', GM[name].fallback, 0, 4800, GM[name].fallbackMidi ?? 60), 48000);
      expect(layers).toEqual(same);
    }
    const r = renderArrangement(arrangement(0.5, [ev('keys', 'piano', 0, 12000, 60), ev('percussion', 'kit-kick', 0, 4800, 0)]), { targetLufs: -20 });
    let peak = 0;
    for (const v of r.mix[0]) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0.01);
  });
});
