/**
 * The stems' bus stage, in a pass of its own after the mix (./stem-render): the voices render
 * into one bus per group, and each group runs what the mix bus runs on its share of the sound:
 * its own delay, its half-rate widener and upsampler, a share of the reverb
 * return in proportion to the group's recent send energy (shares sum to 1), the bus EQ and
 * the speech dip (both linear), and then, taken unchanged from the mix pass, the stereo image's
 * side gain ramp and the gain curve of the compressor, duck and fades. So the stems sum to the
 * mix (within 1 LSB at 24-bit: only the order of the additions differs) without the mix's own
 * chain running again, and the mix itself is the mix pass's bytes.
 */
import { VOICE_GROUPS, type MixSettings } from '../music/types';
import { BLOCK, UP_K } from './dsp';
import type { DuckKey } from './dynamics';
import { BusEq, MidSideWidener, PingPong } from './effects';
import { clearBuses, clearHalfBuses, DEFAULT_MIX, HalfRateReverb, newBuses, RT60, Upsampled, type Stereo } from './mixer';
import { SpeechDip } from './speech-dip';
import type { Buses } from './voice';
import type { PartTarget } from './voice-part';

const GROUPS = VOICE_GROUPS.length;

export class StemMixer {
  /** Where the stems parts add their voices, full rate (this block) and half rate (this pair). */
  readonly full: PartTarget;
  readonly half: PartTarget;
  /** 1 while a group has sound anywhere in its chain (voices, delay tail or reverb share). */
  readonly used = new Uint8Array(GROUPS);
  /** The groups the parts' half-rate voices sounded in this pair (the parts mark it; upsampleHalf reads and clears it). */
  readonly usedHalf = new Uint8Array(GROUPS);
  private readonly groups: Buses[];
  private readonly halfGroups: Buses[];
  /**
   * Pairs since a group's half-rate bus last had anything in it. Past quietPairs its widener and
   * upsampler hold only zeros and would add zeros, so they are skipped: most groups (kit, keys,
   * lead) have no half-rate voices at all.
   */
  private readonly halfQuiet: Int32Array;
  private readonly quietPairs: number;
  private readonly upGroups: Upsampled[];
  private readonly widens: MidSideWidener[];
  /**
   * A delay per group: keys and lead send into it, and so does any sampled instrument with a
   * delay send of its own (the lo-fi pads' electric piano). It rests while nothing comes in.
   */
  private readonly delays: PingPong[];
  private readonly eqs: BusEq[];
  private readonly dips: SpeechDip[];
  /** The mix's reverb, run again on the groups' sends (their sum is the mix's send). */
  private readonly reverb: HalfRateReverb;
  private readonly sendSum = new Float64Array(BLOCK);
  private readonly halfSendSum = new Float64Array(BLOCK);
  /** The reverb return upsampled (two blocks), for the groups' shares. */
  private readonly revUp = new Upsampled();
  private readonly halfEnergy = new Float64Array(GROUPS);
  private readonly energy = new Float64Array(GROUPS);
  private readonly share = new Float64Array(GROUPS);
  private readonly prevShare = new Float64Array(GROUPS);
  private readonly energyDecay: number;
  private pairHalf = 0;
  private sideGain0 = 1;

  constructor(sr: number, duck: DuckKey[], mix: MixSettings = DEFAULT_MIX) {
    this.groups = VOICE_GROUPS.map(newBuses);
    this.halfGroups = VOICE_GROUPS.map(newBuses);
    this.full = { main: null, groups: this.groups };
    this.half = { main: null, groups: this.halfGroups };
    this.reverb = new HalfRateReverb(sr, mix.wet);
    this.upGroups = VOICE_GROUPS.map(() => new Upsampled());
    this.widens = VOICE_GROUPS.map(() => new MidSideWidener(sr / 2));
    this.delays = VOICE_GROUPS.map(() => new PingPong(sr));
    this.eqs = VOICE_GROUPS.map(() => new BusEq(sr, mix.width));
    this.dips = VOICE_GROUPS.map(() => new SpeechDip(sr, duck));
    // the widener's line, then the upsampler's taps, emptied of the last input; one pair spare
    this.quietPairs = Math.ceil((this.widens[0].memory + 2 * UP_K) / BLOCK) + 1;
    this.halfQuiet = new Int32Array(GROUPS).fill(this.quietPairs + 1);
    // the reverb's energy falls 60 dB per RT60; the shares follow it
    this.energyDecay = Math.exp(-BLOCK / ((RT60 / Math.log(1e6)) * sr));
  }

  /** Zeroes the group buses voices are about to add into. */
  clear(): void {
    for (let g = 0; g < GROUPS; g++) if (this.used[g]) clearBuses(this.groups[g]);
  }

  /** Zeroes the half-rate group buses before the half-rate voices of the next two blocks add into them. */
  clearHalf(): void {
    for (const b of this.halfGroups) clearHalfBuses(b);
  }

