/**
 * Send effects, one block per call. The reverb is an 8-line feedback delay network with a
 * Householder mix (one sum per sample instead of a matrix), per-line damping and RT60-derived
 * gains; fully deterministic. The delay is a short ping-pong with fixed times, so it never has to
 * follow the tempo map.
 */
import { BLOCK } from './dsp';

const LINE_MS = [29.7, 37.1, 41.1, 43.7, 53.3, 59.9, 67.1, 73.3];
const N = 8;

export class Reverb {
  private readonly buf: Float64Array;
  private readonly offs = new Int32Array(N);
  private readonly lens = new Int32Array(N);
  private readonly gains = new Float64Array(N);
  private readonly damp = new Float64Array(N);
  private readonly ptr = new Int32Array(N);
  private readonly pre: Float64Array;
  private prePos = 0;
  private readonly preLen: number;
  private lpL = 0;
  private readonly lpC: number;
  private readonly dampC: number;
  private quiet = true;
  private silentBlocks = 0;
  private readonly quietAfter: number;

  constructor(sampleRate: number, rt60 = 2.2, preDelayMs = 18) {
    let total = 0;
    for (let i = 0; i < N; i++) {
      this.lens[i] = Math.round((LINE_MS[i] * sampleRate) / 1000);
      this.offs[i] = total;
      total += this.lens[i];
      this.gains[i] = Math.pow(10, (-3 * this.lens[i]) / (rt60 * sampleRate));
    }
    this.buf = new Float64Array(total);
    this.preLen = Math.max(1, Math.round((preDelayMs * sampleRate) / 1000));
    this.pre = new Float64Array(this.preLen);
    this.lpC = 1 - Math.exp((-2 * Math.PI * 5000) / sampleRate);
    this.dampC = 1 - Math.exp((-2 * Math.PI * 6500) / sampleRate);
    this.quietAfter = Math.ceil((total / N + this.preLen * 2) / BLOCK) * 4;
  }

  /** Writes the stereo wet return of the mono send into outL/outR. */
  process(input: Float64Array, outL: Float64Array, outR: Float64Array): void {
    const B = BLOCK;
    let inputEnergy = 0;
    for (let i = 0; i < B; i++) inputEnergy += input[i] * input[i];
    if (this.quiet && inputEnergy === 0) {
      outL.fill(0); outR.fill(0);
      return;
    }
    const buf = this.buf, offs = this.offs, lens = this.lens, gains = this.gains, damp = this.damp, ptr = this.ptr;
    const pre = this.pre, preLen = this.preLen;
    const lpC = this.lpC, dC = this.dampC;
    let prePos = this.prePos, lpL = this.lpL;
    let energy = 0;
    for (let i = 0; i < B; i++) {
      // pre-delay, then a gentle low-pass so the tail is not brighter than the source
      const d = pre[prePos];
      pre[prePos] = input[i];
      if (++prePos === preLen) prePos = 0;
      lpL += (d - lpL) * lpC;
      let sum = 0;
      let oL = 0, oR = 0;
      for (let k = 0; k < N; k++) {
        const y = buf[offs[k] + ptr[k]];
        damp[k] += (y - damp[k]) * dC;
        sum += damp[k];
        if (k & 1) oR += y; else oL += y;
      }
      const h = sum * (2 / N);
      for (let k = 0; k < N; k++) {
        // sign pattern decorrelates the lines fed by the one mono input
        const w = (damp[k] - h) * gains[k] + (k & 2 ? -0.5 : 0.5) * (k & 4 ? lpL : -lpL);
        buf[offs[k] + ptr[k]] = w;
        energy += w * w;
        if (++ptr[k] === lens[k]) ptr[k] = 0;
      }
      outL[i] = oL * 0.35;
      outR[i] = oR * 0.35;
      energy += oL * oL + oR * oR;
    }
    // Stop spending time (and avoid denormals) once the tail has died out: every line has been
    // read and written several times over with nothing above ~−180 dB.
    this.silentBlocks = inputEnergy === 0 && energy < 1e-18 ? this.silentBlocks + 1 : 0;
    this.quiet = this.silentBlocks > this.quietAfter;
    if (this.quiet) {
      buf.fill(0); pre.fill(0); damp.fill(0);
      lpL = 0;
    }
    this.prePos = prePos; this.lpL = lpL;
  }
}

/** Ping-pong delay: left and right times differ so repeats spread without following the tempo. */
export class PingPong {
  private readonly l: Float64Array;
  private readonly r: Float64Array;
  private readonly lenL: number;
  private readonly lenR: number;
  private pL = 0;
  private pR = 0;
  private lp = 0;
  private readonly lpC: number;
  private quiet = true;
  private silentBlocks = 0;
  private readonly quietAfter: number;

  get isQuiet(): boolean {
    return this.quiet;
  }

  constructor(sampleRate: number, leftMs = 290, rightMs = 370, private readonly feedback = 0.32) {
    this.lenL = Math.round((leftMs * sampleRate) / 1000);
    this.lenR = Math.round((rightMs * sampleRate) / 1000);
    this.l = new Float64Array(this.lenL);
    this.r = new Float64Array(this.lenR);
    this.lpC = 1 - Math.exp((-2 * Math.PI * 3500) / sampleRate);
    this.quietAfter = Math.ceil(Math.max(this.lenL, this.lenR) / BLOCK) * 4;
  }

  /** Adds the wet signal into outL/outR (accumulates). */
  process(inL: Float64Array, inR: Float64Array, outL: Float64Array, outR: Float64Array): void {
    const B = BLOCK;
    let inputEnergy = 0;
    for (let i = 0; i < B; i++) inputEnergy += inL[i] * inL[i] + inR[i] * inR[i];
    if (this.quiet && inputEnergy === 0) return;
    const l = this.l, r = this.r, fb = this.feedback, c = this.lpC;
    let pL = this.pL, pR = this.pR, lp = this.lp, energy = 0;
    for (let i = 0; i < B; i++) {
      const yl = l[pL], yr = r[pR];
      lp += (yr - lp) * c;
      // cross-feedback: left repeats come back on the right and vice versa
      l[pL] = (inL[i] + inR[i]) * 0.5 + lp * fb;
      r[pR] = yl * fb;
      if (++pL === this.lenL) pL = 0;
      if (++pR === this.lenR) pR = 0;
      outL[i] += yl;
      outR[i] += yr;
      energy += yl * yl + yr * yr;
    }
    this.silentBlocks = inputEnergy === 0 && energy < 1e-18 ? this.silentBlocks + 1 : 0;
    this.quiet = this.silentBlocks > this.quietAfter;
    if (this.quiet) { l.fill(0); r.fill(0); lp = 0; }
    this.pL = pL; this.pR = pR; this.lp = lp;
  }
}
