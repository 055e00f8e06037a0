/**
 * One sampled voice (a zone, or a stereo pair of zones sharing one playback position) rendered a
 * block at a time into the synth's buses. Per block: the volume envelope as a few straight gain
 * spans, then one loop per stretch between loop/end boundaries (no boundary test per sample) that
 * reads the sample with linear interpolation, runs the zone's low-pass (an SVF, redesigned once
 * per block while the modulation envelope moves it), applies the envelope and adds into the buses.
 */
import { BLOCK, designSvf, panGains, SvfCoefs, SvfState, UP_K } from '../synth/dsp';
import type { Buses } from '../synth/voice';
import type { EnvTimes, VoiceSetup } from './bank';
import { ModEnvelope, ST_DONE, ST_HOLD, ST_RELEASE, VolumeEnvelope } from './envelope';
import { CHUNK, filterPeak, maxLevel, sourceLevel, type SourceLevel } from './level';

const env = new Float64Array(BLOCK);
const EMPTY = new Float32Array(2);
const EMPTY_LEVEL = sourceLevel(EMPTY);

/**
 * A zone whose cutoff never goes under this is left unfiltered: a 2-pole low-pass at 12 kHz takes
 * < 3 dB off the top octave (the SF2 default velocity → cutoff modulator puts most zones there).
 */
