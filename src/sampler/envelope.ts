/**
 * SoundFont envelopes, advanced a span at a time (never per sample in a call). The volume
 * envelope works as the spec has it: attack linear in amplitude, decay and release linear in
 * centibels (so exponential in amplitude; a span of ≤ 128 samples is drawn as a straight line
 * between exact end points, inaudibly close). The modulation envelope is linear throughout and
 * read once per block (it only moves the filter).
 */
import type { EnvTimes } from './bank';

export const ST_DELAY = 0, ST_ATTACK = 1, ST_HOLD = 2, ST_DECAY = 3, ST_SUSTAIN = 4, ST_RELEASE = 5, ST_DONE = 6;

/** Below this attenuation (−80 dB under the zone's own level) a releasing or decayed voice ends. */
const SILENT_CB = 800;

/**
 * A voice also ends once its level in the mix falls under −100 dBFS (before normalisation): under
 * 16-bit's last bit and 80 dB under a −18 LUFS bed, and it fades to zero over its last span, so
 * there is no step. Quiet notes' long tails (the top piano keys ring 15–24 s) were ~10 % of all
 * voice-samples of the bench's 10 minutes (issue 13 point 6, notes/i13-speed.md).
 */
export const FLOOR_GAIN = 1e-5;

const ampOfCb = (cb: number): number => Math.pow(10, -cb / 200);

export class VolumeEnvelope {
  stage = ST_DONE;
  /** Gain at the start and end of the last span. */
  g0 = 0;
  g1 = 0;
  private left = 0;
  private amp = 0;
  private cb = 0;
  private times: EnvTimes = { delay: 0, attack: 0, hold: 0, decay: 0, release: 1 };
  private susCb = 0;
  /** Attenuation (cB) at which the voice ends: SILENT_CB, or less when the voice is quiet in the mix. */
  private endCb = SILENT_CB;
  /** g1 is the gain of the current state (no stage change or release since): g0 needs no pow. */
  private settled = false;

  /** `peak`: the voice's largest gain into the mix at full envelope (FLOOR_GAIN applies to it). */
  start(times: EnvTimes, sustainCb: number, peak = 1): void {
    this.times = times;
    this.susCb = sustainCb;
    this.endCb = peak > FLOOR_GAIN ? Math.min(SILENT_CB, 200 * Math.log10(peak / FLOOR_GAIN)) : 0;
    this.amp = 0;
    this.cb = 0;
    this.enter(ST_DELAY);
    this.settled = false;
  }

  release(): void {
    if (this.stage >= ST_RELEASE) return;
    this.cb = this.stage >= ST_DECAY ? this.cb : this.amp > 0 ? -200 * Math.log10(this.amp) : this.endCb;
    this.enter(ST_RELEASE);
    this.settled = false;
  }

  /** Ends the voice quickly (a choke: exclusive class), without a click. */
  choke(samples: number): void {
    this.release();
    if (this.stage === ST_RELEASE) this.times = { ...this.times, release: samples };
  }

  /** The next span of at most `max` samples on one straight gain line (g0 → g1); 0 once done. */
  span(max: number): number {
    while (this.stage !== ST_DONE && this.left <= 0 && this.stage !== ST_SUSTAIN) { this.enter(this.stage + 1); this.settled = false; }
    const st = this.stage;
    if (st === ST_DONE) return 0;
    const n = st === ST_SUSTAIN ? max : Math.max(1, Math.min(max, Math.ceil(this.left)));
    // the gain is a pure function of the state: reuse the last span's end (Math.pow was ~5 % of a render)
    this.g0 = this.settled ? this.g1 : this.gain();
    this.settled = true;
    if (st === ST_DELAY || st === ST_HOLD || st === ST_SUSTAIN) {
      this.left -= n;
      this.g1 = this.g0;
      return n;
    }
    if (st === ST_ATTACK) {
      this.amp = Math.min(1, this.amp + n / Math.max(1, this.times.attack));
    } else if (st === ST_DECAY) {
      this.cb = Math.min(this.susCb, this.cb + (1000 * n) / Math.max(1, this.times.decay));
    } else if (st === ST_RELEASE) {
      this.cb += (1000 * n) / Math.max(1, this.times.release);
    }
    this.left -= n;
    this.g1 = this.gain();
    // decay only falls towards sustain: once under the floor it stays there
    if ((st === ST_RELEASE || st === ST_DECAY) && this.cb >= this.endCb) { this.stage = ST_DONE; this.g1 = 0; }
    return n;
  }

  private gain(): number {
    const st = this.stage;
    if (st === ST_DELAY) return 0;
    if (st === ST_ATTACK) return this.amp;
    if (st === ST_HOLD) return 1;
    return ampOfCb(this.cb);
  }

  private enter(st: number): void {
    this.stage = st;
    const t = this.times;
    if (st === ST_DELAY) this.left = t.delay;
    else if (st === ST_ATTACK) this.left = t.attack;
    else if (st === ST_HOLD) { this.amp = 1; this.left = t.hold; }
    else if (st === ST_DECAY) { this.cb = 0; this.left = (t.decay * this.susCb) / 1000; }
    else if (st === ST_SUSTAIN) { if (this.susCb >= this.endCb) this.stage = ST_DONE; }
    else if (st === ST_RELEASE) this.left = Infinity;
  }
}

/** The modulation envelope's level 0..1, advanced a block at a time. */
export class ModEnvelope {
  level = 0;
  private stage = ST_DONE;
  private left = 0;
  private times: EnvTimes = { delay: 0, attack: 0, hold: 0, decay: 0, release: 1 };
  private sustain = 0;

  start(times: EnvTimes, sustain: number): void {
    this.times = times;
    this.sustain = sustain;
    this.level = 0;
    this.stage = ST_DELAY;
    this.left = times.delay;
  }

  release(): void {
    if (this.stage >= ST_RELEASE) return;
    this.stage = ST_RELEASE;
    this.left = this.times.release * this.level;
  }

  advance(n: number): void {
    let rest = n;
    while (rest > 0 && this.stage !== ST_DONE && this.stage !== ST_SUSTAIN) {
      if (this.left <= 0) { this.next(); continue; }
      const m = Math.min(rest, this.left);
      const t = this.times;
      if (this.stage === ST_ATTACK) this.level = Math.min(1, this.level + m / Math.max(1, t.attack));
      else if (this.stage === ST_DECAY) this.level = Math.max(this.sustain, this.level - m / Math.max(1, t.decay));
      else if (this.stage === ST_RELEASE) this.level = Math.max(0, this.level - m / Math.max(1, t.release));
      this.left -= m;
      rest -= m;
    }
  }

  private next(): void {
    const t = this.times;
    this.stage++;
    if (this.stage === ST_ATTACK) this.left = t.attack;
    else if (this.stage === ST_HOLD) { this.level = 1; this.left = t.hold; }
    else if (this.stage === ST_DECAY) this.left = t.decay * (1 - this.sustain);
    else if (this.stage === ST_SUSTAIN) this.level = this.sustain;
    else if (this.stage === ST_DONE) this.level = 0;
  }
}
