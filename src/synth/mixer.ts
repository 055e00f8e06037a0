/**
 * The per-block bus stage: group buses → per-group delay → one reverb on the summed mono send,
 * its return shared out to the groups in proportion to their recent send energy (shares sum to 1,
 * so stems still sum to the mix) → bus compressor, duck and fades as one per-sample gain applied
 * to the mix and to each stem alike.
 */
import { VOICE_GROUPS, type VoiceGroup } from '../music/types';
import { BLOCK } from './dsp';
import { applyDuck, applyFades, BusCompressor, DuckKey } from './dynamics';
import { PingPong, Reverb } from './effects';
import type { Buses } from './voice';

export type Stereo = [Float32Array, Float32Array];

const DELAY_GROUPS: ReadonlySet<VoiceGroup> = new Set(['keys', 'lead']);
export const RT60 = 2.2;

export function hasDelay(group: VoiceGroup): boolean {
  return DELAY_GROUPS.has(group);
}

function newBuses(): Buses {
  const f = (): Float64Array => new Float64Array(BLOCK);
  return { dryL: f(), dryR: f(), rev: f(), dlyL: f(), dlyR: f() };
}

export class Mixer {
  readonly buses: Buses[] = VOICE_GROUPS.map(newBuses);
  /** 1 while a group has sound anywhere in its chain (voices, delay tail or reverb share). */
  readonly used = new Uint8Array(VOICE_GROUPS.length);
  private readonly delays = VOICE_GROUPS.map((g) => (DELAY_GROUPS.has(g) ? new PingPong(this.sr) : null));
  private readonly reverb = new Reverb(this.sr, RT60);
  private readonly comp = new BusCompressor(this.sr);
  private readonly revIn = new Float64Array(BLOCK);
  private readonly revOutL = new Float64Array(BLOCK);
  private readonly revOutR = new Float64Array(BLOCK);
  private readonly sumL = new Float64Array(BLOCK);
  private readonly sumR = new Float64Array(BLOCK);
  private readonly gain = new Float64Array(BLOCK);
  private readonly energy = new Float64Array(VOICE_GROUPS.length);
  private readonly share = new Float64Array(VOICE_GROUPS.length);
  private readonly prevShare = new Float64Array(VOICE_GROUPS.length);
  private readonly energyDecay: number;
  private readonly duckHint = { i: 0 };

  constructor(
    private readonly sr: number,
    private readonly length: number,
    private readonly duck: DuckKey[],
    private readonly fadeIn: number,
    private readonly fadeOut: number,
  ) {
    // the reverb's energy falls 60 dB per RT60; the shares follow it
    this.energyDecay = Math.exp(-BLOCK / ((RT60 / Math.log(1e6)) * sr));
  }

  clear(): void {
    for (let g = 0; g < this.buses.length; g++) {
      if (!this.used[g]) continue;
      const bus = this.buses[g];
      bus.dryL.fill(0); bus.dryR.fill(0); bus.rev.fill(0); bus.dlyL.fill(0); bus.dlyR.fill(0);
    }
  }

  /** Mixes the block's buses and writes n samples at b0 into mix (and stems). */
  finish(b0: number, n: number, mix: Stereo, stems: Array<Stereo | null>): void {
    const B = BLOCK, G = this.buses.length;
    const { revIn, revOutL, revOutR, sumL, sumR, gain, energy, share, prevShare, used } = this;
    revIn.fill(0);
    let total = 0;
    for (let g = 0; g < G; g++) {
      if (!used[g]) continue;
      const bus = this.buses[g];
      const d = this.delays[g];
      if (d) d.process(bus.dlyL, bus.dlyR, bus.dryL, bus.dryR);
      total += (energy[g] = energy[g] * this.energyDecay + addInto(revIn, bus.rev, B));
    }
    this.reverb.process(revIn, revOutL, revOutR);
    if (total > 0) for (let g = 0; g < G; g++) share[g] = energy[g] / total;
    // Shares sum to 1, so the mix is Σ dry + the whole return; shares only matter for stems.
    sumL.set(revOutL); sumR.set(revOutR);
    for (let g = 0; g < G; g++) if (used[g]) addPair(sumL, sumR, this.buses[g].dryL, this.buses[g].dryR, B);
    this.comp.process(sumL, sumR, gain);
    applyDuck(this.duck, b0, n, gain, this.duckHint);
    applyFades(b0, n, this.length, this.fadeIn, this.fadeOut, gain);
    writeGained(sumL, sumR, gain, mix, b0, n);
    for (let g = 0; g < G; g++) {
      const st = stems[g];
      if (st && used[g]) writeStem(this.buses[g].dryL, this.buses[g].dryR, revOutL, revOutR, prevShare[g], share[g], gain, st, b0, n);
      prevShare[g] = share[g];
    }
  }

  /** Lets a group drop out of the per-block work once nothing of it is left to hear. */
  retire(group: number): void {
    if (this.energy[group] < 1e-30 && (!this.delays[group] || this.delays[group]!.isQuiet)) {
      this.used[group] = 0;
      this.energy[group] = 0;
      this.share[group] = 0;
      this.prevShare[group] = 0;
      // buses of unused groups are not cleared per block: leave them silent for the next voice
      const bus = this.buses[group];
      bus.dryL.fill(0); bus.dryR.fill(0); bus.rev.fill(0); bus.dlyL.fill(0); bus.dlyR.fill(0);
    }
  }
}

function addInto(acc: Float64Array, x: Float64Array, B: number): number {
  let e = 0;
  for (let i = 0; i < B; i++) {
    const v = x[i];
    acc[i] += v;
    e += v * v;
  }
  return e;
}

function addPair(sumL: Float64Array, sumR: Float64Array, L: Float64Array, R: Float64Array, B: number): void {
  for (let i = 0; i < B; i++) { sumL[i] += L[i]; sumR[i] += R[i]; }
}

/** A stem is its dry bus plus its share of the reverb return (share ramped across the block). */
function writeStem(L: Float64Array, R: Float64Array, rL: Float64Array, rR: Float64Array, s0: number, s1: number, gain: Float64Array, out: Stereo, b0: number, n: number): void {
  const ds = (s1 - s0) / BLOCK;
  const oL = out[0], oR = out[1];
  for (let i = 0; i < n; i++) {
    const w = s0 + ds * (i + 1);
    oL[b0 + i] = (L[i] + rL[i] * w) * gain[i];
    oR[b0 + i] = (R[i] + rR[i] * w) * gain[i];
  }
}

function writeGained(L: Float64Array, R: Float64Array, gain: Float64Array, out: Stereo, b0: number, n: number): void {
  const oL = out[0], oR = out[1];
  for (let i = 0; i < n; i++) {
    oL[b0 + i] = L[i] * gain[i];
    oR[b0 + i] = R[i] * gain[i];
  }
}
