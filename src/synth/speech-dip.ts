/**
 * Under dialogue a mixer does not pull the whole bed down to its sub and pad: it carves the band
 * the voice lives in (300 Hz–4 kHz) out of the music and leaves the lows and the air (issue 13
 * point 5). This is that move as a dynamic EQ on the bus, driven by the duck automation: the
 * deeper the duck, the deeper the dip, so it follows the duck's look-ahead, hold and release
 * without a curve of its own.
 *
 * Carving the voice band alone would leave the sub in charge of the bed (the low share under a
 * line rose 2.3 dB on the documentary demo): the lows under 120 Hz come down by half as much, so
 * the bed is thinner where the voice is and otherwise keeps its balance, air included.
 *
 * The dip is x − d·bp(x) − e·lp(x), with bp a fixed band-pass (RBJ, 0 dB peak at √(300·4000) ≈
 * 1.1 kHz, −3 dB at 300 Hz and 4 kHz), lp a fixed low-pass at 120 Hz, and d, e the depths, ramped
 * per sample across the block. x − d·bp(x) is exactly a peaking EQ (1 + (g − 1)·bp), but only d
 * moves: no coefficient changes, so no zipper noise, and d = e = 0 leaves the bus bit-identical
 * to no dip at all. Blocks with nothing to dip skip the filters (their state restarts from
 * silence when a dip begins with d ≈ 0: inaudible).
 *
 * Linear and time-varying only through the duck curve: the same dip on every stem keeps the stems
 * summing to the mix.
 */
import { BLOCK } from './dsp';
import { duckDbAt, type DuckKey } from './dynamics';

/** The speech band's edges, Hz. */
export const SPEECH_LO_HZ = 300;
export const SPEECH_HI_HZ = 4000;
/** Dip depth as a share of the duck's depth, and its floor: a −12 dB duck dips the band a further 8.4 dB at 1.1 kHz. */
export const DIP_PER_DUCK_DB = 0.7;
export const DIP_MAX_DB = -10;

/** The lows' dip as a share of the speech band's. */
export const LOW_PER_DIP = 1.5;
export const LOW_HZ = 120;

/** The dip at the band's centre for a duck of `duckDb`: 0 when not ducked. */
export function dipDbFor(duckDb: number): number {
  return duckDb >= 0 ? 0 : Math.max(DIP_MAX_DB, DIP_PER_DUCK_DB * duckDb);
}

/** RBJ biquad coefficients normalised by a0: [b0, b1, b2, a1, a2]. */
function biquad(kind: 'band' | 'low', f0: number, q: number, sampleRate: number): number[] {
  const w = (2 * Math.PI * f0) / sampleRate;
  const alpha = Math.sin(w) / (2 * q), cos = Math.cos(w), a0 = 1 + alpha;
  const b = kind === 'band' ? [alpha, 0, -alpha] : [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
  return [b[0] / a0, b[1] / a0, b[2] / a0, (-2 * cos) / a0, (1 - alpha) / a0];
}

/** Filter state per channel: band-pass x1, x2, y1, y2, then low-pass x1, x2, y1, y2. */
const STATE = 8;

export class SpeechDip {
  private readonly hint = { i: 0 };
  private readonly active: boolean;
  private readonly band: number[];
  private readonly low: number[];
  private readonly state = new Float64Array(2 * STATE);
  private running = false;

  constructor(sampleRate: number, private readonly duck: DuckKey[]) {
    const f0 = Math.sqrt(SPEECH_LO_HZ * SPEECH_HI_HZ);
    this.band = biquad('band', f0, f0 / (SPEECH_HI_HZ - SPEECH_LO_HZ), sampleRate);
    this.low = biquad('low', LOW_HZ, Math.SQRT1_2, sampleRate);
    this.active = duck.some((k) => k.gainDb < 0);
  }

  /** The speech band's dip in dB at sample n (0 when not ducked). */
  dipDbAt(n: number): number {
    return this.active ? dipDbFor(duckDbAt(this.duck, n, this.hint)) : 0;
  }

  /** True when nothing of a dip is left in the filters (a stem may stop running it). */
  get isQuiet(): boolean {
    return !this.running;
  }

  /** Dips the block of samples start..start+BLOCK in place (L, R hold BLOCK samples). */
  process(start: number, L: Float64Array, R: Float64Array): void {
    if (!this.active) return;
    const db0 = this.dipDbAt(start), db1 = this.dipDbAt(start + BLOCK);
    if (db0 === 0 && db1 === 0) {
      if (this.running) {
        this.running = false;
        this.state.fill(0);
      }
      return;
    }
    this.running = true;
    const depth = (db: number) => 1 - Math.pow(10, db / 20);
    const d0 = depth(db0), dd = (depth(db1) - d0) / BLOCK;
    const e0 = depth(LOW_PER_DIP * db0), de = (depth(LOW_PER_DIP * db1) - e0) / BLOCK;
    this.channel(L, 0, d0, dd, e0, de);
    this.channel(R, STATE, d0, dd, e0, de);
  }

  /**
   * Both filters and the subtraction in one pass (the band-pass has b1 = 0, b2 = −b0): a
   * separate pass per filter cost 12 % of a 3-minute synth render that was mostly under dialogue.
   */
  private channel(x: Float64Array, at: number, d0: number, dd: number, e0: number, de: number): void {
    const st = this.state;
    const [p0, , , pa1, pa2] = this.band;
    const [q0, q1, q2, qa1, qa2] = this.low;
    let bx1 = st[at], bx2 = st[at + 1], by1 = st[at + 2], by2 = st[at + 3];
    let lx1 = st[at + 4], lx2 = st[at + 5], ly1 = st[at + 6], ly2 = st[at + 7];
    let d = d0, e = e0;
    for (let i = 0; i < BLOCK; i++) {
      const v = x[i];
      const b = p0 * (v - bx2) - pa1 * by1 - pa2 * by2;
      const l = q0 * v + q1 * lx1 + q2 * lx2 - qa1 * ly1 - qa2 * ly2;
      bx2 = bx1; bx1 = v; by2 = by1; by1 = b;
      lx2 = lx1; lx1 = v; ly2 = ly1; ly1 = l;
      x[i] = v - d * b - e * l;
      d += dd; e += de;
    }
    st[at] = bx1; st[at + 1] = bx2; st[at + 2] = by1; st[at + 3] = by2;
    st[at + 4] = lx1; st[at + 5] = lx2; st[at + 6] = ly1; st[at + 7] = ly2;
  }
}
