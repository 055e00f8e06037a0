/**
 * One sampled voice (a zone, or a stereo pair of zones sharing one playback position) rendered a
 * block at a time into the synth's buses. Per block: the volume envelope as a few straight gain
 * spans, the sample read with linear interpolation in tight loops that run between loop/end
 * boundaries without a test per sample, the zone's low-pass (an SVF, redesigned once per block
 * while the modulation envelope moves it), then one pass adding into the buses.
 */
import { BLOCK, designSvf, FILTER_LP, panGains, runSvf, SvfCoefs, SvfState } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import type { VoiceSetup } from './bank';
import { ModEnvelope, ST_DONE, VolumeEnvelope } from './envelope';

const srcL = new Float64Array(BLOCK);
const srcR = new Float64Array(BLOCK);
const env = new Float64Array(BLOCK);
const EMPTY = new Float32Array(2);

/** Above this cutoff (≈ 20 kHz) with no envelope on it, the zone's filter is left out. */
const OPEN_FC_CENTS = 13500;
const CHOKE_MS = 8;

export class SamplerVoice {
  start = 0;
  group = 0;
  /** Exclusive class and preset of the voice (a new note of the same class chokes it). */
  exclusive = 0;
  preset = '';
  private gateEnd = 0;
  private released = false;
  private ended = false;
  private pcmL: Float32Array = EMPTY;
  private pcmR: Float32Array | null = null;
  private pos = 0;
  private inc = 1;
  private last = 0;
  private loopStart = 0;
  private loopEnd = 0;
  private looping = false;
  private loopMode = 0;
  private gLL = 0; private gLR = 0; private gRL = 0; private gRR = 0;
  private rv = 0;
  private dl = 0;
  private sr = 48000;
  private readonly vol = new VolumeEnvelope();
  private readonly mod = new ModEnvelope();
  private filtered = false;
  private fc = 0;
  private modToFc = 0;
  private q = 0.707;
  private readonly coefs = new SvfCoefs();
  private readonly stL = new SvfState();
  private readonly stR = new SvfState();

  /**
   * `gate`: samples from the start to the release; `gain` the instrument's level; `reverb` and
   * `delay` its sends. PCM is the zone's decoded sample (and its pair's).
   */
  init(v: VoiceSetup, pcm: Float32Array, pcmR: Float32Array | null, start: number, gate: number, group: number, gain: number, reverb: number, delay: number, sr: number): void {
    this.start = start;
    this.gateEnd = start + Math.max(1, gate);
    this.group = group;
    this.sr = sr;
    this.released = false;
    this.ended = false;
    this.exclusive = v.exclusiveClass;
    this.pcmL = pcm;
    this.pcmR = pcmR;
    const n = pcmR ? Math.min(pcm.length, pcmR.length) : pcm.length;
    // the interpolator reads [i, i+1]: the last readable position is n − 2 (plus a hair)
    const end = Math.min(n - 1, v.end > 0 ? v.end : n - 1 + v.end);
    this.last = Math.max(0, end - 1) - 1e-6;
    this.pos = Math.max(0, Math.min(this.last, v.start));
    this.inc = v.inc;
    this.loopStart = Math.max(0, v.loopStart);
    this.loopEnd = Math.min(n - 2, v.loopEnd);
    this.loopMode = v.loopMode;
    this.looping = (v.loopMode === 1 || v.loopMode === 3) && this.loopEnd - this.loopStart >= 4;
    const g = gain * v.gain;
    const [aL, aR] = panGains(v.pan);
    this.gLL = aL * g; this.gLR = aR * g;
    if (pcmR) {
      const [bL, bR] = panGains(v.panR);
      this.gRL = bL * g; this.gRR = bR * g;
    } else {
      this.gRL = 0; this.gRR = 0;
    }
    this.rv = reverb * g * Math.SQRT1_2;
    this.dl = delay * g;
    this.vol.start(v.vol, v.volSustainCb);
    this.modToFc = v.modEnvToFc;
    this.fc = v.filterFc;
    this.filtered = v.filterFc < OPEN_FC_CENTS || v.modEnvToFc !== 0;
    if (this.filtered) {
      this.mod.start(v.mod, v.modSustain);
      // resonance: centibels above the DC gain → the SVF's Q (0 cB ≈ Butterworth)
      this.q = Math.max(0.5, Math.pow(10, (v.filterQ / 10 - 3.01) / 20));
      this.coefs.hz = -1;
      this.stL.reset();
      this.stR.reset();
    }
  }

