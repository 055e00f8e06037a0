/**
 * The per-block bus stage. Every voice adds into one main bus (dry L/R, mono reverb send, mono
 * delay send): main bus → one ping-pong delay → one reverb → bus compressor, duck and fades as
 * one per-sample gain; under dialogue the speech band is thinned before the compressor
 * (./speech-dip). With stems, each voice also adds into its group's bus (same values), each
 * delay group runs its own delay, and the reverb return is shared out to the groups in
 * proportion to their recent send energy (shares sum to 1), so the stems sum to the mix while
 * the mix itself is bit-identical with or without stems.
 *
 * The reverb runs at half rate, once per pair of blocks: its input is the half-rate voices' send
 * plus the full-rate send decimated, gathered over one pair and processed at the start of the
 * next; its return joins the half-rate dry bus and is upsampled with it (the pre-delay is
 * shortened by that pair's latency). A diffuse tail under 5 kHz loses nothing at 24 kHz.
 */
import { VOICE_GROUPS, type MixSettings, type VoiceGroup } from '../music/types';
import { BLOCK, Decimator2, UP_K, Upsampler2 } from './dsp';
import { applyDuck, applyFades, BusCompressor, DuckKey } from './dynamics';
import { BusEq, MidSideWidener, PingPong, Reverb } from './effects';
import { ImageKeeper } from './image';
import { SpeechDip } from './speech-dip';
import type { Buses } from './voice';

export type Stereo = [Float32Array, Float32Array];

const DELAY_GROUPS: ReadonlySet<VoiceGroup> = new Set(['keys', 'lead']);
export const RT60 = 2.2;
/** The synth palette's bus: side +2.9 dB, the reverb as sent. */
export const DEFAULT_MIX: MixSettings = { width: 1.4, wet: 1 };

export function hasDelay(group: VoiceGroup): boolean {
  return DELAY_GROUPS.has(group);
}

/** Where a bus buffer's chord scratch starts: after the four buses, 64 bytes off (see Buses.chord). */
const CHORD_AT = 4 * BLOCK + 8;

export function newBuses(): Buses {
  const buf = new Float64Array(CHORD_AT + 3 * BLOCK);
  const all = buf.subarray(0, 4 * BLOCK);
  const chord = buf.subarray(CHORD_AT);
  return {
    all, dryL: all.subarray(0, BLOCK), dryR: all.subarray(BLOCK, 2 * BLOCK), rev: all.subarray(2 * BLOCK, 3 * BLOCK), dly: all.subarray(3 * BLOCK),
    chord, chordL: chord.subarray(0, BLOCK), chordR: chord.subarray(BLOCK, 2 * BLOCK), chordV: chord.subarray(2 * BLOCK),
  };
}

export function clearBuses(bus: Buses): void {
  bus.all.fill(0);
}

/** Zeroes a half-rate bus: its dry L/R and reverb send (half-rate voices send no delay). */
export function clearHalfBuses(bus: Buses): void {
  bus.dryL.fill(0); bus.dryR.fill(0); bus.rev.fill(0);
}

/** Adds a half-rate bus (dry L/R and reverb send) into another. */
export function addHalfBuses(dst: Buses, src: Buses): void {
  const { dryL, dryR, rev } = dst;
  const sL = src.dryL, sR = src.dryR, sV = src.rev;
  for (let i = 0; i < BLOCK; i++) { dryL[i] += sL[i]; dryR[i] += sR[i]; rev[i] += sV[i]; }
}

/** Adds samples [from, BLOCK) of every bus of `src` into `dst`. */
export function addBuses(dst: Buses, src: Buses, from: number): void {
  const { dryL, dryR, rev, dly } = dst;
  const sL = src.dryL, sR = src.dryR, sRev = src.rev, sd = src.dly;
  for (let i = from; i < BLOCK; i++) {
    dryL[i] += sL[i]; dryR[i] += sR[i]; rev[i] += sRev[i];
    dly[i] += sd[i];
  }
}

