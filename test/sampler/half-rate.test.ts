import { describe, expect, it } from 'vitest';
import type { NoteEvent, SampledInstrument } from '../../src/music/types';
import { voicesFor } from '../../src/sampler/bank';
import { halfRateTiming, halfRateZone, toHalfRate } from '../../src/sampler/half-rate';
import { UP_K } from '../../src/synth/dsp';
import { renderArrangement } from '../../src/synth';
import { useSoundBank } from '../sound/bank';
import { arrangement, ev } from '../synth/fixtures';

const SR = 48000;
const bank = useSoundBank('cuebed-half-rate-');

describe('sampled voices at half rate', () => {
  it('starts a half-rate voice where the upsampler puts it on the event start, or one sample after with the sample advanced', () => {
    for (let start = 0; start < 300; start++) {
      const t = halfRateTiming(start, 1000);
      // half-rate sample m is heard at full-rate sample 2·(m + UP_K)
      expect(2 * (t.start + UP_K)).toBe(start + t.late);
      expect(t.late).toBeGreaterThanOrEqual(0);
      if (start >= 2 * UP_K) expect(t.late).toBeLessThanOrEqual(1);
      // the release lands on the event's end (to a sample)
      expect(Math.abs(2 * (t.start + t.gate + UP_K) - (start + 1000))).toBeLessThanOrEqual(1);
    }
  });

  it('plays low-passed zones (piano, warm pad, bass) at half rate, open ones (drums, bright strings) at full rate', () => {
    const zones = (instrument: SampledInstrument, midi: number, velocity: number) =>
      voicesFor(bank(), { ...ev('pads', instrument, 0, SR, midi, { velocity }), instrument }, SR);
    for (const z of zones('warm-pad', 60, 0.5)) expect(halfRateZone(z, SR)).toBe(true);
    for (const z of zones('piano', 72, 0.3)) expect(halfRateZone(z, SR)).toBe(true);
    for (const z of zones('kit-hat-closed', 42, 0.8)) expect(halfRateZone(z, SR)).toBe(false);
    const z = zones('piano', 72, 0.3)[0];
    const h = toHalfRate(z, 1);
    expect(h.inc).toBe(2 * z.inc);
    expect(h.start).toBe(z.start + z.inc);
    expect(h.vol.release).toBe(z.vol.release / 2);
    expect(h.mod.attack).toBe(z.mod.attack / 2);
  });

  it('keeps the mix bit-identical with and without stems, and the stems summing to it, with half-rate voices and delay sends', () => {
    const events: NoteEvent[] = [];
    for (let k = 0; k < 12; k++) {
      events.push(ev('keys', 'piano', 7 + k * 9601, 12000, 60 + (k % 5) * 4, { velocity: 0.3 + 0.05 * k }));
      events.push(ev('bass', 'electric-bass', 3 + k * 9600, 8000, 36 + (k % 3)));
    }
    events.push(ev('pads', 'warm-pad', 1, 3 * SR, 60), ev('percussion', 'kit-hat-closed', 5000, 2000, 42));
    const arr = arrangement(3.5, events, { sampler: bank() });
    const plain = renderArrangement(arr, { targetLufs: -20 });
    const withStems = renderArrangement(arr, { targetLufs: -20, stems: true });
    expect(Buffer.compare(Buffer.from(plain.mix[0].buffer), Buffer.from(withStems.mix[0].buffer))).toBe(0);
    expect(Buffer.compare(Buffer.from(plain.mix[1].buffer), Buffer.from(withStems.mix[1].buffer))).toBe(0);
    const stems = Object.values(withStems.stems ?? {});
    expect(stems.length).toBe(4);
    let err = 0, sig = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < plain.mix[c].length; i++) {
        let s = 0;
        for (const st of stems) s += st[c][i];
        err += (s - plain.mix[c][i]) ** 2;
        sig += plain.mix[c][i] ** 2;
      }
    }
    expect(sig).toBeGreaterThan(0);
    expect(10 * Math.log10(err / sig)).toBeLessThan(-100);
  });
});
