import { describe, expect, it } from 'vitest';
import type { VoiceSetup } from '../../src/sampler/bank';
import { CHUNK, MixLevel, sourceLevel } from '../../src/sampler/level';
import { SamplerVoice } from '../../src/sampler/voice';
import { newBuses } from '../../src/synth/mixer';

const SR = 48000;

/** A decaying 220 Hz tone, then silence: what a piano sample looks like to the level tables. */
function decayingTone(n: number, tau: number, silentFrom: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < silentFrom; i++) x[i] = 0.8 * Math.exp(-i / tau) * Math.sin((2 * Math.PI * 220 * i) / SR);
  return x;
}

function setup(over: Partial<VoiceSetup> = {}): VoiceSetup {
  const t = { delay: 0, attack: 480, hold: 4800, decay: 48000, release: 24000 };
  return {
    sample: 0, sampleR: -1, inc: 1, start: 0, end: 0, loopStart: 0, loopEnd: 0, loopMode: 0, gain: 1, pan: 0.3, panR: 0,
    vol: t, volSustainCb: 200, mod: t, modSustain: 1, filterFc: 13500, modEnvToFc: 0, filterQ: 0, exclusiveClass: 0, ...over,
  };
}

describe('sampler voice levels (ending voices far under the mix)', () => {
  it('tables each chunk of a sample and the loudest chunk from there to the end', () => {
    const x = decayingTone(20 * CHUNK, 3 * CHUNK, 12 * CHUNK);
    const t = sourceLevel(x);
    expect(sourceLevel(x)).toBe(t);
    for (let c = 0; c < t.ms.length; c++) {
      expect(t.suffix[c]).toBeGreaterThanOrEqual(t.ms[c]);
      expect(t.suffix[c]).toBeGreaterThanOrEqual(t.suffix[c + 1]);
    }
    expect(t.ms[0]).toBeGreaterThan(0.1);
    expect(t.suffix[12]).toBe(0);
  });

  it('bounds everything a voice has left to play, and never cuts it in its attack', () => {
    const pcm = decayingTone(4 * SR, 0.5 * SR, 4 * SR - 10);
    for (const filtered of [false, true]) {
      const v = new SamplerVoice();
      v.init(setup(filtered ? { filterFc: 6000, filterQ: 60 } : {}), pcm, null, 0, SR, 0, 0.5, 0.2, 0, SR);
      const b = newBuses();
      const blocks: number[] = [];
      let bound = NaN;
      for (let k = 0; !v.done && k < 2000; k++) {
        // the attack rises: no floor cuts it
        if (k === 0) expect(v.inaudibleUnder(1e9)).toBe(false);
        // in hold (block 40, 0.1 s), find the bound by bisection on the floor
        if (k === 40) {
          let lo = 0, hi = 10;
          for (let i = 0; i < 80; i++) { const mid = (lo + hi) / 2; if (v.inaudibleUnder(mid)) hi = mid; else lo = mid; }
          bound = hi;
        }
        b.all.fill(0);
        v.render(k * 128, 0, b);
        let e = 0;
        for (let i = 0; i < 128; i++) e += b.dryL[i] * b.dryL[i] + b.dryR[i] * b.dryR[i];
        blocks.push(e / 256);
      }
      expect(bound).toBeGreaterThan(0);
      // per-block mean square can exceed a chunk average a little (a block is shorter than a chunk): over 4 blocks it may not
      for (let k = 40; k + 4 <= blocks.length; k += 4) expect((blocks[k] + blocks[k + 1] + blocks[k + 2] + blocks[k + 3]) / 4).toBeLessThanOrEqual(1.05 * bound);
      // and the bound is not loose by orders of magnitude at that point
      expect((blocks[40] + blocks[41] + blocks[42] + blocks[43]) / 4).toBeGreaterThan(bound / 100);
    }
  });

  it('follows the mix at once when it gets louder and falls slowly after', () => {
    const m = new MixLevel(SR);
    const b = newBuses();
    b.dryL.fill(0.5); b.dryR.fill(0.5);
    m.push(b);
    const loud = m.floor;
    expect(loud).toBeCloseTo(0.25 * Math.pow(10, -7), 12);
    b.all.fill(0);
    for (let k = 0; k < Math.round(SR / 128); k++) m.push(b);
    // one second of silence: ~14.5 dB down (300 ms time constant)
    expect(10 * Math.log10(loud / m.floor)).toBeGreaterThan(13);
    expect(10 * Math.log10(loud / m.floor)).toBeLessThan(16);
  });
});
