import { describe, expect, it } from 'vitest';
import type { VoiceSetup } from '../../src/sampler/bank';
import { canTwin, SamplerVoice } from '../../src/sampler/voice';
import { newBuses } from '../../src/synth/mixer';

const SR = 48000;

function tone(n: number, hz: number, phase: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.6 * Math.sin((2 * Math.PI * hz * i) / 32000 + phase) + 0.2 * Math.sin((2 * Math.PI * 3 * hz * i) / 32000);
  return x;
}

function zone(over: Partial<VoiceSetup>): VoiceSetup {
  const t = { delay: 0, attack: 2000, hold: 3000, decay: 20000, release: 9000 };
  return {
    sample: 0, sampleR: -1, inc: 0.61, start: 0, end: 0, loopStart: 0, loopEnd: 0, loopMode: 1, gain: 0.8, pan: -1, panR: 0,
    vol: t, volSustainCb: 150, mod: { ...t, attack: 500 }, modSustain: 0.4, filterFc: 9000, modEnvToFc: 1500, filterQ: 40, exclusiveClass: 0, ...over,
  };
}

describe('twin voices (two zones of a note, own samples and loops, one voice)', () => {
  it('plays what the two zones play as separate voices', () => {
    const pcmA = tone(30000, 300, 0), pcmB = tone(41000, 300, 1.3);
    const a = zone({ sample: 0, loopStart: 12000, loopEnd: 29000, pan: -1 });
    const b = zone({ sample: 1, start: 37, loopStart: 20011, loopEnd: 40500, pan: 1 });
    expect(canTwin(a, b, pcmA.length, pcmB.length, SR)).toBe(true);
    const twin = new SamplerVoice(), va = new SamplerVoice(), vb = new SamplerVoice();
    const gate = 3 * SR;
    twin.init({ ...a, sampleR: 1, panR: b.pan, twin: { start: b.start, loopStart: b.loopStart, loopEnd: b.loopEnd } }, pcmA, pcmB, 100, gate, 0, 0.5, 0.3, 0, SR);
    va.init(a, pcmA, null, 100, gate, 0, 0.5, 0.3, 0, SR);
    vb.init(b, pcmB, null, 100, gate, 0, 0.5, 0.3, 0, SR);
    const one = newBuses(), two = newBuses();
    let worst = 0, peak = 0, blocks = 0;
    for (let k = 0; k < 2000 && !(twin.done && va.done && vb.done); k++, blocks++) {
      one.all.fill(0); two.all.fill(0);
      const from = k === 0 ? 100 : 0;
      twin.render(k * 128, from, one);
      va.render(k * 128, from, two);
      vb.render(k * 128, from, two);
      for (let i = 0; i < 3 * 128; i++) { worst = Math.max(worst, Math.abs(one.all[i] - two.all[i])); peak = Math.max(peak, Math.abs(two.all[i])); }
    }
    // past the loops' ends many times over, through the release to the end
    expect(blocks).toBeGreaterThan((gate + 5000) / 128);
    expect(twin.done && va.done && vb.done).toBe(true);
    expect(peak).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-12);
  });

  it('does not twin zones that could end on their own, differ in pitch or are not filtered', () => {
    const a = zone({ loopStart: 12000, loopEnd: 29000 });
    expect(canTwin(a, zone({ loopStart: 100, loopEnd: 20000, loopMode: 0 }), 30000, 30000, SR)).toBe(false);
    expect(canTwin(a, zone({ loopStart: 100, loopEnd: 20000, inc: 0.62 }), 30000, 30000, SR)).toBe(false);
    expect(canTwin(zone({ loopStart: 12000, loopEnd: 29000, filterFc: 13500, modEnvToFc: 0 }), zone({ loopStart: 100, loopEnd: 20000, filterFc: 13500, modEnvToFc: 0 }), 30000, 30000, SR)).toBe(false);
    expect(canTwin(a, zone({ loopStart: 100, loopEnd: 29999 }), 30000, 30000, SR)).toBe(false);
  });
});
