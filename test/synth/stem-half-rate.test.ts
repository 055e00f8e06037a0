/**
 * Stems: a group's half-rate chain (widener, upsampler) stops running while the group's half-rate
 * bus stays empty (src/synth/stem-mixer.ts), and must not stop before everything earlier input left in
 * it is out: the group's stem carries the same half-rate signal as the mix, tail included.
 */
import { describe, expect, it } from 'vitest';
import { VOICE_GROUPS } from '../../src/music/types';
import { BLOCK } from '../../src/synth/dsp';
import { Mixer } from '../../src/synth/mixer';
import { StemMixer } from '../../src/synth/stem-mixer';

describe('a stem group\'s half-rate chain', () => {
  it('hands its stem every sample of the widener\'s and upsampler\'s tails before it rests, then rests on exact silence', () => {
    const sr = 48000, blocks = 40, g = VOICE_GROUPS.indexOf('pads');
    const mixer = new Mixer(sr, blocks * BLOCK, [], 0, 0);
    const stems = new StemMixer(sr, []);
    const groups = stems.full.groups!, halfGroups = stems.half.groups!;
    let tail = 0;
    for (let b = 0; b < blocks; b++) {
      mixer.clear();
      stems.clear();
      if (b % 2 === 0) {
        mixer.clearHalf();
        stems.clearHalf();
        if (b === 0) {
          // one burst of half-rate sound in the first pair only, in the mix's half-rate bus and the group's
          for (let i = 0; i < BLOCK; i++) {
            const x = Math.sin(i / 3) * (1 - i / BLOCK);
            mixer.halfMain.dryL[i] = x; mixer.halfMain.dryR[i] = 0.5 * x;
            halfGroups[g].dryL[i] = x; halfGroups[g].dryR[i] = 0.5 * x;
          }
          mixer.usedHalf[g] = 1;
          stems.usedHalf[g] = 1;
        }
        mixer.upsampleHalf();
        stems.upsampleHalf();
      }
      mixer.addHalf(b & 1);
      stems.addHalf(b & 1);
      for (let i = 0; i < BLOCK; i++) {
        expect(groups[g].dryL[i]).toBe(mixer.main.dryL[i]);
        expect(groups[g].dryR[i]).toBe(mixer.main.dryR[i]);
        if (b >= 4) tail = Math.max(tail, Math.abs(mixer.main.dryL[i]));
      }
    }
    // the widener's 11 ms echo lands blocks after the burst: the check above covered a real tail
    expect(tail).toBeGreaterThan(1e-3);
  });
});
