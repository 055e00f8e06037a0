/**
 * Issue 16, point 8: dialogue media the detector cannot read (loud throughout: a constant level,
 * noise modulated by 50 %, random PCM behind a valid header) must not come out as "no speech"
 * (no ducking, no word): the clip is ducked for its whole length and a warning says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/audio';
import { OWN_FIXTURES } from '../paths';
import { runCli, tempDir } from '../cli/run';

const SR = 16000;
const SECONDS = 7.88;

/** A deterministic noise generator (xorshift), values in [-1, 1). */
function noise(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 2 ** 31 - 1;
  };
}

const MEDIA: Array<[string, () => Uint8Array]> = [
  ['a constant loud tone', () => {
    const s = new Float32Array(Math.round(SECONDS * SR)).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / SR));
    return encodeWav([s], SR, 16, {}, null);
  }],
  ['noise modulated by 50 % at 4 Hz', () => {
    const r = noise(7);
    const s = new Float32Array(Math.round(SECONDS * SR)).map((_, i) => 0.4 * (1 + 0.5 * Math.sin((2 * Math.PI * 4 * i) / SR)) * r());
    return encodeWav([s], SR, 16, {}, null);
  }],
  ['random PCM behind a valid header', () => {
    const wav = encodeWav([new Float32Array(Math.round(SECONDS * SR))], SR, 16, {}, null);
    const r = noise(11);
    const head = wav.length - Math.round(SECONDS * SR) * 2;
    for (let i = head; i < wav.length; i++) wav[i] = Math.floor((r() + 1) * 128) & 255;
    return wav;
  }],
];

describe('speech detection fails closed', () => {
  for (const [what, make] of MEDIA) {
    it(`${what}: the whole clip is ducked, with a warning naming the clip`, async () => {
      const cwd = tempDir();
      fs.writeFileSync(path.join(cwd, 'interview.wav'), make());
      fs.copyFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.xml'), path.join(cwd, 'edit.xml'));
      const run = await runCli(['plan', 'edit.xml', '--json', '--dialogue-tracks', '1'], cwd);
      expect(run.code, run.stderr).toBe(0);
      const plan = JSON.parse(run.stdout);
      // the clip is frames 100-297 at 25 fps: 4.00-11.88 s
      expect(plan.dialogue.map((d: { start: number; end: number; source: string }) => [d.start, d.end, d.source.split(':')[0]])).toEqual([[4, 11.88, 'clip']]);
      expect(plan.ducking.length).toBeGreaterThan(0);
      expect(run.stderr).toMatch(/warning: dialogue clip "interview\.wav" \(.*interview\.wav\): its level hardly varies \([\d.]+ dB between quiet and loud moments, at -?\d+ dBFS\), so speech cannot be told from the rest; it is ducked for its whole length/);
    });
  }

  it('real speech is still refined to its phrases, without a warning', async () => {
    const cwd = tempDir();
    fs.copyFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.wav'), path.join(cwd, 'interview.wav'));
    fs.copyFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.xml'), path.join(cwd, 'edit.xml'));
    const run = await runCli(['plan', 'edit.xml', '--json', '--dialogue-tracks', '1'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.dialogue.length).toBeGreaterThan(1);
    expect(plan.dialogue.every((d: { source: string }) => d.source.startsWith('speech:'))).toBe(true);
    expect(run.stderr).not.toMatch(/hardly varies/);
  });
});