export class Mixer {
  readonly main = newBuses();
  /** Per-group buses, only when rendering stems. */
  readonly groups: Buses[] | null;
  /** Half-rate buses (one half-rate block spans two blocks): main, and per group with stems. */
  readonly halfMain = newBuses();
  readonly halfGroups: Buses[] | null;
  private readonly up = new Upsampled();
  private readonly upGroups: Upsampled[] | null;
  /** 1 while a group has sound anywhere in its chain (voices, delay tail or reverb share). */
  readonly used = new Uint8Array(VOICE_GROUPS.length);
  /** The groups the parts' half-rate voices sounded in this pair (the parts mark it; upsampleHalf reads and clears it). */
  readonly usedHalf = new Uint8Array(VOICE_GROUPS.length);
  /**
   * Stems: pairs since a group's half-rate bus last had anything in it. Past quietPairs its
   * widener and upsampler hold only zeros and would add zeros, so they are skipped: most groups
   * (kit, keys, lead) have no half-rate voices at all, and their half-rate stem work was a
   * sixth of a stems render's mixing thread.
   */
  private readonly halfQuiet: Int32Array;
  private readonly quietPairs: number;
  private readonly delay: PingPong;
  private readonly delays: Array<PingPong | null>;
  private readonly reverb: Reverb;
  private readonly comp: BusCompressor;
  /** Bus EQ on the mix before the compressor; with stems, the same EQ on each stem (it is linear). */
  private readonly eq: BusEq;
  private readonly eqs: BusEq[] | null;
  /** The speech band thinned under dialogue (./speech-dip), on the mix and the same on each stem. */
  private readonly dip: SpeechDip;
  private readonly dips: SpeechDip[] | null;
  /** Width for the half-rate (sustained) voices, per group with stems (the sum is the same). */
  private readonly widen: MidSideWidener;
  private readonly widens: MidSideWidener[] | null;
  private readonly stemL = new Float64Array(BLOCK);
  private readonly stemR = new Float64Array(BLOCK);
  /** Reverb input being gathered (half rate, one pair), and the return of the previous pair. */
  private revIn = new Float64Array(BLOCK);
  private revNext = new Float64Array(BLOCK);
  private readonly revHalfL = new Float64Array(BLOCK);
  private readonly revHalfR = new Float64Array(BLOCK);
  private readonly dec = new Decimator2();
  private half = 0;
  /** Stems only: the reverb return upsampled on its own (two blocks), and half-rate send energies. */
  private readonly revUp: [Upsampler2, Upsampler2] | null;
  private readonly revOutL = new Float64Array(2 * BLOCK);
  private readonly revOutR = new Float64Array(2 * BLOCK);
  private readonly halfEnergy = new Float64Array(VOICE_GROUPS.length);
  private readonly gain = new Float64Array(BLOCK);
  private readonly energy = new Float64Array(VOICE_GROUPS.length);
  private readonly share = new Float64Array(VOICE_GROUPS.length);
  private readonly prevShare = new Float64Array(VOICE_GROUPS.length);
  private readonly energyDecay: number;
  private readonly duckHint = { i: 0 };
  private mainUsed = false;
  private readonly wet: number;
  private readonly image: ImageKeeper;

  constructor(
    sr: number,
    private readonly length: number,
    private readonly duck: DuckKey[],
    private readonly fadeIn: number,
    private readonly fadeOut: number,
    stems: boolean,
    mix: MixSettings = DEFAULT_MIX,
  ) {
    this.wet = mix.wet;
    this.image = new ImageKeeper(sr);
    this.delay = new PingPong(sr);
    // 18 ms of pre-delay, less the pair of blocks the half-rate path holds the send back
    this.reverb = new Reverb(sr / 2, RT60, 18 - (2 * BLOCK * 1000) / sr);
    this.revUp = stems ? [new Upsampler2(), new Upsampler2()] : null;
    this.comp = new BusCompressor(sr);
    this.eq = new BusEq(sr, mix.width);
    this.eqs = stems ? VOICE_GROUPS.map(() => new BusEq(sr, mix.width)) : null;
    this.dip = new SpeechDip(sr, duck);
    this.dips = stems ? VOICE_GROUPS.map(() => new SpeechDip(sr, duck)) : null;
    this.widen = new MidSideWidener(sr / 2);
    this.widens = stems ? VOICE_GROUPS.map(() => new MidSideWidener(sr / 2)) : null;
    // the widener's line, then the upsampler's taps, emptied of the last input; one pair spare
    this.quietPairs = Math.ceil((this.widen.memory + 2 * UP_K) / BLOCK) + 1;
    this.halfQuiet = new Int32Array(VOICE_GROUPS.length).fill(this.quietPairs + 1);
    this.groups = stems ? VOICE_GROUPS.map(newBuses) : null;
    this.halfGroups = stems ? VOICE_GROUPS.map(newBuses) : null;
    this.upGroups = stems ? VOICE_GROUPS.map(() => new Upsampled()) : null;
    this.delays = VOICE_GROUPS.map((g) => (stems && DELAY_GROUPS.has(g) ? new PingPong(sr) : null));
    // the reverb's energy falls 60 dB per RT60; the shares follow it
    this.energyDecay = Math.exp(-BLOCK / ((RT60 / Math.log(1e6)) * sr));
  }