const OPEN_HZ = 12000;
const hzOfCents = (c: number): number => 8.176 * Math.pow(2, c / 1200);
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
  /** A twin (VoiceSetup.twin): pcmR's own position and loop, read at the same increment. */
  private twin = false;
  private posB = 0;
  private loopStartB = 0;
  private loopEndB = 0;
  private loopMode = 0;
  private gLL = 0; private gLR = 0; private gRL = 0; private gRR = 0;
  private rv = 0;
  private dl = 0;
  private sr = 48000;
  /** Samples between cutoff updates (see render). */
  private modSpan = BLOCK;
  private readonly vol = new VolumeEnvelope();
  private readonly mod = new ModEnvelope();
  private filtered = false;
  private fc = 0;
  private modToFc = 0;
  /** Cutoff (cents) the coefficients were last designed for: NaN forces a design. */
  private cents = NaN;
  private q = 0.707;
  private readonly coefs = new SvfCoefs();
  private readonly stL = new SvfState();
  private readonly stR = new SvfState();
  /** Level tables of the PCM (./level), the loop's largest chunk level, and gain² into the dry mix. */
  private levL: SourceLevel = EMPTY_LEVEL;
  private levR: SourceLevel | null = null;
  private loopMs = 0;
  private levelGain = 0;
  /** Fading out (choked, or cut under the mix): no second cut. */
  private fading = false;

  /**
   * `gate`: samples from the start to the release; `gain` the instrument's level; `reverb` and
   * `delay` its sends. PCM is the zone's decoded sample (and its pair's). `modSpan`: BLOCK / 2 for
   * a half-rate voice.
   */
  init(v: VoiceSetup, pcm: Float32Array, pcmR: Float32Array | null, start: number, gate: number, group: number, gain: number, reverb: number, delay: number, sr: number, modSpan = BLOCK): void {
    this.start = start;
    this.modSpan = modSpan;
    this.gateEnd = start + Math.max(1, gate);
    this.group = group;
    this.sr = sr;
    this.released = false;
    this.ended = false;
    this.exclusive = v.exclusiveClass;
    this.pcmL = pcm;
    this.pcmR = pcmR;
    this.twin = pcmR !== null && v.twin !== undefined;
    const n = pcmR && !this.twin ? Math.min(pcm.length, pcmR.length) : pcm.length;
    // the interpolator reads [i, i+1]: the last readable position is n − 2 (plus a hair)
    const end = Math.min(n - 1, v.end > 0 ? v.end : n - 1 + v.end);
    this.last = Math.max(0, end - 1) - 1e-6;
    this.pos = Math.max(0, Math.min(this.last, v.start));
    this.inc = v.inc;
    this.loopStart = Math.max(0, v.loopStart);
    this.loopEnd = Math.min(n - 2, v.loopEnd);
    this.loopMode = v.loopMode;
    this.looping = (v.loopMode === 1 || v.loopMode === 3) && this.loopEnd - this.loopStart >= 4;
    if (this.twin && pcmR && v.twin) {
      this.loopStartB = Math.max(0, v.twin.loopStart);
      this.loopEndB = Math.min(pcmR.length - 2, v.twin.loopEnd);
      this.posB = Math.max(0, Math.min(this.loopEndB, v.twin.start));
    }
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
    const peak = Math.max(Math.abs(this.gLL) + Math.abs(this.gRL), Math.abs(this.gLR) + Math.abs(this.gRR), 2 * this.rv, this.dl);
    this.vol.start(v.vol, v.volSustainCb, peak);
    this.fading = false;
    this.levL = sourceLevel(pcm);
    this.levR = pcmR ? sourceLevel(pcmR) : null;
    const lsB = this.twin ? this.loopStartB : this.loopStart, leB = this.twin ? this.loopEndB : this.loopEnd;
    this.loopMs = this.looping ? Math.max(maxLevel(this.levL, this.loopStart, this.loopEnd), this.levR ? maxLevel(this.levR, lsB, leB) : 0) : 0;
    const sL = Math.abs(this.gLL) + Math.abs(this.gRL), sR = Math.abs(this.gLR) + Math.abs(this.gRR);
    this.levelGain = (sL * sL + sR * sR) / 2;
    this.modToFc = v.modEnvToFc;
    this.fc = v.filterFc;
    this.filtered = hzOfCents(v.filterFc + Math.min(0, v.modEnvToFc)) < Math.min(OPEN_HZ, 0.45 * sr);
    if (this.filtered) {
      this.mod.start(v.mod, v.modSustain);
      // resonance: centibels above the DC gain → the SVF's Q (0 cB ≈ Butterworth)
      this.q = Math.max(0.5, Math.pow(10, (v.filterQ / 10 - 3.01) / 20));
      this.coefs.hz = -1;
      this.cents = NaN;
      this.stL.reset();
      this.stR.reset();
      this.levelGain *= filterPeak(this.q);
    }
  }

  /**
   * True when everything the voice has left to play is under `floor` (mean square per channel in
   * the dry mix): from hold on its envelope only falls, and no chunk of the sample ahead (or of its
   * loop) is louder than the table says, so this bounds the rest of the voice.
   */
  inaudibleUnder(floor: number): boolean {
    const st = this.vol.stage;
    if (this.fading || st < ST_HOLD || st > ST_RELEASE) return false;
    const c = (this.pos / CHUNK) | 0;
    let m = this.levL.suffix[c];
    const cB = this.twin ? (this.posB / CHUNK) | 0 : c;
    if (this.levR && this.levR.suffix[cB] > m) m = this.levR.suffix[cB];
    if (this.loopMs > m && this.looping) m = this.loopMs;
    const g = this.vol.g1;
    return m * g * g * this.levelGain < floor;
  }

  /** The voice feeds the delay (keys and lead groups, delay presets). */
  get sendsDelay(): boolean {
    return this.dl > 0;
  }

  get done(): boolean {
    return this.ended || this.vol.stage === ST_DONE;
  }

  /** A new note of the same exclusive class (open/closed hat) has started: fade out fast. */
  choke(): void {
    this.fading = true;
    this.vol.choke((CHOKE_MS * this.sr) / 1000);
    this.mod.release();
    this.released = true;
  }

  /** Renders samples [from, BLOCK) of the block starting at b0 into the buses. */
  render(b0: number, from: number, b: Buses): void {
    const end = this.envelope(b0, from);
    if (end <= from) { this.ended = true; return; }
    if (!this.filtered) {
      // one loop reads, applies the envelope and adds into the buses (no scratch round trip)
      if (this.pcmR) this.readMixStereo(from, end, b); else this.readMixMono(from, end, b);
      return;
    }
    // the cutoff moves once per modSpan samples, on the full-rate block grid: at half rate that is
    // every half block, UP_K samples early (the upsampler's latency)
    const span = this.modSpan, phase = span === BLOCK ? 0 : UP_K;
    for (let k = ((from + phase) / span) | 0; k * span - phase < end; k++) {
      // the modulation envelope holds still through hold and sustain: no pow per block there
      const cents = this.fc + this.modToFc * this.mod.level;
      if (cents !== this.cents) {
        this.cents = cents;
        designSvf(this.coefs, hzOfCents(cents), this.q, this.sr);
      }
      const s = Math.max(from, k * span - phase), e = Math.min(end, (k + 1) * span - phase);
      if (this.twin) this.filterMixTwin(s, e, b);
      else if (this.pcmR) this.filterMixStereo(s, e, b); else this.filterMixMono(s, e, b);
      if (e === (k + 1) * span - phase || span === BLOCK) this.mod.advance(span);
    }
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

  /**
   * How many output samples [i, end) can be read before the position passes the loop end (then it
   * wraps) or the last readable sample (then the voice ends): 0 when the voice has ended.
   */
  private runLength(i: number, end: number): number {
    for (;;) {
      const limit = this.looping ? this.loopEnd : this.last;
      if (this.pos < limit) {
        const k = Math.ceil((limit - this.pos) / this.inc);
        return k > end - i ? end - i : k;
      }
      if (!this.looping) { this.ended = true; return 0; }
      this.pos -= this.loopEnd - this.loopStart;
    }
  }

  private readMixMono(from: number, end: number, b: Buses): void {
    const L = this.pcmL, inc = this.inc, gL = this.gLL, gR = this.gLR, rv = this.rv, dl = this.dl;
    const { dryL, dryR, rev, dly } = b;
    for (let i = from; i < end;) {
      const k = this.runLength(i, end);
      if (k === 0) break;
      let pos = this.pos;
      const stop = i + k;
      if (dl > 0) {
        for (; i < stop; i++) {
          const ip = pos | 0, l0 = L[ip];
          const v = (l0 + (pos - ip) * (L[ip + 1] - l0)) * env[i];
          dryL[i] += v * gL; dryR[i] += v * gR; rev[i] += v * rv; dly[i] += v * dl;
          pos += inc;
        }
      } else {
        for (; i < stop; i++) {
          const ip = pos | 0, l0 = L[ip];
          const v = (l0 + (pos - ip) * (L[ip + 1] - l0)) * env[i];
          dryL[i] += v * gL; dryR[i] += v * gR; rev[i] += v * rv;
          pos += inc;
        }
      }
      this.pos = pos;
    }
  }

  private readMixStereo(from: number, end: number, b: Buses): void {
    const L = this.pcmL, R = this.pcmR as Float32Array, inc = this.inc;
    const gLL = this.gLL, gLR = this.gLR, gRL = this.gRL, gRR = this.gRR, rv = 0.5 * this.rv, dl = 0.5 * this.dl;
    const { dryL, dryR, rev, dly } = b;
    for (let i = from; i < end;) {
      const k = this.runLength(i, end);
      if (k === 0) break;
      let pos = this.pos;
      const stop = i + k;
      for (; i < stop; i++) {
        const ip = pos | 0, fr = pos - ip, e = env[i];
        const l0 = L[ip], r0 = R[ip];
        const l = (l0 + fr * (L[ip + 1] - l0)) * e, r = (r0 + fr * (R[ip + 1] - r0)) * e;
        dryL[i] += l * gLL + r * gRL; dryR[i] += l * gLR + r * gRR; rev[i] += (l + r) * rv;
        pos += inc;
      }
      if (dl > 0) {
        // the delay send re-reads the block's span (rare: keys and lead only)
        let p2 = this.pos;
        for (let j = stop - k; j < stop; j++) {
          const ip = p2 | 0, fr = p2 - ip;
          dly[j] += (L[ip] + fr * (L[ip + 1] - L[ip]) + R[ip] + fr * (R[ip + 1] - R[ip])) * env[j] * dl;
          p2 += inc;
        }
      }
      this.pos = pos;
    }
  }

  /** readMixMono with the zone's low-pass between the read and the envelope, all in one loop. */
  private filterMixMono(from: number, end: number, b: Buses): void {
    const L = this.pcmL, inc = this.inc, gL = this.gLL, gR = this.gLR, rv = this.rv, dl = this.dl;
    const { dryL, dryR, rev, dly } = b;
    const { m11, m12, m21, m22, n1, n2 } = this.coefs;
    const st = this.stL;
    let a1 = st.ic1, a2 = st.ic2;
    for (let i = from; i < end;) {
      const k = this.runLength(i, end);
      if (k === 0) break;
      let pos = this.pos;
      const stop = i + k;
      if (dl > 0) {
        for (; i < stop; i++) {
          const ip = pos | 0, l0 = L[ip];
          const x = l0 + (pos - ip) * (L[ip + 1] - l0);
          const j1 = m11 * a1 + m12 * a2 + n1 * x, j2 = m21 * a1 + m22 * a2 + n2 * x;
          const v = 0.5 * (a2 + j2) * env[i];
          a1 = j1; a2 = j2;
          dryL[i] += v * gL; dryR[i] += v * gR; rev[i] += v * rv; dly[i] += v * dl;
          pos += inc;
        }
      } else {
        // the usual case (no delay send): one branch-free loop
        for (; i < stop; i++) {
          const ip = pos | 0, l0 = L[ip];
          const x = l0 + (pos - ip) * (L[ip + 1] - l0);
          const j1 = m11 * a1 + m12 * a2 + n1 * x, j2 = m21 * a1 + m22 * a2 + n2 * x;
          const v = 0.5 * (a2 + j2) * env[i];
          a1 = j1; a2 = j2;
          dryL[i] += v * gL; dryR[i] += v * gR; rev[i] += v * rv;
          pos += inc;
        }
      }
      this.pos = pos;
    }
    st.ic1 = a1; st.ic2 = a2;
  }

  // Each mix loop is written twice, with and without the delay send, rather than testing `dl` per
  // sample: these loops are most of a sampled render's time, and hoisting that test (with the pow
  // savings of d2f8774) made the 10-minute bench arrangement 1.16x faster, bit for bit the same.
  private filterMixStereo(from: number, end: number, b: Buses): void {
    const L = this.pcmL, R = this.pcmR as Float32Array, inc = this.inc;
    const gLL = this.gLL, gLR = this.gLR, gRL = this.gRL, gRR = this.gRR, rv = 0.5 * this.rv, dl = 0.5 * this.dl;
    const { dryL, dryR, rev, dly } = b;
    const { m11, m12, m21, m22, n1, n2 } = this.coefs;
    const sa = this.stL, sb = this.stR;
    let a1 = sa.ic1, a2 = sa.ic2, b1 = sb.ic1, b2 = sb.ic2;
    for (let i = from; i < end;) {
      const k = this.runLength(i, end);
      if (k === 0) break;
      let pos = this.pos;
      const stop = i + k;
      if (dl > 0) {
        for (; i < stop; i++) {
          const ip = pos | 0, fr = pos - ip;
          const l0 = L[ip], r0 = R[ip];
          const x = l0 + fr * (L[ip + 1] - l0), y = r0 + fr * (R[ip + 1] - r0);
          const ja1 = m11 * a1 + m12 * a2 + n1 * x, ja2 = m21 * a1 + m22 * a2 + n2 * x;
          const jb1 = m11 * b1 + m12 * b2 + n1 * y, jb2 = m21 * b1 + m22 * b2 + n2 * y;
          const e = 0.5 * env[i];
          const l = (a2 + ja2) * e, r = (b2 + jb2) * e;
          a1 = ja1; a2 = ja2; b1 = jb1; b2 = jb2;
          dryL[i] += l * gLL + r * gRL; dryR[i] += l * gLR + r * gRR; rev[i] += (l + r) * rv; dly[i] += (l + r) * dl;
          pos += inc;
        }
      } else {
        for (; i < stop; i++) {
          const ip = pos | 0, fr = pos - ip;
          const l0 = L[ip], r0 = R[ip];
          const x = l0 + fr * (L[ip + 1] - l0), y = r0 + fr * (R[ip + 1] - r0);
          const ja1 = m11 * a1 + m12 * a2 + n1 * x, ja2 = m21 * a1 + m22 * a2 + n2 * x;
          const jb1 = m11 * b1 + m12 * b2 + n1 * y, jb2 = m21 * b1 + m22 * b2 + n2 * y;
          const e = 0.5 * env[i];
          const l = (a2 + ja2) * e, r = (b2 + jb2) * e;
          a1 = ja1; a2 = ja2; b1 = jb1; b2 = jb2;
          dryL[i] += l * gLL + r * gRL; dryR[i] += l * gLR + r * gRR; rev[i] += (l + r) * rv;
          pos += inc;
        }
      }
      this.pos = pos;
    }
    sa.ic1 = a1; sa.ic2 = a2; sb.ic1 = b1; sb.ic2 = b2;
  }

  /**
   * A twin: two zones of one note (the bank's strings are left and right samples with loops of
   * their own) read at their own positions through one filter design, one envelope and one pass
   * over the buses. Only looping, filtered, delay-free zones are twinned (canTwin), so neither
   * position reaches a sample end and the voice ends with its envelope. Its loop is the stereo
   * loop's body with a second read position: the stereo loop keeps one shared index (its speed on
   * the piano), so the two are written out separately, as the other mix loops are.
   */
  private filterMixTwin(from: number, end: number, b: Buses): void {
    const L = this.pcmL, R = this.pcmR as Float32Array, inc = this.inc;
    const gLL = this.gLL, gLR = this.gLR, gRL = this.gRL, gRR = this.gRR, rv = this.rv;
    const { dryL, dryR, rev } = b;
    const { m11, m12, m21, m22, n1, n2 } = this.coefs;
    const sa = this.stL, sb = this.stR;
    let a1 = sa.ic1, a2 = sa.ic2, b1 = sb.ic1, b2 = sb.ic2;
    for (let i = from; i < end;) {
      if (this.pos >= this.loopEnd) { this.pos -= this.loopEnd - this.loopStart; continue; }
      if (this.posB >= this.loopEndB) { this.posB -= this.loopEndB - this.loopStartB; continue; }
      const kA = Math.ceil((this.loopEnd - this.pos) / inc), kB = Math.ceil((this.loopEndB - this.posB) / inc);
      const stop = Math.min(end, i + (kA < kB ? kA : kB));
      let p = this.pos, q = this.posB;
      for (; i < stop; i++) {
        const ip = p | 0, iq = q | 0;
        const l0 = L[ip], r0 = R[iq];
        const x = l0 + (p - ip) * (L[ip + 1] - l0), y = r0 + (q - iq) * (R[iq + 1] - r0);
        const ja1 = m11 * a1 + m12 * a2 + n1 * x, ja2 = m21 * a1 + m22 * a2 + n2 * x;
        const jb1 = m11 * b1 + m12 * b2 + n1 * y, jb2 = m21 * b1 + m22 * b2 + n2 * y;
        const e = 0.5 * env[i];
        const l = (a2 + ja2) * e, r = (b2 + jb2) * e;
        a1 = ja1; a2 = ja2; b1 = jb1; b2 = jb2;
        dryL[i] += l * gLL + r * gRL; dryR[i] += l * gLR + r * gRR; rev[i] += (l + r) * rv;
        p += inc; q += inc;
      }
      this.pos = p; this.posB = q;
    }
    sa.ic1 = a1; sa.ic2 = a2; sb.ic1 = b1; sb.ic2 = b2;
  }
}