  /**
   * After the half-rate voices rendered: the reverb over the pair gathered before (its return
   * upsampled for the groups' shares), and each sounding group's half-rate chain.
   */
  upsampleHalf(): void {
    const { usedHalf, halfQuiet, used, halfGroups, halfSendSum } = this;
    // every half-rate group bus was cleared for this pair: the silent ones add zeros
    halfSendSum.fill(0);
    for (let g = 0; g < GROUPS; g++) {
      const rev = halfGroups[g].rev;
      for (let i = 0; i < BLOCK; i++) halfSendSum[i] += rev[i];
    }
    const { returnL, returnR } = this.reverb.startPair(halfSendSum);
    this.revUp.pair(returnL, returnR);
    for (let g = 0; g < GROUPS; g++) {
      if (usedHalf[g]) { used[g] = 1; usedHalf[g] = 0; halfQuiet[g] = 0; } else if (halfQuiet[g] <= this.quietPairs) halfQuiet[g]++;
    }
    for (let g = 0; g < GROUPS; g++) {
      if (!used[g] || halfQuiet[g] > this.quietPairs) { this.halfEnergy[g] = 0; continue; }
      const hb = halfGroups[g];
      this.widens[g].process(hb.dryL, hb.dryR, BLOCK);
      this.upGroups[g].process(hb);
      // a half-rate sample stands for two: its energy over the pair, spread over both blocks
      let e = 0;
      for (let i = 0; i < BLOCK; i++) e += hb.rev[i] * hb.rev[i];
      this.halfEnergy[g] = e;
    }
  }

  /** Adds the upsampled half-rate signal for this block (half 0 or 1 of the pair) into the group buses. */
  addHalf(half: number): void {
    this.pairHalf = half;
    this.reverb.half = half;
    for (let g = 0; g < GROUPS; g++) if (this.used[g] && this.halfQuiet[g] <= this.quietPairs) this.upGroups[g].addInto(this.groups[g], half);
  }

  /**
   * Mixes the block's stems and writes n samples of each used group at `at` into stems[g] (a
   * group without a stem track is skipped): `gain` is the mix pass's gain curve for the block,
   * `sideGain` the side gain its stereo image ended the block on.
   */
  finish(b0: number, n: number, stems: Array<Stereo | null>, at: number, gain: Float64Array, sideGain: number): void {
    const { groups, energy, share, prevShare, used, halfEnergy, sendSum } = this;
    sendSum.fill(0);
    let total = 0;
    for (let g = 0; g < GROUPS; g++) {
      if (!used[g]) continue;
      const bus = groups[g];
      this.delays[g].process(bus.dly, bus.dryL, bus.dryR);
      let e = halfEnergy[g];
      const rev = bus.rev;
      for (let i = 0; i < BLOCK; i++) { e += rev[i] * rev[i]; sendSum[i] += rev[i]; }
      total += (energy[g] = energy[g] * this.energyDecay + e);
    }
    this.reverb.send(sendSum);
    if (total > 0) for (let g = 0; g < GROUPS; g++) share[g] = energy[g] / total;
    const o = this.pairHalf * BLOCK;
    const revL = this.revUp.L.subarray(o, o + BLOCK), revR = this.revUp.R.subarray(o, o + BLOCK);
    const g0 = this.sideGain0;
    this.sideGain0 = sideGain;
    for (let g = 0; g < GROUPS; g++) {
      const st = stems[g];
      if (st && used[g]) writeStem(groups[g].dryL, groups[g].dryR, revL, revR, prevShare[g], share[g], this.eqs[g], this.dips[g], b0, g0, sideGain, gain, st, at, n);
      else if (st) { st[0].fill(0, at, at + n); st[1].fill(0, at, at + n); }
      prevShare[g] = share[g];
    }
  }

  /** Lets a group drop out of the per-block work once nothing of it is left to hear. */
  retire(group: number): void {
    if (this.energy[group] < 1e-30 && this.delays[group].isQuiet && this.eqs[group].isQuiet && this.dips[group].isQuiet) {
      this.used[group] = 0;
      this.halfEnergy[group] = 0;
      this.energy[group] = 0;
      this.share[group] = 0;
      this.prevShare[group] = 0;
      // buses of unused groups are not cleared per block: leave them silent for the next voice
      clearBuses(this.groups[group]);
    }
  }
}

/**
 * A stem is its dry bus plus its share of the reverb return (share ramped across the block), EQ'd,
 * dipped and imaged as the mix is. It is worked out in the group's bus (cleared before the next
 * block), and the side gain ramp and the gain curve go on in the one loop that writes the stem.
 */
function writeStem(L: Float64Array, R: Float64Array, rL: Float64Array, rR: Float64Array, s0: number, s1: number, eq: BusEq, dip: SpeechDip, b0: number, side0: number, side1: number, gain: Float64Array, out: Stereo, at: number, n: number): void {
  const ds = (s1 - s0) / BLOCK;
  for (let i = 0; i < BLOCK; i++) {
    const w = s0 + ds * (i + 1);
    L[i] += rL[i] * w;
    R[i] += rR[i] * w;
  }
  eq.process(L, R, BLOCK);
  dip.process(b0, L, R);
  const oL = out[0], oR = out[1];
  const dg = (side1 - side0) / BLOCK;
  if (side0 === 1 && dg === 0) {
    for (let i = 0; i < n; i++) {
      oL[at + i] = L[i] * gain[i];
      oR[at + i] = R[i] * gain[i];
    }
    return;
  }
  // applySideRamp (./image), then the gain
  for (let i = 0; i < n; i++) {
    const m = 0.5 * (L[i] + R[i]), sd = 0.5 * (L[i] - R[i]) * (side0 + dg * (i + 1));
    oL[at + i] = (m + sd) * gain[i];
    oR[at + i] = (m - sd) * gain[i];
  }
}
