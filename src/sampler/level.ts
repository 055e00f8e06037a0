/**
 * Levels that let a sampled voice end once it can no longer be heard under the mix (issue 13
 * point 6). Measured on the bench's 10-minute arrangement, ~half of all sampled voice-samples sat
 * more than 60 dB under the mix: piano tails (the top keys ring 15–24 s, their samples decay long
 * before the envelope), decayed pad and guitar tails. A voice is ended when an upper bound of
 * everything it has left to play is MASK_DB under the recent dry level of its voice part: the part
 * (src/synth/voice-part.ts) is what the player sees of the mix, about half of it, and the same on
 * any thread, so the cut is a function of the arrangement alone (same bytes) and errs on the safe
 * side (the whole mix is louder than the part).
 *
 * The bound needs no work per sample: each decoded sample gets a table of its mean square per
 * CHUNK source samples and the largest of it from each chunk to the end; a voice's future level
 * is at most that (and its loop's when it loops) times its current envelope gain (the envelope
 * only falls from hold on) times its pan/level gains and its filter's resonance peak.
 */
import { BLOCK } from '../synth/dsp';
import type { Buses } from '../synth/voice';

/** Source samples per table entry (~11 ms at 44.1 kHz: longer than a period of the lowest notes). */
export const CHUNK = 512;

/**
 * How far under the part's recent dry level a voice may be cut (an 8 ms fade, no click). The cut
 * voices add up: measured against the whole dry mix (one part), the null test on 120 s of the
 * bench arrangement left −63 dB under the mix (worst second −58 dB, −79 dBFS) for 1.41× less CPU;
 * 60 dB left −52.5 dB (1.51×), 80 dB −73.5 dB (1.26×) (notes/i13-speed2.md).
 */
export const MASK_DB = 70;
const MASK = Math.pow(10, -MASK_DB / 10);

export interface SourceLevel {
  /** Mean square of each CHUNK of the sample. */
  ms: Float64Array;
  /** suffix[c]: the largest ms from chunk c to the end (suffix[n] = 0). */
  suffix: Float64Array;
}

const tables = new WeakMap<Float32Array, SourceLevel>();

/** The level table of a decoded sample (computed once per PCM array). */
export function sourceLevel(pcm: Float32Array): SourceLevel {
  let t = tables.get(pcm);
  if (t) return t;
  const n = Math.ceil(pcm.length / CHUNK);
  const ms = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const a = c * CHUNK, b = Math.min(pcm.length, a + CHUNK);
    let e = 0;
    for (let i = a; i < b; i++) e += pcm[i] * pcm[i];
    ms[c] = e / (b - a);
  }
  const suffix = new Float64Array(n + 1);
  for (let c = n - 1; c >= 0; c--) suffix[c] = ms[c] > suffix[c + 1] ? ms[c] : suffix[c + 1];
  t = { ms, suffix };
  tables.set(pcm, t);
  return t;
}

/** The largest chunk mean square over source samples [from, to]. */
export function maxLevel(t: SourceLevel, from: number, to: number): number {
  let m = 0;
  const last = Math.min(t.ms.length - 1, Math.floor(to / CHUNK));
  for (let c = Math.max(0, Math.floor(from / CHUNK)); c <= last; c++) if (t.ms[c] > m) m = t.ms[c];
  return m;
}

/** Largest |H|² of the zone's 2-pole low-pass for its Q (resonance can lift a partial over the source). */
export function filterPeak(q: number): number {
  return q > Math.SQRT1_2 ? (q * q) / (1 - 1 / (4 * q * q)) : 1;
}

/**
 * A dry bus's recent mean square per channel: follows a louder block at once, falls with a
 * 300 ms time constant (~14 dB/s), so a voice is judged against what was just heard.
 */
export class MixLevel {
  private ms = 0;
  private readonly fall: number;

  constructor(sr: number) {
    this.fall = Math.exp(-BLOCK / (0.3 * sr));
  }

  /** After every voice of the block has added into the main bus. */
  push(main: Buses): void {
    const L = main.dryL, R = main.dryR;
    let e = 0;
    for (let i = 0; i < BLOCK; i++) e += L[i] * L[i] + R[i] * R[i];
    this.note(e);
  }

  private note(sum: number): void {
    const e = sum / (2 * BLOCK);
    const f = this.ms * this.fall + (1 - this.fall) * e;
    this.ms = e > f ? e : f;
  }

  /**
   * The same, for a stems part: its voices added into the buses of the groups `used` marks, so
   * the level is of their sum (the mix part's bus, up to the order of the additions).
   */
  pushGroups(groups: Buses[], used: Uint8Array): void {
    let e = 0;
    for (let i = 0; i < BLOCK; i++) {
      let l = 0, r = 0;
      for (let g = 0; g < groups.length; g++) {
        if (!used[g]) continue;
        l += groups[g].dryL[i]; r += groups[g].dryR[i];
      }
      e += l * l + r * r;
    }
    this.note(e);
  }

  /** A voice whose bound (mean square into the dry bus) is under this cannot be heard. */
  get floor(): number {
    return this.ms * MASK;
  }
}
