/**
 * The per-block bus stage. Every voice adds into one main bus (dry L/R, mono reverb send, mono
 * delay send): main bus → one ping-pong delay → one reverb → bus compressor, duck and fades as
 * one per-sample gain; under dialogue the speech band is thinned before the compressor
 * (./speech-dip). Stems are mixed in a pass of their own (./stem-mixer) from the voices' group
 * buses and what this mixer measured on the mix (its gain curve and stereo image), so the mix
 * is the same bytes with or without stems.
 *
 * The reverb runs at half rate, once per pair of blocks: its input is the half-rate voices' send
 * plus the full-rate send decimated, gathered over one pair and processed at the start of the
 * next; its return joins the half-rate dry bus and is upsampled with it (the pre-delay is
 * shortened by that pair's latency). A diffuse tail under 5 kHz loses nothing at 24 kHz.
 */
import { VOICE_GROUPS, type MixSettings, type VoiceGroup } from '../music/types';
import { BLOCK, Decimator2, Upsampler2 } from './dsp';
import { applyDuck, applyFades, BusCompressor, DuckKey } from './dynamics';
import { BusEq, MidSideWidener, PingPong, Reverb } from './effects';
import { ImageKeeper } from './image';
import { SpeechDip } from './speech-dip';
import type { Buses } from './voice';
import type { PartTarget } from './voice-part';

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
  /** The half-rate bus (one half-rate block spans two blocks). */
  readonly halfMain = newBuses();
  /** Where the mix parts add their voices, full rate (this block) and half rate (this pair). */
  readonly full: PartTarget = { main: this.main, groups: null };
  readonly half: PartTarget = { main: this.halfMain, groups: null };
  private readonly up = new Upsampled();
  /** 1 while a group has sound anywhere in its chain (here: its voices). */
  readonly used = new Uint8Array(VOICE_GROUPS.length);
  /** The groups the parts' half-rate voices sounded in this pair (the parts mark it; upsampleHalf reads and clears it). */
  readonly usedHalf = new Uint8Array(VOICE_GROUPS.length);
  private readonly delay: PingPong;
  private readonly reverb: HalfRateReverb;
  private readonly comp: BusCompressor;
  /** Bus EQ on the mix before the compressor. */
  private readonly eq: BusEq;
  /** The speech band thinned under dialogue (./speech-dip). */
  private readonly dip: SpeechDip;
  /** Width for the half-rate (sustained) voices. */
  private readonly widen: MidSideWidener;
  /** The block's gain curve (compressor, duck and fades), as the stems take it too. */
  readonly gain = new Float64Array(BLOCK);
  private readonly duckHint = { i: 0 };
  private mainUsed = false;
  private readonly image: ImageKeeper;

  constructor(
    sr: number,
    private readonly length: number,
    private readonly duck: DuckKey[],
    private readonly fadeIn: number,
    private readonly fadeOut: number,
    mix: MixSettings = DEFAULT_MIX,
  ) {
    this.image = new ImageKeeper(sr);
    this.delay = new PingPong(sr);
    this.reverb = new HalfRateReverb(sr, mix.wet);
    this.comp = new BusCompressor(sr);
    this.eq = new BusEq(sr, mix.width);
    this.dip = new SpeechDip(sr, duck);
    this.widen = new MidSideWidener(sr / 2);
  }

  /** The stereo image's side gain the block ended on (a stem's ramp runs from the previous block's to this). */
  get sideGain(): number {
    return this.image.sideGain;
  }

  /** Zeroes the buses voices are about to add into. */
  clear(): void {
    if (this.mainUsed) clearBuses(this.main);
    this.mainUsed = true;
  }

  /** Zeroes the half-rate bus before the half-rate voices of the next two blocks add into it. */
  clearHalf(): void {
    clearHalfBuses(this.halfMain);
  }

  /**
   * After the half-rate voices rendered into the half-rate bus: runs the reverb over the send
   * gathered in the previous pair, starts gathering this pair's, adds the return to the half-rate
   * dry bus and upsamples it.
   */
  upsampleHalf(): void {
    const hm = this.halfMain;
    const { returnL, returnR } = this.reverb.startPair(hm.rev);
    this.widen.process(hm.dryL, hm.dryR, BLOCK);
    const dL = hm.dryL, dR = hm.dryR;
    for (let i = 0; i < BLOCK; i++) { dL[i] += returnL[i]; dR[i] += returnR[i]; }
    this.up.process(hm);
    const { usedHalf, used } = this;
    for (let g = 0; g < usedHalf.length; g++) if (usedHalf[g]) { used[g] = 1; usedHalf[g] = 0; }
  }

  /** Adds the upsampled half-rate signal for this block (half 0 or 1 of the pair) into the bus. */
  addHalf(half: number): void {
    this.reverb.half = half;
    this.up.addInto(this.main, half);
  }

  /** Mixes the block and writes n samples at `at` into out; `gain` and `sideGain` then describe it. */
  finish(b0: number, n: number, out: Stereo, at: number): void {
    const { gain, main } = this;
    this.delay.process(main.dly, main.dryL, main.dryR);
    this.reverb.send(main.rev);
    const sumL = main.dryL, sumR = main.dryR;
    this.eq.process(sumL, sumR, BLOCK);
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
  }

  /** Lets a group drop out once none of its voices is left (the mix has no per-group tail). */
  retire(group: number): void {
    this.used[group] = 0;
  }
}

