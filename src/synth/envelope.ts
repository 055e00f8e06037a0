/**
 * ADSR rendered a block at a time. Every segment starts where the previous one is (no jumps),
 * the attack starts at 0, and decay-to-silence / release aim slightly below zero so they cross
 * zero in finite time instead of being snapped off: no voice can click on or off.
 */
const BLOCK_HINT = 128;

export const ENV_ATTACK = 0;
export const ENV_DECAY = 1;
export const ENV_RELEASE = 2;
export const ENV_DONE = 3;

/**
 * Decays to silence and releases aim below zero so they reach an exact zero in finite time, with
 * a slope there of |floor|/τ per sample (no step). Aiming at −1 % (releases −2 %) ends a
 * percussive tail after 4.6 τ instead of 6.9 τ at −0.1 %: the last stretch, 35–40 dB down, fades
 * in a line instead of a curve, and the voice stops costing anything a third sooner.
 */
const DECAY_FLOOR = -0.01;
const RELEASE_FLOOR = -0.02;

export interface EnvParams {
  /** Samples; at least a few so the onset is a ramp. */
  attack: number;
  /** 1 = linear; 2–3 = a swell that accelerates into its end (risers, reverse swells). */
  attackPower: number;
  /** Time constant of the decay toward sustain, in samples. */
  decayTau: number;
  sustain: number;
  releaseTau: number;
  /** Samples from onset until release. */
  gate: number;
}

export class Envelope {
  stage = ENV_DONE;
  level = 0;
  private t = 0;
  private attackN = 1;
  private invAttack = 1;
  private power = 1;
  private decayC = 0;
  private decayTarget = 0;
  private releaseC = 0;
  /** (1 − c)^BLOCK_HINT per stage: linearBlock runs once per voice per block, and Math.pow there cost ~70 ns a call. */
  private decayBlock = 1;
  private releaseBlock = 1;
  private gateLeft = 0;

  start(p: EnvParams): void {
    this.stage = ENV_ATTACK;
    this.level = 0;
    this.t = 0;
    this.attackN = Math.max(4, Math.round(p.attack));
    this.invAttack = 1 / this.attackN;
    this.power = p.attackPower;
    this.decayC = 1 - Math.exp(-1 / Math.max(1, p.decayTau));
    this.decayTarget = p.sustain > 0 ? p.sustain : DECAY_FLOOR;
    this.releaseC = 1 - Math.exp(-1 / Math.max(1, p.releaseTau));
    this.decayBlock = Math.pow(1 - this.decayC, BLOCK_HINT);
    this.releaseBlock = Math.pow(1 - this.releaseC, BLOCK_HINT);
    this.gateLeft = Math.max(1, Math.round(p.gate));
  }

  /** Set by linearBlock: the block's envelope is l0 + step·(i+1). */
  l0 = 0;
  step = 0;

  /**
   * For the fused voice loop: if the next n samples are one slow decay/sustain segment (no gate,
   * no stage change), advance over them and describe them as a straight line; else return false.
   */
  linearBlock(n: number): boolean {
    const stage = this.stage;
    if (stage === ENV_ATTACK) {
      if (this.power !== 1 || this.gateLeft <= n || this.t + n > this.attackN) return false;
      this.l0 = this.level;
      this.step = this.invAttack;
      this.t += n;
      this.level = this.t * this.invAttack;
      this.gateLeft -= n;
      if (this.t >= this.attackN) this.stage = ENV_DECAY;
      return true;
    }
    const decay = stage === ENV_DECAY;
    if (!decay && stage !== ENV_RELEASE) return false;
    if (decay && this.gateLeft <= n) return false;
    const c = decay ? this.decayC : this.releaseC;
    const target = decay ? this.decayTarget : RELEASE_FLOOR;
    if (c >= 0.25 / BLOCK_HINT) return false;
    const endLevel = target + (this.level - target) * (n === BLOCK_HINT ? (decay ? this.decayBlock : this.releaseBlock) : Math.pow(1 - c, n));
    if (endLevel <= 0) return false;
    this.l0 = this.level;
    this.step = (endLevel - this.level) / n;
    this.level = endLevel;
    if (decay) this.gateLeft -= n;
    return true;
  }

  /** Fills out[from..to); returns the index where the envelope finished (or `to`). */
  render(out: Float64Array, from: number, to: number): number {
    let level = this.level;
    let stage = this.stage;
    let t = this.t;
    let gateLeft = this.gateLeft;
    const invA = this.invAttack, power = this.power;
    const dc = this.decayC, dt = this.decayTarget, rc = this.releaseC;
    let i = from;
    // One tight loop per stage segment; the gate and the attack end split segments exactly.
    while (i < to && stage !== ENV_DONE) {
      if (stage < ENV_RELEASE && gateLeft <= 0) stage = ENV_RELEASE;
      let end = stage < ENV_RELEASE ? Math.min(to, i + gateLeft) : to;
      if (stage === ENV_ATTACK) {
        end = Math.min(end, i + this.attackN - t);
        gateLeft -= end - i;
        for (; i < end; i++) {
          const x = ++t * invA;
          level = power === 1 ? x : power === 2 ? x * x : x * x * x;
          out[i] = level;
        }
        if (t >= this.attackN) stage = ENV_DECAY;
      } else {
        const target = stage === ENV_DECAY ? dt : RELEASE_FLOOR;
        const c = stage === ENV_DECAY ? dc : rc;
        if (stage === ENV_DECAY) gateLeft -= end - i;
        const n = end - i;
        // Slow segments: exact value at the segment end, straight line in between (≤ 0.1 %
        // off the exponential when τ ≥ 4 blocks). A per-sample recurrence is a serial chain.
        const endLevel = target + (level - target) * Math.pow(1 - c, n);
        if (n > 8 && c < 0.25 / BLOCK_HINT && endLevel > 0) {
          const l0 = level, step = (endLevel - l0) / n;
          for (let j = 1; i < end; i++, j++) out[i] = l0 + step * j;
          level = endLevel;
        } else if (target > 0) {
          for (; i < end; i++) {
            level += (target - level) * c;
            out[i] = level;
          }
        } else {
          for (; i < end; i++) {
            level += (target - level) * c;
            if (level <= 0) {
              level = 0;
              stage = ENV_DONE;
              break;
            }
            out[i] = level;
          }
        }
      }
    }
    for (let j = i; j < to; j++) out[j] = 0;
    this.level = level;
    this.stage = stage;
    this.t = t;
    this.gateLeft = gateLeft;
    return i;
  }
}
