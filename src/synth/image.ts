/**
 * Keeps the mix's stereo image where produced music sits (issue 13: L/R correlation ≤ 0.67 and
 * side/mid ≥ −7 dB, yet a mono fold-down losing ≤ 1 dB, i.e. correlation ≥ 0.59): a slow side
 * gain steered so side/mid, measured over the last second, heads for −6.5 dB. A wide pad
 * alone is narrowed, a busy centred groove opened, within −9 and +6 dB of the palette's own width; so
 * an intro of pads and a chorus of kit and bass both fold down to mono cleanly.
 *
 * Like the other bus stages it is a gain curve (here on the side signal only), measured on the
 * mix and applied unchanged to every stem, so the stems still sum to the mix.
 */
import { BLOCK } from './dsp';

/**
 * Side/mid the keeper steers to, as an energy ratio: −6.5 dB. The targets leave a window of about
 * one dB: side/mid ≤ −5.87 dB (mono fold-down ≤ 1 dB) and, for balanced channels, ≥ −6.98 dB
 * (correlation ≤ 0.67; a mix leaning to one side reaches 0.67 sooner: the ambient palette at
 * −6.7). A render lands 0.1–0.5 dB wider than the target, because loud wide moments weigh more
 * than the keeper's one-second memory gives them. Aiming at −6.7 put ambient's correlation on
 * 0.67; at −6.5 the widest landing (electronic, −6.0) folds down −0.96 dB: both edges are near.
 */
const TARGET = Math.pow(10, -6.5 / 10);
const MIN = 0.35, MAX = 2;

export class ImageKeeper {
  private mid = 0;
  private side = 0;
  private g = 1;
  private next = 1;
  private readonly decay: number;

  constructor(sampleRate: number, seconds = 1) {
    this.decay = Math.exp(-BLOCK / (seconds * sampleRate));
  }

  /**
   * Applies the side gain ramp to a mixed block in place and measures the block as the gain curve
   * that follows shapes it (a compressed or ducked block counts for what is heard of it). The ramp
   * is the one the blocks before chose: one block (2.7 ms) late, in one pass over the block.
   */
  process(L: Float64Array, R: Float64Array, gain: Float64Array): void {
    const g0 = this.g, dg = (this.next - g0) / BLOCK;
    let m = 0, s = 0;
    for (let i = 0; i < BLOCK; i++) {
      const a = L[i] + R[i], b = L[i] - R[i], g2 = gain[i] * gain[i];
      m += a * a * g2; s += b * b * g2;
      const sd = 0.5 * b * (g0 + dg * (i + 1)), md = 0.5 * a;
      L[i] = md + sd;
      R[i] = md - sd;
    }
    this.g = this.next;
    const d = this.decay;
    this.mid = this.mid * d + m;
    this.side = this.side * d + s;
    // the gain that puts the recent side/mid on target, if there is a side to steer
    if (this.side > 1e-12 && this.mid > 1e-12) {
      const want = Math.sqrt((TARGET * this.mid) / this.side);
      // a tenth of the way per block (≈ 0.03 s to settle): no audible pumping
      const next = this.next + 0.1 * (want - this.next);
      this.next = next < MIN ? MIN : next > MAX ? MAX : next;
    }
  }

  /** The side gain the last block's ramp ended on (the next block's ramp starts from it). */
  get sideGain(): number {
    return this.g;
  }
}

/**
 * Applies a block's side gain ramp, from g0 (where the block before ended) to g1, in place: a
 * stem takes the ramp the keeper chose for the mix (Mixer.sideGain, block by block).
 */
export function applySideRamp(L: Float64Array, R: Float64Array, g0: number, g1: number): void {
  const dg = (g1 - g0) / BLOCK;
  if (g0 === 1 && dg === 0) return;
  for (let i = 0; i < BLOCK; i++) {
    const m = 0.5 * (L[i] + R[i]), s = 0.5 * (L[i] - R[i]) * (g0 + dg * (i + 1));
    L[i] = m + s;
    R[i] = m - s;
  }
}