  /** Zeroes the buses voices are about to add into. */
  clear(): void {
    if (this.mainUsed) clearBuses(this.main);
    this.mainUsed = true;
    if (this.groups) for (let g = 0; g < this.groups.length; g++) if (this.used[g]) clearBuses(this.groups[g]);
  }

  /** Zeroes the half-rate buses before the half-rate voices of the next two blocks add into them. */
  clearHalf(): void {
    clearHalfBuses(this.halfMain);
    if (this.halfGroups) for (const b of this.halfGroups) clearHalfBuses(b);
  }

  /**
   * After the half-rate voices rendered into the half-rate buses: runs the reverb over the send
   * gathered in the previous pair, starts gathering this pair's, adds the return to the half-rate
   * dry bus and upsamples it.
   */
  upsampleHalf(): void {
    const hm = this.halfMain;
    const input = this.revIn;
    this.revIn = this.revNext;
    this.revNext = input;
    this.reverb.process(input, this.revHalfL, this.revHalfR);
    if (this.wet !== 1) {
      const w = this.wet, rl = this.revHalfL, rr = this.revHalfR;
      for (let i = 0; i < BLOCK; i++) { rl[i] *= w; rr[i] *= w; }
    }
    this.revIn.set(hm.rev);
    this.widen.process(hm.dryL, hm.dryR, BLOCK);
    const rL = this.revHalfL, rR = this.revHalfR, dL = hm.dryL, dR = hm.dryR;
    for (let i = 0; i < BLOCK; i++) { dL[i] += rL[i]; dR[i] += rR[i]; }
    this.up.process(hm);
    const { usedHalf, halfQuiet, used } = this;
    for (let g = 0; g < usedHalf.length; g++) {
      if (usedHalf[g]) { used[g] = 1; usedHalf[g] = 0; halfQuiet[g] = 0; } else if (halfQuiet[g] <= this.quietPairs) halfQuiet[g]++;
    }
    if (this.halfGroups && this.upGroups && this.revUp) {
      this.revUp[0].process(rL, this.revOutL);
      this.revUp[1].process(rR, this.revOutR);
      for (let g = 0; g < this.halfGroups.length; g++) {
        if (!used[g] || halfQuiet[g] > this.quietPairs) { this.halfEnergy[g] = 0; continue; }
        const hb = this.halfGroups[g];
        (this.widens as MidSideWidener[])[g].process(hb.dryL, hb.dryR, BLOCK);
        this.upGroups[g].process(hb);
        // a half-rate sample stands for two: its energy over the pair, spread over both blocks
        let e = 0;
        for (let i = 0; i < BLOCK; i++) e += hb.rev[i] * hb.rev[i];
        this.halfEnergy[g] = e;
      }
    }
  }

  /** Adds the upsampled half-rate signal for this block (half 0 or 1 of the pair) into the buses. */
  addHalf(half: number): void {
    this.half = half;
    this.up.addInto(this.main, half);
    if (this.groups && this.upGroups) {
      for (let g = 0; g < this.groups.length; g++) if (this.used[g] && this.halfQuiet[g] <= this.quietPairs) this.upGroups[g].addInto(this.groups[g], half);
    }
  }

