/**
 * The mix-analysis helper on signals whose answers are known by construction, so a figure the
 * palette tests assert cannot be an artefact of the measuring code.
 */
import { describe, expect, it } from 'vitest';
import { analyseMix, missedTargets } from '../../src/report/mix-analysis';

const SR = 48000;
const N = SR * 2;

function sine(hz: number, gain = 0.5): Float32Array {
  const x = new Float32Array(N);
  for (let i = 0; i < N; i++) x[i] = gain * Math.sin((2 * Math.PI * hz * i) / SR);
  return x;
}

/** Seeded white noise (xorshift), uniform in ±gain. */
function noise(seed: number, gain = 0.3): Float32Array {
  const x = new Float32Array(N);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < N; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    x[i] = gain * ((s / 4294967296) * 2 - 1);
  }
  return x;
}

const add = (a: Float32Array, b: Float32Array, gb = 1) => a.map((v, i) => v + gb * b[i]);

describe('mix analysis on known signals', () => {
  it("a sine's centroid and rolloff are its frequency; its spectrum is as far from flat as it gets", () => {
    const x = sine(1000);
    const f = analyseMix(x, x, SR);
    expect(f.centroidHz).toBeGreaterThan(980);
    expect(f.centroidHz).toBeLessThan(1020);
    expect(Math.abs(f.rolloffHz - 1000)).toBeLessThan(2 * (SR / 4096));
    expect(f.flatnessDb).toBeLessThan(-60);
    expect(f.midShareDb).toBeGreaterThan(-0.01);
    expect(f.lowShareDb).toBeLessThan(-40);
    // a held tone does not change from frame to frame
    expect(f.spectralChange).toBeLessThan(0.01);
  });

  it('puts a 60 Hz sine below 120 Hz and splits a two-tone signal by its energies', () => {
    expect(analyseMix(sine(60), sine(60), SR).lowShareDb).toBeGreaterThan(-0.05);
    // 60 Hz at 0.5 and 500 Hz at 0.5: half the energy each, −3 dB
    const two = add(sine(60), sine(500));
    const f = analyseMix(two, two, SR);
    expect(f.lowShareDb).toBeCloseTo(-3.01, 1);
    expect(f.midShareDb).toBeCloseTo(-3.01, 1);
  });

  it('white noise is flat (−2.5 dB, the exponential distribution\'s e^−γ), centred at a quarter of the rate and always changing', () => {
    const x = noise(7);
    const f = analyseMix(x, x, SR);
    expect(f.flatnessDb).toBeGreaterThan(-3.5);
    expect(f.flatnessDb).toBeLessThan(-1.5);
    expect(Math.abs(f.centroidHz - SR / 4)).toBeLessThan(500);
    expect(f.spectralChange).toBeGreaterThan(0.5);
  });

  it('L = R is mono: correlation 1, no side, nothing lost in a fold-down', () => {
    const x = add(sine(440), noise(3, 0.05));
    const f = analyseMix(x, x, SR);
    expect(f.correlation).toBeCloseTo(1, 6);
    expect(f.sideMidDb).toBeLessThan(-100);
    expect(f.monoLossDb).toBeCloseTo(0, 6);
  });

  it('L = −R cancels in mono; independent channels are uncorrelated with side = mid and a 3 dB fold-down loss', () => {
    const x = noise(5);
    const inverted = analyseMix(x, x.map((v) => -v), SR);
    expect(inverted.correlation).toBeCloseTo(-1, 6);
    expect(inverted.monoLossDb).toBeLessThan(-100);
    const f = analyseMix(noise(11), noise(12), SR);
    expect(Math.abs(f.correlation)).toBeLessThan(0.02);
    expect(Math.abs(f.sideMidDb)).toBeLessThan(0.2);
    expect(Math.abs(f.sideMidHighDb)).toBeLessThan(0.3);
    expect(f.monoLossDb).toBeCloseTo(-3.01, 1);
  });

  it('measures width per band: wide highs over a centred low end', () => {
    const low = sine(80);
    const L = add(low, noise(21, 0.1)), R = add(low, noise(22, 0.1));
    const f = analyseMix(L, R, SR);
    // the 2–8 kHz band is all noise (uncorrelated): side ≈ mid there, while overall the centred sine dominates
    expect(Math.abs(f.sideMidHighDb)).toBeLessThan(0.5);
    expect(f.sideMidDb).toBeLessThan(-10);
  });

  it('names the figures that miss the produced-music targets', () => {
    const x = sine(60);
    const missed = missedTargets(analyseMix(x, x, SR)).map((m) => m.split(' ')[0]);
    expect(missed).toEqual(expect.arrayContaining(['lowShareDb', 'midShareDb', 'centroidHz', 'flatnessDb', 'correlation', 'sideMidDb']));
    // a centred tonal part (power 0.145) and an uncorrelated noise part per side (power 0.083):
    // correlation 0.145 / 0.228 = 0.64, side/mid −6.5 dB, mono fold-down −0.9 dB
    const centre = add(sine(60, 0.2), sine(700, 0.5));
    const L = add(centre, noise(31, 0.5)), R = add(centre, noise(32, 0.5));
    expect(missedTargets(analyseMix(L, R, SR))).toEqual([]);
  });
});