  get done(): boolean {
    return this.ended || this.vol.stage === ST_DONE;
  }

  /** A new note of the same exclusive class (open/closed hat) has started: fade out fast. */
  choke(): void {
    this.vol.choke((CHOKE_MS * this.sr) / 1000);
    this.mod.release();
    this.released = true;
  }

  /** Renders samples [from, BLOCK) of the block starting at b0 into the buses. */
  render(b0: number, from: number, b: Buses): void {
    const end = this.envelope(b0, from);
    if (end <= from) { this.ended = true; return; }
    this.read(from, end);
    if (this.filtered) {
      const cents = this.fc + this.modToFc * this.mod.level;
      designSvf(this.coefs, 8.176 * Math.pow(2, cents / 1200), this.q, this.sr);
      runSvf(this.coefs, this.stL, srcL, from, end, FILTER_LP);
      if (this.pcmR) runSvf(this.coefs, this.stR, srcR, from, end, FILTER_LP);
      this.mod.advance(BLOCK);
    }
    this.mix(from, end, b);
  }

  /** Fills env[from..end) and returns end (< BLOCK once the envelope has finished). */
  private envelope(b0: number, from: number): number {
    const vol = this.vol;
    let i = from;
    while (i < BLOCK) {
      let max = BLOCK - i;
      if (!this.released) {
        const toGate = this.gateEnd - (b0 + i);
        if (toGate <= 0) {
          this.released = true;
          vol.release();
          this.mod.release();
          if (this.loopMode === 3) this.looping = false;
          continue;
        }
        if (toGate < max) max = toGate;
      }
      const n = vol.span(max);
      if (n === 0) break;
      const g0 = vol.g0, step = (vol.g1 - g0) / n;
      for (let j = 0; j < n; j++) env[i + j] = g0 + step * (j + 1);
      i += n;
    }
    return i;
  }

  /** Reads the sample(s) into srcL/srcR[from..end) (zeros after a one-shot sample ends). */
  private read(from: number, end: number): void {
    const L = this.pcmL, R = this.pcmR, inc = this.inc;
    let pos = this.pos, i = from;
    while (i < end) {
      const limit = this.looping ? this.loopEnd : this.last;
      if (pos >= limit) {
        if (this.looping) { pos -= this.loopEnd - this.loopStart; continue; }
        for (; i < end; i++) { srcL[i] = 0; srcR[i] = 0; }
        this.ended = true;
        break;
      }
      let k = Math.ceil((limit - pos) / inc);
      if (k > end - i) k = end - i;
      const stop = i + k;
      if (R) {
        for (; i < stop; i++) {
          const ip = pos | 0, fr = pos - ip;
          const l0 = L[ip], r0 = R[ip];
          srcL[i] = l0 + fr * (L[ip + 1] - l0);
          srcR[i] = r0 + fr * (R[ip + 1] - r0);
          pos += inc;
        }
      } else {
        for (; i < stop; i++) {
          const ip = pos | 0, fr = pos - ip;
          const l0 = L[ip];
          srcL[i] = l0 + fr * (L[ip + 1] - l0);
          pos += inc;
        }
      }
    }
    this.pos = pos;
  }

  private mix(from: number, end: number, b: Buses): void {
    const { dryL, dryR, rev, dly } = b;
    const gLL = this.gLL, gLR = this.gLR, rv = this.rv, dl = this.dl;
    if (this.pcmR) {
      const gRL = this.gRL, gRR = this.gRR, rv2 = 0.5 * rv, dl2 = 0.5 * dl;
      for (let i = from; i < end; i++) {
        const e = env[i], l = srcL[i] * e, r = srcR[i] * e;
        dryL[i] += l * gLL + r * gRL; dryR[i] += l * gLR + r * gRR;
        rev[i] += (l + r) * rv2;
      }
      if (dl > 0) for (let i = from; i < end; i++) dly[i] += (srcL[i] + srcR[i]) * env[i] * dl2;
    } else {
      for (let i = from; i < end; i++) {
        const v = srcL[i] * env[i];
        dryL[i] += v * gLL; dryR[i] += v * gLR; rev[i] += v * rv;
      }
      if (dl > 0) for (let i = from; i < end; i++) dly[i] += srcL[i] * env[i] * dl;
    }
  }
}