  /**
   * Mixes the block and writes n samples at `at` into out (and each used group's stem into
   * stems[g], when rendering stems).
   */
  finish(b0: number, n: number, out: Stereo, at: number, stems: Array<Stereo | null> | null): void {
    const B = BLOCK;
    const { gain, main } = this;
    this.delay.process(main.dly, main.dryL, main.dryR);
    this.dec.addInto(main.rev, this.revIn, this.half * (B / 2));
    const sumL = main.dryL, sumR = main.dryR;
    this.eq.process(sumL, sumR, B);
    this.dip.process(b0, sumL, sumR);
    this.comp.process(sumL, sumR, gain);
    applyDuck(this.duck, b0, n, gain, this.duckHint);
    applyFades(b0, n, this.length, this.fadeIn, this.fadeOut, gain);
    // the image is judged as it will be heard: after the compressor, the duck and the fades
    this.image.process(sumL, sumR, gain);
    const oL = out[0], oR = out[1];
    for (let i = 0; i < n; i++) {
      oL[at + i] = sumL[i] * gain[i];
      oR[at + i] = sumR[i] * gain[i];
    }
    if (this.groups && stems) this.finishStems(b0, n, stems, at);
  }

  private finishStems(b0: number, n: number, stems: Array<Stereo | null>, at: number): void {
    const groups = this.groups as Buses[];
    const { energy, share, prevShare, used, gain, halfEnergy } = this;
    const o = this.half * BLOCK;
    const revOutL = this.revOutL.subarray(o, o + BLOCK), revOutR = this.revOutR.subarray(o, o + BLOCK);
    let total = 0;
    for (let g = 0; g < groups.length; g++) {
      if (!used[g]) continue;
      const bus = groups[g];
      const d = this.delays[g];
      if (d) d.process(bus.dly, bus.dryL, bus.dryR);
      let e = halfEnergy[g];
      const rev = bus.rev;
      for (let i = 0; i < BLOCK; i++) e += rev[i] * rev[i];
      total += (energy[g] = energy[g] * this.energyDecay + e);
    }
    if (total > 0) for (let g = 0; g < groups.length; g++) share[g] = energy[g] / total;
    for (let g = 0; g < groups.length; g++) {
      const st = stems[g];
      if (st && used[g]) writeStem(groups[g].dryL, groups[g].dryR, revOutL, revOutR, prevShare[g], share[g], (this.eqs as BusEq[])[g], (this.dips as SpeechDip[])[g], b0, this.image, this.stemL, this.stemR, gain, st, at, n);
      else if (st) { st[0].fill(0, at, at + n); st[1].fill(0, at, at + n); }
      prevShare[g] = share[g];
    }
  }

  /** Lets a group drop out of the per-block stem work once nothing of it is left to hear. */
  retire(group: number): void {
    if (!this.groups) { this.used[group] = 0; return; }
    const d = this.delays[group];
    if (this.energy[group] < 1e-30 && (!d || d.isQuiet) && (this.eqs as BusEq[])[group].isQuiet && (this.dips as SpeechDip[])[group].isQuiet) {
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

/** A stem is its dry bus plus its share of the reverb return (share ramped across the block), EQ'd, dipped and imaged as the bus is. */
function writeStem(L: Float64Array, R: Float64Array, rL: Float64Array, rR: Float64Array, s0: number, s1: number, eq: BusEq, dip: SpeechDip, b0: number, image: ImageKeeper, tL: Float64Array, tR: Float64Array, gain: Float64Array, out: Stereo, at: number, n: number): void {
  const ds = (s1 - s0) / BLOCK;
  for (let i = 0; i < BLOCK; i++) {
    const w = s0 + ds * (i + 1);
    tL[i] = L[i] + rL[i] * w;
    tR[i] = R[i] + rR[i] * w;
  }
  eq.process(tL, tR, BLOCK);
  dip.process(b0, tL, tR);
  image.apply(tL, tR);
  const oL = out[0], oR = out[1];
  for (let i = 0; i < n; i++) {
    oL[at + i] = tL[i] * gain[i];
    oR[at + i] = tR[i] * gain[i];
  }
}

/** A half-rate bus's dry L/R upsampled to two blocks (its reverb send stays at half rate). */
class Upsampled {
  private readonly uL = new Upsampler2();
  private readonly uR = new Upsampler2();
  private readonly L = new Float64Array(2 * BLOCK);
  private readonly R = new Float64Array(2 * BLOCK);

  process(b: Buses): void {
    this.uL.process(b.dryL, this.L);
    this.uR.process(b.dryR, this.R);
  }

  addInto(b: Buses, half: number): void {
    const o = half * BLOCK;
    const { L, R } = this;
    const dL = b.dryL, dR = b.dryR;
    for (let i = 0; i < BLOCK; i++) { dL[i] += L[o + i]; dR[i] += R[o + i]; }
  }
}
