/**
 * Sampled voices whose zone low-pass never opens above KIND_OSC_HALF_MAX_HZ (4 kHz at 48 kHz, the
 * synth's own half-rate bound) render at half rate, as the synth's pads do (src/synth/render.ts):
 * on the bench arrangement that is the piano (its velocity → cutoff keeps it at 0.5–2.4 kHz), the
 * warm pad (~250 Hz), nylon guitar, electric bass and soft steel-guitar notes. What a 4 kHz 2-pole
 * low-pass leaves above the 2× upsampler's passband is tens of dB down.
 *
 * Their reverb send goes into the mixer's half-rate send (the reverb runs at half rate), held back
 * REV_LAG half-rate samples so it reaches the reverb when a full-rate voice's send (decimated)
 * would; their dry output and delay send are summed here, per group too when rendering stems, and
 * upsampled once per bus (the mixer's own half-rate dry bus is widened for the synth pads: not for
 * these; the delay runs at full rate).
 */
import { BLOCK, KIND_OSC_HALF_MAX_HZ, UP_K, Upsampler2 } from '../synth/dsp';
import { clearBuses, newBuses } from '../synth/mixer';
import type { Buses } from '../synth/voice';
import type { EnvTimes, VoiceSetup } from './bank';

/** Half-rate samples a full-rate voice's send takes longer to reach the reverb (found by null test: 15 → −55 dB, 16 → −29 dB). */
const REV_LAG = 2 * UP_K - 1;

const hzOfCents = (c: number): number => 8.176 * Math.pow(2, c / 1200);

/** A zone that may play at half rate: low-passed under the bound all its life, no choke group. */
export function halfRateZone(s: VoiceSetup, sr: number): boolean {
  if (s.exclusiveClass !== 0) return false;
  return hzOfCents(s.filterFc + Math.max(0, s.modEnvToFc)) <= KIND_OSC_HALF_MAX_HZ * (sr / 48000);
}

const halve = (t: EnvTimes): EnvTimes => ({ delay: t.delay / 2, attack: t.attack / 2, hold: t.hold / 2, decay: t.decay / 2, release: t.release / 2 });

/**
 * The same zone in half-rate samples, started at half-rate sample `start` (positions in the source
 * sample are unchanged). A half-rate sample m is heard at full-rate sample 2·(m + UP_K) (the
 * upsampler's latency), so a voice is started early by that; when the event's start falls between
 * two such samples (or before the first) the voice starts on the next one, `late` full-rate
 * samples into its sample, so it lines up with what a full-rate voice would play there.
 */
export function toHalfRate(s: VoiceSetup, late: number): VoiceSetup {
  const h = { ...s, start: s.start + late * s.inc, inc: 2 * s.inc, vol: halve(s.vol), mod: halve(s.mod) };
  if (s.twin) h.twin = { ...s.twin, start: s.twin.start + late * s.inc };
  return h;
}

/** A voice's half-rate start and gate, and how many full-rate samples late that start is heard. */
export function halfRateTiming(start: number, length: number): { start: number; gate: number; late: number } {
  const h = Math.max(0, Math.ceil((start - 2 * UP_K) / 2));
  return { start: h, gate: Math.max(1, Math.round((start + length - 2 * UP_K) / 2) - h), late: 2 * (h + UP_K) - start };
}

/** One dry L/R bus at half rate, upsampled to two blocks and handed out a block at a time. */
export class HalfDry {
  /** Where the voices add (half rate); its reverb send goes on to `send` (the mixer's), REV_LAG later. */
  readonly bus = newBuses();
  /** The send's last REV_LAG samples of the previous pair, then this pair's. */
  private readonly revLine = new Float64Array(REV_LAG + BLOCK);
  private readonly upL = new Upsampler2();
  private readonly upR = new Upsampler2();
  private readonly upD = new Upsampler2();
  private readonly outL = new Float64Array(2 * BLOCK);
  private readonly outR = new Float64Array(2 * BLOCK);
  private readonly outD = new Float64Array(2 * BLOCK);
  /** As `live`, for the delay send (only voices of the delay groups use it). */
  private dlyLive = 0;
  private dlyFresh = false;
  /** Pairs left to upsample after the last one with voices in it (the upsampler's tail). */
  private live = 0;
  /** The pair being handed out was upsampled (else the bus was silent, and so is its output). */
  private fresh = false;

  constructor(private readonly send: Float64Array) {}

  /** Before the half-rate voices of a pair add into the bus. */
  clear(): void {
    clearBuses(this.bus);
  }

  /** After they did: `had` says whether any voice rendered into it this pair (`hadDly`: with a delay send). */
  upsample(had: boolean, hadDly: boolean): void {
    if (hadDly) this.dlyLive = 2;
    this.dlyFresh = this.dlyLive > 0;
    if (this.dlyFresh) {
      this.dlyLive--;
      this.upD.process(this.bus.dly, this.outD);
    }
    if (had) this.live = 2;
    this.fresh = this.live > 0;
    if (!this.fresh) return;
    this.live--;
    this.upL.process(this.bus.dryL, this.outL);
    this.upR.process(this.bus.dryR, this.outR);
    const line = this.revLine, send = this.send;
    line.set(this.bus.rev, REV_LAG);
    for (let i = 0; i < BLOCK; i++) send[i] += line[i];
    line.copyWithin(0, BLOCK, BLOCK + REV_LAG);
  }

  /** The pair being handed out holds sound (its dry output, or the reverb send it added). */
  get sounding(): boolean {
    return this.fresh;
  }

  /** Adds this block's half (0 or 1) of the pair into b; false when there is nothing to add. */
  addInto(b: Buses, half: number): boolean {
    if (!this.fresh) return false;
    const o = half * BLOCK, L = this.outL, R = this.outR, dL = b.dryL, dR = b.dryR;
    for (let i = 0; i < BLOCK; i++) { dL[i] += L[o + i]; dR[i] += R[o + i]; }
    if (this.dlyFresh) {
      const D = this.outD, dly = b.dly;
      for (let i = 0; i < BLOCK; i++) dly[i] += D[o + i];
    }
    return true;
  }
}