/**
 * Two zones of one note that can play as a twin voice: mono, both looping for good (mode 1) on
 * loops the voice can use, low-passed (the twin loop filters), the same pitch, level, envelopes
 * and filter; only the samples, their positions and pans differ.
 */
export function canTwin(a: VoiceSetup, b: VoiceSetup, lenA: number, lenB: number, sr: number): boolean {
  if (a.sampleR >= 0 || b.sampleR >= 0 || a.loopMode !== 1 || b.loopMode !== 1 || a.exclusiveClass !== 0 || b.exclusiveClass !== 0) return false;
  if (a.inc !== b.inc || a.gain !== b.gain || a.filterFc !== b.filterFc || a.modEnvToFc !== b.modEnvToFc || a.filterQ !== b.filterQ) return false;
  if (a.volSustainCb !== b.volSustainCb || a.modSustain !== b.modSustain || !sameTimes(a.vol, b.vol) || !sameTimes(a.mod, b.mod)) return false;
  if (!(hzOfCents(a.filterFc + Math.min(0, a.modEnvToFc)) < Math.min(OPEN_HZ, 0.45 * sr))) return false;
  return loopUsable(a, lenA) && loopUsable(b, lenB);
}

const loopUsable = (s: VoiceSetup, len: number): boolean => s.loopStart >= 0 && s.loopEnd <= len - 2 && s.loopEnd - s.loopStart >= 4 && s.start < s.loopEnd;

function sameTimes(a: EnvTimes, b: EnvTimes): boolean {
  return a.delay === b.delay && a.attack === b.attack && a.hold === b.hold && a.decay === b.decay && a.release === b.release;
}