/**
 * The send reverb at half rate, once per pair of blocks: its input is the half-rate voices' send
 * plus the full-rate send decimated, gathered over one pair and processed at the start of the
 * next (the pre-delay is shortened by that pair's latency). The mix and the stem mixer each run one.
 */
export class HalfRateReverb {
  private readonly reverb: Reverb;
  /** Reverb input being gathered (half rate, one pair), and the return of the previous pair. */
  private revIn = new Float64Array(BLOCK);
  private revNext = new Float64Array(BLOCK);
  readonly returnL = new Float64Array(BLOCK);
  readonly returnR = new Float64Array(BLOCK);
  private readonly dec = new Decimator2();
  /** Which block of the pair is being mixed (0 or 1). */
  half = 0;

  constructor(sr: number, private readonly wet: number) {
    // 18 ms of pre-delay, less the pair of blocks the half-rate path holds the send back
    this.reverb = new Reverb(sr / 2, RT60, 18 - (2 * BLOCK * 1000) / sr);
  }

  /** Processes the send gathered over the last pair and starts gathering with this pair's half-rate send. */
  startPair(halfSend: Float64Array): { returnL: Float64Array; returnR: Float64Array } {
    const input = this.revIn;
    this.revIn = this.revNext;
    this.revNext = input;
    this.reverb.process(input, this.returnL, this.returnR);
    if (this.wet !== 1) {
      const w = this.wet, rl = this.returnL, rr = this.returnR;
      for (let i = 0; i < BLOCK; i++) { rl[i] *= w; rr[i] *= w; }
    }
    this.revIn.set(halfSend);
    return this;
  }

  /** Adds a block's full-rate send (decimated) into the pair being gathered. */
  send(fullSend: Float64Array): void {
    this.dec.addInto(fullSend, this.revIn, this.half * (BLOCK / 2));
  }
}

/** A half-rate bus's dry L/R upsampled to two blocks (its reverb send stays at half rate). */
export class Upsampled {
  private readonly uL = new Upsampler2();
  private readonly uR = new Upsampler2();
  /** The last pair upsampled, two blocks per channel. */
  readonly L = new Float64Array(2 * BLOCK);
  readonly R = new Float64Array(2 * BLOCK);

  process(b: Buses): void {
    this.pair(b.dryL, b.dryR);
  }

  /** Upsamples one half-rate block of each channel into L and R. */
  pair(L: Float64Array, R: Float64Array): void {
    this.uL.process(L, this.L);
    this.uR.process(R, this.R);
  }

  addInto(b: Buses, half: number): void {
    const o = half * BLOCK;
    const { L, R } = this;
    const dL = b.dryL, dR = b.dryR;
    for (let i = 0; i < BLOCK; i++) { dL[i] += L[o + i]; dR[i] += R[o + i]; }
  }
}
