import { describe, expect, it } from 'vitest';
import { FLOOR_GAIN, ST_DONE, VolumeEnvelope } from '../../src/sampler/envelope';

const times = (t: Partial<{ delay: number; attack: number; hold: number; decay: number; release: number }>) =>
  ({ delay: 0, attack: 0, hold: 0, decay: 0, release: 1, ...t });

/** Runs the envelope in spans of ≤ 128 samples; releases after `gate` samples. */
function run(env: VolumeEnvelope, gate: number): { spans: Array<[number, number, number]>; total: number } {
  const spans: Array<[number, number, number]> = [];
  let t = 0;
  for (;;) {
    if (t >= gate) env.release();
    const n = env.span(t < gate ? Math.min(128, gate - t) : 128);
    if (n === 0) break;
    spans.push([n, env.g0, env.g1]);
    t += n;
    if (t > 1e7) throw new Error('never ends');
  }
  return { spans, total: t };
}

describe('sampler volume envelope', () => {
  it('draws a continuous gain line: each span starts where the last ended, and the last ends at zero', () => {
    const env = new VolumeEnvelope();
    env.start(times({ delay: 100, attack: 1000, hold: 500, decay: 20000, release: 30000 }), 300, 0.5);
    const { spans } = run(env, 9000);
    for (let k = 1; k < spans.length; k++) expect(spans[k][1], `span ${k}`).toBe(spans[k - 1][2]);
    expect(spans[spans.length - 1][2]).toBe(0);
    expect(env.stage).toBe(ST_DONE);
  });

  it('gives the exact SoundFont level in hold, decay, sustain and release (no value reused across a state change)', () => {
    const env = new VolumeEnvelope();
    // decay: 100 dB per 10000 samples, down to the 30 dB sustain after 3000 samples
    env.start(times({ hold: 256, decay: 10000, release: 20000 }), 300, 1);
    const { spans } = run(env, 8000);
    let t = 0;
    for (const [n, g0, g1] of spans) {
      const cbAt = (s: number): number =>
        s <= 256 ? 0 : s <= 256 + 3000 ? (1000 * (s - 256)) / 10000 : s <= 8000 ? 300 : 300 + (1000 * (s - 8000)) / 20000;
      expect(g0, `at ${t}`).toBeCloseTo(Math.pow(10, -cbAt(t) / 200), 12);
      if (g1 > 0) expect(g1, `at ${t + n}`).toBeCloseTo(Math.pow(10, -cbAt(t + n) / 200), 12);
      t += n;
    }
  });

  it('ends a loud voice release at −80 dB under its own level', () => {
    const env = new VolumeEnvelope();
    env.start(times({ release: 10000 }), 0, 1);
    const { total } = run(env, 1000);
    // 1000 cB per 10000 samples: 800 cB after 8000 samples
    expect(total - 1000).toBeGreaterThanOrEqual(8000);
    expect(total - 1000).toBeLessThan(8000 + 128);
  });

  it('ends a quiet voice once it is under the floor in the mix (−100 dBFS), not 80 dB under its own level', () => {
    const env = new VolumeEnvelope();
    const peak = 1e-3; // −60 dBFS: the floor is 40 dB under it
    env.start(times({ release: 10000 }), 0, peak);
    const { spans, total } = run(env, 1000);
    expect(total - 1000).toBeGreaterThanOrEqual(4000);
    expect(total - 1000).toBeLessThan(4000 + 128);
    // the last span before the fade to zero is at the floor
    expect(spans[spans.length - 1][1] * peak).toBeGreaterThanOrEqual(FLOOR_GAIN * 0.99);
  });

  it('ends a quiet decaying voice under the floor without waiting for a silent sustain', () => {
    const env = new VolumeEnvelope();
    env.start(times({ decay: 10000 }), 1000, 1e-2); // floor 60 dB under the voice: 6000 samples into the decay
    const { total } = run(env, 1e6);
    expect(total).toBeGreaterThanOrEqual(6000);
    expect(total).toBeLessThan(6000 + 128);
  });
});
