/**
 * One sounding layer of a note (an instrument is one or more layers). Layers are pooled and
 * re-initialised, never allocated per note in the hot path; each renders a block into a scratch
 * buffer: oscillator → filter (coefficients per block) → envelope → equal-power pan → buses.
 */
import { BLOCK, FILTER_BP, FILTER_HP, FILTER_LP, FILTER_NONE, SINE, SINE_SCALE, SvfCoefs, SvfState, designSvf, runSvf, panGains } from './dsp';
import { ENV_DONE, Envelope } from './envelope';
import { Buses, KIND_FM, KIND_NOISE, KIND_OSC, KIND_SINE, LayerSpec } from './spec';

export { KIND_OSC, KIND_FM, KIND_NOISE, KIND_SINE } from './spec';
export type { LayerSpec, Buses } from './spec';

const TABLE_SIZE = SINE_SCALE;
const tmp = new Float64Array(BLOCK);
const env = new Float64Array(BLOCK);
/** chordEdges → chordFilter: each destination's line at i = 0 (dry L, dry R, send), then its slope per sample. */
const chordLine = new Float64Array(6);

/**
 * One saw's wraps in a block (phase p at sample 0, increment inc) as differences in d (three
 * destinations BLOCK apart, weights gL, gR, gV): at each wrap the naive ramp steps down by 2 from
 * the sample after it, which also takes the PolyBLEP residual (1 − x)², and the sample before it
 * takes −x² (x: the phase after the wrap over inc, as in the per-sample loops). Returns the phase
 * at the next block's first sample.
 */
export function sawEdges(d: Float64Array, p: number, inc: number, gL: number, gR: number, gV: number): number {
  const B = BLOCK, B2 = 2 * BLOCK, inv = 1 / inc;
  // a wrap just before the block (or a note's first sample): this sample is after it
  if (p < inc) {
    const x = p * inv, c = (1 - x) * (1 - x);
    d[0] += c * gL; d[B] += c * gR; d[B2] += c * gV;
    d[1] -= c * gL; d[B + 1] -= c * gR; d[B2 + 1] -= c * gV;
  }
  let q = p, m = 0;
  for (;;) {
    // samples from m (phase q) to the first one past the wrap
    let n = Math.ceil((1 - q) * inv);
    if (n > 1 && q + (n - 1) * inc >= 1) n--;
    else if (q + n * inc < 1) n++;
    const w = m + n;
    if (w > B) return q + (B - m) * inc;
    const pw = q + n * inc - 1, x = pw * inv;
    // the sample before the wrap: v −= x²
    const c0 = x * x, k = w - 1;
    d[k] -= c0 * gL; d[k + B] -= c0 * gR; d[k + B2] -= c0 * gV;
    if (k + 1 < B) { d[k + 1] += c0 * gL; d[k + 1 + B] += c0 * gR; d[k + 1 + B2] += c0 * gV; }
    if (w === B) return pw;
    // from the sample after it the ramp is 2 lower; that sample also takes (1 − x)²
    const c1 = (1 - x) * (1 - x);
    d[w] += c1 * gL - 2 * gL; d[w + B] += c1 * gR - 2 * gR; d[w + B2] += c1 * gV - 2 * gV;
    if (w + 1 < B) { d[w + 1] -= c1 * gL; d[w + 1 + B] -= c1 * gR; d[w + 1 + B2] -= c1 * gV; }
    q = pw;
    m = w;
  }
}

/**
 * sawEdges for one voice's oscillator into one destination (d[0..BLOCK), weight 1), a saw or,
 * with `square`, a square (falling at phase 0, as the saw's wrap; rising at ½: a step of +2 and
 * the same residuals negated, as square() computes them). Returns the next block's first phase.
 */
export function monoEdges(d: Float64Array, p: number, inc: number, square: boolean): number {
  const B = BLOCK, inv = 1 / inc;
  // a sample just after an edge (or a note's first sample) at the block's start
  if (p < inc) {
    const x = p * inv, c = (1 - x) * (1 - x);
    d[0] += c; d[1] -= c;
  } else if (square && p >= 0.5 && p < 0.5 + inc) {
    const x = (p - 0.5) * inv, c = (1 - x) * (1 - x);
    d[0] -= c; d[1] += c;
  }
  let q = p, m = 0;
  for (;;) {
    const edge = square && q < 0.5 ? 0.5 : 1;
    let n = Math.ceil((edge - q) * inv);
    if (n > 1 && q + (n - 1) * inc >= edge) n--;
    else if (q + n * inc < edge) n++;
    const w = m + n;
    if (w > B) return q + (B - m) * inc;
    const pw = q + n * inc - edge, x = pw * inv;
    // falling (the wrap): residuals as the saw's, step −2; rising: negated, step +2
    const sign = edge === 1 ? 1 : -1;
    const c0 = sign * x * x, k = w - 1;
    d[k] -= c0;
    if (k + 1 < B) d[k + 1] += c0;
    const next = edge === 1 ? pw : 0.5 + pw;
    if (w === B) return next;
    const c1 = sign * (1 - x) * (1 - x);
    d[w] += c1 - 2 * sign;
    if (w + 1 < B) d[w + 1] -= c1;
    q = next;
    m = w;
  }
}

/** Most voices one chord layer takes (a voicing rarely has more). */
const CHORD_MAX = 8;

/**
 * Whether a spec could share its envelope and filter with others (the pad/drone shape of
 * fusedSaw2): two detuned saws low-passed, no sub, no vibrato, no delay send.
 */
function chordable(s: LayerSpec): boolean {
  return s.kind === KIND_OSC && (s.filter ?? FILTER_NONE) === FILTER_LP && (s.wave ?? 0) === 0 && (s.sub ?? 0) === 0 &&
    s.delay === 0 && (s.detune ?? 0) > 0 && (s.vibDepth ?? 0) === 0;
}

export class Layer {
  kind = 0;
  start = 0;
  group = 0;
  private sr = 48000;
  private gL = 0; private gR = 0; private rv = 0; private dl = 0;
  private wave = 0; private p1 = 0; private p2 = 0; private p3 = 0;
  private inc = 0; private detune = 0; private sub = 0;
  private vibDepth = 0; private vibInc = 0; private vibPhase = 0;
  private sweep = 0; private sweepK = 1;
  /** sweepK^BLOCK, the fused loops' per-block step (a Math.pow per voice per block otherwise). */
  private sweepKBlock = 1;
  private drive = 0;
  private fmIndex = 0; private fmDecay = 1; private tine = 0; private tineDecay = 1;
  private rng = 1;
  private filter = 0; private cutoff = 1000; private q = 0.7;
  private fEnv = 0; private fEnvLevel = 0; private fEnvDecay = 1; private fTrack = 0;
  /** Set at init: the layer renders through fusedSaw2 whenever its envelope is a line (pads). */
  saw2 = false;
  /** Set at init: the layer renders through fusedSquare2 whenever its envelope is a line (plucks, lead). */
  sq2 = false;
  /** squareBlock → the fused square loops: the block's oscillator line. */
  private sqA0 = 0;
  private sqSlope = 0;
  readonly amp = new Envelope();
  private readonly coefs = new SvfCoefs();
  private readonly state = new SvfState();
  /**
   * Chord voices sharing this layer's envelope and filter (absorb): each adds its oscillators,
   * weighted by its own pan and send gains, into three sums (dry L, dry R, reverb send) that go
   * through three filters instead of one filter per voice. The SVF is linear and the voices'
   * coefficient and envelope trajectories are identical, so this is the same sound to rounding.
   */
  private readonly members: Layer[] = [];
  private readonly stateR = new SvfState();
  private readonly stateV = new SvfState();
  private spec: LayerSpec | null = null;

  init(s: LayerSpec, group: number, sampleRate: number): void {
    this.kind = s.kind;
    this.start = s.start;
    this.group = group;
    this.sr = sampleRate;
    const [l, r] = panGains(s.pan);
    this.gL = l * s.gain; this.gR = r * s.gain;
    this.rv = s.reverb * s.gain * Math.SQRT1_2; this.dl = s.delay;
    this.wave = s.wave ?? 0;
    this.p1 = 0; this.p2 = 0.37; this.p3 = 0;
    this.inc = s.hz / sampleRate;
    this.detune = s.detune ?? 0;
    this.sub = s.sub ?? 0;
    this.vibDepth = s.vibDepth ?? 0;
    this.vibInc = ((s.vibRate ?? 5) * BLOCK) / sampleRate;
    this.vibPhase = 0;
    this.sweep = (s.sweepFrom ?? 1) - 1;
    this.sweepK = Math.exp(-1 / Math.max(1, s.sweepTau ?? 1));
    this.sweepKBlock = Math.pow(this.sweepK, BLOCK);
    this.drive = s.drive ?? 0;
    this.fmIndex = s.fmIndex ?? 0;
    this.fmDecay = Math.exp(-1 / Math.max(1, s.fmTau ?? 1));
    // The tine sits 7× above the note: above Nyquist it would only alias.
    this.tine = 7 * s.hz < 0.5 * sampleRate ? s.tine ?? 0 : 0;
    this.tineDecay = Math.exp(-1 / (0.05 * sampleRate));
    this.rng = (s.seed ?? 1) | 0 || 1;
    this.filter = s.filter ?? FILTER_NONE;
    this.cutoff = s.cutoff ?? 1000;
    this.q = s.q ?? 0.707;
    this.fEnv = s.fEnv ?? 0;
    this.fEnvLevel = 1;
    this.fEnvDecay = Math.exp(-BLOCK / Math.max(1, s.fTau ?? 1));
    this.fTrack = s.fTrack ?? 0;
    this.state.reset();
    this.stateR.reset();
    this.stateV.reset();
    this.members.length = 0;
    this.spec = chordable(s) ? s : null;
    this.amp.start(s);
    this.saw2 = this.kind === KIND_OSC && this.filter === FILTER_LP && this.wave === 0 && this.sub === 0 && this.dl === 0 && this.detune > 0 && this.vibDepth === 0;
    this.sq2 = this.kind === KIND_OSC && this.filter === FILTER_LP && this.wave === 1 && this.sub === 0 && this.detune > 0;
  }

  get done(): boolean {
    return this.amp.stage === ENV_DONE;
  }

  /**
   * Takes `o` (just initialised from `s`, same group, same rate) into this layer's chord when
   * their envelopes and filters would run identically: same start, envelope and filter
   * parameters (pitch, detune, level, pan and send may differ). The caller then renders only
   * this layer and hands `o` back to the pool with `releaseMembers`.
   */
  absorb(o: Layer, s: LayerSpec): boolean {
    const a = this.spec;
    if (a === null || o.spec === null || o.group !== this.group || this.members.length >= CHORD_MAX - 1 || this.sr !== o.sr) return false;
    if (s.start !== a.start || s.attack !== a.attack || s.attackPower !== a.attackPower || s.decayTau !== a.decayTau || s.sustain !== a.sustain ||
      s.releaseTau !== a.releaseTau || s.gate !== a.gate || s.cutoff !== a.cutoff || s.q !== a.q || s.fEnv !== a.fEnv || s.fTau !== a.fTau ||
      s.fTrack !== a.fTrack) return false;
    this.members.push(o);
    this.saw2 = false;
    return true;
  }

  /** Hands this layer's chord voices to `pool` (once it is done). */
  releaseMembers(pool: Layer[]): void {
    for (const m of this.members) pool.push(m);
    this.members.length = 0;
  }

  /** Renders samples [from, BLOCK) of the current block into the buses. */
  render(from: number, b: Buses): void {
    if (this.members.length > 0) {
      this.renderChord(from, b);
      return;
    }
    if (from === 0) {
      const kind = this.kind;
      if (kind === KIND_OSC) {
        if (this.filter === FILTER_LP && this.amp.linearBlock(BLOCK)) { this.fusedOsc(b); return; }
      } else if (kind === KIND_SINE) {
        if (this.filter === FILTER_NONE && this.dl === 0 && this.amp.linearBlock(BLOCK)) { this.fusedSine(b); return; }
      } else if (kind === KIND_NOISE) {
        if (this.filter !== FILTER_NONE && this.dl === 0 && this.amp.linearBlock(BLOCK)) { this.fusedNoise(b); return; }
      }
    }
    const end = this.amp.render(env, from, BLOCK);
    if (this.kind === KIND_OSC) this.osc(from, end);
    else if (this.kind === KIND_FM) this.fm(from, end);
    else if (this.kind === KIND_NOISE) this.noise(from, end);
    else this.sine(from, end);
    if (this.filter !== FILTER_NONE) {
      designSvf(this.coefs, this.cutoffHz(), this.q, this.sr);
      runSvf(this.coefs, this.state, tmp, from, end, this.filter);
    }
    const gL = this.gL, gR = this.gR, rv = this.rv, dl = this.dl;
    const { dryL, dryR, rev } = b;
    const x = tmp, e = env;
    if (rv > 0) {
      for (let i = from; i < end; i++) {
        const v = x[i] * e[i];
        dryL[i] += v * gL; dryR[i] += v * gR; rev[i] += v * rv;
      }
    } else {
      for (let i = from; i < end; i++) {
        const v = x[i] * e[i];
        dryL[i] += v * gL; dryR[i] += v * gR;
      }
    }
    if (dl > 0) {
      const dly = b.dly, dm = dl * 0.5 * (gL + gR);
      for (let i = from; i < end; i++) dly[i] += x[i] * e[i] * dm;
    }
  }

  /**
   * Renders this layer's block (both it and `o` started before it, both saw2), and `o`'s too
   * when both envelopes are lines: then the two pads share one loop, bit for bit what two
   * fusedSaw2 calls in turn would add, while their filter chains overlap. Returns false when only
   * this layer was rendered (the caller renders `o` on its own).
   */
  renderPair(o: Layer, b: Buses): boolean {
    if (!this.amp.linearBlock(BLOCK)) {
      this.render(0, b);
      return false;
    }
    if (!o.amp.linearBlock(BLOCK)) {
      this.fusedSaw2(b);
      return false;
    }
    this.fusedSaw2Pair(o, b);
    return true;
  }

  /**
   * This block's cutoff: the base times 2^filterOctaves, as exp(oct·ln 2), 18 ns a call where
   * Math.pow(2, oct) took 57 (once per filtered voice per block, ~1.2 million times in the
   * bench's 10 minutes).
   */
  private cutoffHz(): number {
    const oct = this.filterOctaves();
    return oct === 0 ? this.cutoff : this.cutoff * Math.exp(oct * Math.LN2);
  }

  private filterOctaves(): number {
    const oct = this.fEnv * this.fEnvLevel + this.fTrack * this.amp.level;
    this.fEnvLevel *= this.fEnvDecay;
    return oct > 8 ? 8 : oct;
  }

  /**
   * A chord layer's block: every voice's two saws into the three sums, then one filter per sum
   * and the shared envelope. Four pads held for the bench's 119M pad voice-samples: 4.65 ns a
   * voice-sample this way against 5.36 as two fusedSaw2Pair calls (638 → 557 ms, measured alone).
   */
  private renderChord(from: number, b: Buses): void {
    if (from === 0 && this.amp.linearBlock(BLOCK)) {
      this.chordEdges(b.chord);
      designSvf(this.coefs, this.cutoffHz(), this.q, this.sr);
      this.chordFilter(b);
      return;
    }
    const end = this.amp.render(env, from, BLOCK);
    // voices two per loop (this one and the first member, then the next two, …)
    const members = this.members;
    // the oscillators summed per destination (dry L, dry R, reverb send) before the shared filters
    const x = b.chord;
    this.chordSawsPair(members[0], x, from, end, true);
    let k = 1;
    for (; k + 1 < members.length; k += 2) members[k].chordSawsPair(members[k + 1], x, from, end, false);
    if (k < members.length) members[k].chordSaws(x, from, end, false);
    designSvf(this.coefs, this.cutoffHz(), this.q, this.sr);
    this.chordFilterEnv(b, from, end);
  }

  /**
   * A whole block of the chord's saws, without a per-sample oscillator loop: within a block each
   * saw's naive ramp 2p − 1 is a line, so the sum of all of them per destination is one line
   * (chordA + chordS·i) plus, at each wrap, a step of −2 and the two PolyBLEP residuals, which
   * go into d (per destination, as differences: chordFilter sums them up as it runs, and leaves
   * d zero again). The same samples as chordSawsPair to rounding (phases as p₀ + i·inc instead
   * of a running sum; the mix moves by < −150 dB). Four pads: 3.15 ns a voice-sample against
   * 4.4 with chordSawsPair (measured alone); the bench's pads-only render 1.87–1.95 → 1.69–1.73 s.
   */
  private chordEdges(d: Float64Array): void {
    let aL = 0, aR = 0, aV = 0, sL = 0, sR = 0, sV = 0;
    const members = this.members;
    for (let k = -1; k < members.length; k++) {
      const v = k < 0 ? this : members[k];
      const inc = v.inc * (1 + v.sweep);
      v.sweep *= v.sweepKBlock;
      const inc2 = inc * v.detune;
      const gL = v.gL, gR = v.gR, rv = v.rv;
      const a = 2 * (v.p1 + v.p2) - 2, sl = 2 * (inc + inc2);
      aL += gL * a; aR += gR * a; aV += rv * a;
      sL += gL * sl; sR += gR * sl; sV += rv * sl;
      v.p1 = sawEdges(d, v.p1, inc, gL, gR, rv);
      v.p2 = sawEdges(d, v.p2, inc2, gL, gR, rv);
    }
    chordLine[0] = aL; chordLine[1] = aR; chordLine[2] = aV;
    chordLine[3] = sL; chordLine[4] = sR; chordLine[5] = sV;
  }

  /**
   * The chord's sums through their filters and the envelope line into the buses (a whole block).
   * Its own method, apart from the onset/release path below: with both in renderChord, TurboFan's
   * code for this loop came out fast or ~2× slow from run to run (pads alone 1.84–1.95 s or
   * 2.31–2.55 s, bimodal with the heap's layout); split, 1.87–1.95 s in every run.
   */
  private chordFilter(b: Buses): void {
    const c = this.coefs, d = b.chord;
    const { m11, m12, m21, m22, n1, n2 } = c;
    const aL = chordLine[0], aR = chordLine[1], aV = chordLine[2], kL = chordLine[3], kR = chordLine[4], kV = chordLine[5];
    let dL = 0, dR = 0, dV = 0;
    const sL = this.state, sR = this.stateR, sV = this.stateV;
    let l1 = sL.ic1, l2 = sL.ic2, r1 = sR.ic1, r2 = sR.ic2, v1 = sV.ic1, v2 = sV.ic2;
    // the LP output is 0.5·(ic2 + j2): the 0.5 goes into the envelope line (the filter states
    // must stay at the general path's scale, which a block may switch to or from)
    const step = 0.5 * this.amp.step;
    let e = 0.5 * this.amp.l0;
    const o = b.all, R = BLOCK, V = 2 * BLOCK;
    for (let i = 0; i < BLOCK; i++) {
      dL += d[i]; dR += d[i + R]; dV += d[i + V];
      d[i] = 0; d[i + R] = 0; d[i + V] = 0;
      const xl = aL + kL * i + dL, xr = aR + kR * i + dR, xv = aV + kV * i + dV;
      const lj1 = m11 * l1 + m12 * l2 + n1 * xl, lj2 = m21 * l1 + m22 * l2 + n2 * xl;
      const rj1 = m11 * r1 + m12 * r2 + n1 * xr, rj2 = m21 * r1 + m22 * r2 + n2 * xr;
      const vj1 = m11 * v1 + m12 * v2 + n1 * xv, vj2 = m21 * v1 + m22 * v2 + n2 * xv;
      e += step;
      o[i] += (l2 + lj2) * e; o[i + R] += (r2 + rj2) * e; o[i + V] += (v2 + vj2) * e;
      l1 = lj1; l2 = lj2; r1 = rj1; r2 = rj2; v1 = vj1; v2 = vj2;
    }
    sL.ic1 = l1; sL.ic2 = l2; sR.ic1 = r1; sR.ic2 = r2; sV.ic1 = v1; sV.ic2 = v2;
  }

  /** chordFilter over [from, end) with the envelope rendered into `env` (onsets, gate, release). */
  private chordFilterEnv(b: Buses, from: number, end: number): void {
    const c = this.coefs;
    const { dryL, dryR, rev, chordL, chordR, chordV } = b;
    runSvf(c, this.state, chordL, from, end, FILTER_LP);
    runSvf(c, this.stateR, chordR, from, end, FILTER_LP);
    runSvf(c, this.stateV, chordV, from, end, FILTER_LP);
    for (let i = from; i < end; i++) {
      const e = env[i];
      dryL[i] += chordL[i] * e; dryR[i] += chordR[i] * e; rev[i] += chordV[i] * e;
    }
    // chordEdges expects it zero
    b.chord.fill(0);
  }

  /**
   * chordSaws for this voice and `o` in one loop: the sums are read and written once for both
   * and the four phase chains overlap (four pads: 4.4 ns a voice-sample against 4.65 one voice per loop).
   */
  private chordSawsPair(o: Layer, x: Float64Array, from: number, to: number, first: boolean): void {
    const ainc = this.inc * (1 + this.sweep), binc = o.inc * (1 + o.sweep);
    this.sweep *= to - from === BLOCK ? this.sweepKBlock : Math.pow(this.sweepK, to - from);
    o.sweep *= to - from === BLOCK ? o.sweepKBlock : Math.pow(o.sweepK, to - from);
    const ainc2 = ainc * this.detune, binc2 = binc * o.detune;
    const ainv1 = 1 / ainc, ainv2 = 1 / ainc2, ah1 = 1 - ainc, ah2 = 1 - ainc2;
    const binv1 = 1 / binc, binv2 = 1 / binc2, bh1 = 1 - binc, bh2 = 1 - binc2;
    const agL = this.gL, agR = this.gR, arv = this.rv, bgL = o.gL, bgR = o.gR, brv = o.rv;
    const R = BLOCK, V = 2 * BLOCK;
    let ap1 = this.p1, ap2 = this.p2, bp1 = o.p1, bp2 = o.p2;
    for (let i = from; i < to; i++) {
      let av = 2 * (ap1 + ap2) - 2;
      if (ap1 < ainc) { const y = ap1 * ainv1; av -= y + y - y * y - 1; } else if (ap1 > ah1) { const y = (ap1 - 1) * ainv1; av -= y * y + y + y + 1; }
      if (ap2 < ainc2) { const y = ap2 * ainv2; av -= y + y - y * y - 1; } else if (ap2 > ah2) { const y = (ap2 - 1) * ainv2; av -= y * y + y + y + 1; }
      ap1 += ainc; if (ap1 >= 1) ap1 -= 1;
      ap2 += ainc2; if (ap2 >= 1) ap2 -= 1;
      let bv = 2 * (bp1 + bp2) - 2;
      if (bp1 < binc) { const y = bp1 * binv1; bv -= y + y - y * y - 1; } else if (bp1 > bh1) { const y = (bp1 - 1) * binv1; bv -= y * y + y + y + 1; }
      if (bp2 < binc2) { const y = bp2 * binv2; bv -= y + y - y * y - 1; } else if (bp2 > bh2) { const y = (bp2 - 1) * binv2; bv -= y * y + y + y + 1; }
      bp1 += binc; if (bp1 >= 1) bp1 -= 1;
      bp2 += binc2; if (bp2 >= 1) bp2 -= 1;
      const l = av * agL + bv * bgL, r = av * agR + bv * bgR, v = av * arv + bv * brv;
      if (first) { x[i] = l; x[i + R] = r; x[i + V] = v; } else { x[i] += l; x[i + R] += r; x[i + V] += v; }
    }
    this.p1 = ap1; this.p2 = ap2; o.p1 = bp1; o.p2 = bp2;
  }

  /** This voice's two detuned saws over [from, to), times its gains, into (first) or onto the chord sums. */
  private chordSaws(x: Float64Array, from: number, to: number, first: boolean): void {
    const inc = this.inc * (1 + this.sweep);
    this.sweep *= to - from === BLOCK ? this.sweepKBlock : Math.pow(this.sweepK, to - from);
    const inc2 = inc * this.detune;
    const inv1 = 1 / inc, inv2 = 1 / inc2, h1 = 1 - inc, h2 = 1 - inc2;
    const gL = this.gL, gR = this.gR, rv = this.rv;
    const R = BLOCK, V = 2 * BLOCK;
    let p1 = this.p1, p2 = this.p2;
    if (first) {
      for (let i = from; i < to; i++) {
        let v = 2 * (p1 + p2) - 2;
        if (p1 < inc) { const y = p1 * inv1; v -= y + y - y * y - 1; } else if (p1 > h1) { const y = (p1 - 1) * inv1; v -= y * y + y + y + 1; }
        if (p2 < inc2) { const y = p2 * inv2; v -= y + y - y * y - 1; } else if (p2 > h2) { const y = (p2 - 1) * inv2; v -= y * y + y + y + 1; }
        p1 += inc; if (p1 >= 1) p1 -= 1;
        p2 += inc2; if (p2 >= 1) p2 -= 1;
        x[i] = v * gL; x[i + R] = v * gR; x[i + V] = v * rv;
      }
    } else {
      for (let i = from; i < to; i++) {
        let v = 2 * (p1 + p2) - 2;
        if (p1 < inc) { const y = p1 * inv1; v -= y + y - y * y - 1; } else if (p1 > h1) { const y = (p1 - 1) * inv1; v -= y * y + y + y + 1; }
        if (p2 < inc2) { const y = p2 * inv2; v -= y + y - y * y - 1; } else if (p2 > h2) { const y = (p2 - 1) * inv2; v -= y * y + y + y + 1; }
        p1 += inc; if (p1 >= 1) p1 -= 1;
        p2 += inc2; if (p2 >= 1) p2 -= 1;
        x[i] += v * gL; x[i + R] += v * gR; x[i + V] += v * rv;
      }
    }
    this.p1 = p1; this.p2 = p2;
  }

  /**
   * The common steady case (sustained saw voice, low-pass, slow envelope) in one loop with no
   * scratch buffers: same oscillator, filter and pan as the general path, the envelope as a line.
   */
  private fusedOsc(b: Buses): void {
    if (this.wave === 0 && this.sub === 0 && this.dl === 0 && this.detune > 0 && this.vibDepth === 0) {
      this.fusedSaw2(b);
      return;
    }
    if (this.wave === 1 && this.sub === 0 && this.detune > 0) {
      this.fusedSquare2(b);
      return;
    }
    const B = BLOCK;
    const c = this.coefs;
    designSvf(c, this.cutoffHz(), this.q, this.sr);
    const { m11, m12, m21, m22, n1, n2 } = c;
    let ic1 = this.state.ic1, ic2 = this.state.ic2;
    let inc = this.inc * (1 + this.sweep);
    this.sweep *= this.sweepKBlock;
    if (this.vibDepth > 0) {
      this.vibPhase += this.vibInc;
      if (this.vibPhase >= 1) this.vibPhase -= 1;
      inc *= 1 + this.vibDepth * SINE[(this.vibPhase * TABLE_SIZE) | 0];
    }
    const inc2 = inc * this.detune;
    const inv1 = 1 / inc, inv2 = inc2 > 0 ? 1 / inc2 : 0;
    const square = this.wave === 1;
    const sub = this.sub, incSub = inc * 0.5, T = SINE;
    const gL = this.gL, gR = this.gR, rv = this.rv, dl = this.dl;
    const l0 = this.amp.l0, step = this.amp.step;
    const o = b.all, R = BLOCK, V = 2 * BLOCK, D = 3 * BLOCK;
    const dm = dl * 0.5 * (gL + gR);
    let p1 = this.p1, p2 = this.p2, p3 = this.p3;
    for (let i = 0; i < B; i++) {
      let v = saw(p1, inc, inv1);
      if (square) v -= saw(p1 < 0.5 ? p1 + 0.5 : p1 - 0.5, inc, inv1);
      p1 += inc; if (p1 >= 1) p1 -= 1;
      if (inc2 > 0) {
        v += saw(p2, inc2, inv2);
        p2 += inc2; if (p2 >= 1) p2 -= 1;
      }
      if (sub > 0) {
        const x = p3 * TABLE_SIZE, k = x | 0;
        v += sub * (T[k] + (T[k + 1] - T[k]) * (x - k));
        p3 += incSub; if (p3 >= 1) p3 -= 1;
      }
      const j1 = m11 * ic1 + m12 * ic2 + n1 * v;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * v;
      const w = 0.5 * (ic2 + j2) * (l0 + step * (i + 1));
      ic1 = j1; ic2 = j2;
      o[i] += w * gL; o[i + R] += w * gR; o[i + V] += w * rv;
      if (dl > 0) o[i + D] += w * dm;
    }
    this.p1 = p1; this.p2 = p2; this.p3 = p3;
    this.state.ic1 = ic1; this.state.ic2 = ic2;
  }

  /**
   * fusedOsc specialised for the pad/drone case (two detuned saws, no sub, no delay send): no
   * per-sample branches on voice options, the PolyBLEP residuals inline.
   */
  private fusedSaw2(b: Buses): void {
    const c = this.coefs;
    designSvf(c, this.cutoffHz(), this.q, this.sr);
    const { m11, m12, m21, m22, n1, n2 } = c;
    let ic1 = this.state.ic1, ic2 = this.state.ic2;
    const inc = this.inc * (1 + this.sweep);
    this.sweep *= this.sweepKBlock;
    const inc2 = inc * this.detune;
    const inv1 = 1 / inc, inv2 = 1 / inc2, h1 = 1 - inc, h2 = 1 - inc2;
    // the LP output is 0.5·(ic2 + j2); fold the 0.5 and the pan/send gains together
    const gL = 0.5 * this.gL, gR = 0.5 * this.gR, rv = 0.5 * this.rv;
    const step = this.amp.step;
    let e = this.amp.l0;
    const o = b.all, R = BLOCK, V = 2 * BLOCK;
    let p1 = this.p1, p2 = this.p2;
    for (let i = 0; i < BLOCK; i++) {
      let v = 2 * (p1 + p2) - 2;
      if (p1 < inc) { const x = p1 * inv1; v -= x + x - x * x - 1; } else if (p1 > h1) { const x = (p1 - 1) * inv1; v -= x * x + x + x + 1; }
      if (p2 < inc2) { const x = p2 * inv2; v -= x + x - x * x - 1; } else if (p2 > h2) { const x = (p2 - 1) * inv2; v -= x * x + x + x + 1; }
      p1 += inc; if (p1 >= 1) p1 -= 1;
      p2 += inc2; if (p2 >= 1) p2 -= 1;
      const j1 = m11 * ic1 + m12 * ic2 + n1 * v;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * v;
      e += step;
      const w = (ic2 + j2) * e;
      ic1 = j1; ic2 = j2;
      o[i] += w * gL; o[i + R] += w * gR; o[i + V] += w * rv;
    }
    this.p1 = p1; this.p2 = p2;
    this.state.ic1 = ic1; this.state.ic2 = ic2;
  }

  /** fusedSaw2 for this layer and `o` in one loop; each bus sample gets this layer's value, then o's. */
  private fusedSaw2Pair(o: Layer, bus: Buses): void {
    const c = this.coefs, oc = o.coefs;
    designSvf(c, this.cutoffHz(), this.q, this.sr);
    designSvf(oc, o.cutoffHz(), o.q, o.sr);
    const am11 = c.m11, am12 = c.m12, am21 = c.m21, am22 = c.m22, an1 = c.n1, an2 = c.n2;
    const bm11 = oc.m11, bm12 = oc.m12, bm21 = oc.m21, bm22 = oc.m22, bn1 = oc.n1, bn2 = oc.n2;
    let aic1 = this.state.ic1, aic2 = this.state.ic2, bic1 = o.state.ic1, bic2 = o.state.ic2;
    const ainc = this.inc * (1 + this.sweep), binc = o.inc * (1 + o.sweep);
    this.sweep *= this.sweepKBlock;
    o.sweep *= o.sweepKBlock;
    const ainc2 = ainc * this.detune, binc2 = binc * o.detune;
    const ainv1 = 1 / ainc, ainv2 = 1 / ainc2, ah1 = 1 - ainc, ah2 = 1 - ainc2;
    const binv1 = 1 / binc, binv2 = 1 / binc2, bh1 = 1 - binc, bh2 = 1 - binc2;
    const agL = 0.5 * this.gL, agR = 0.5 * this.gR, arv = 0.5 * this.rv;
    const bgL = 0.5 * o.gL, bgR = 0.5 * o.gR, brv = 0.5 * o.rv;
    const astep = this.amp.step, bstep = o.amp.step;
    let ae = this.amp.l0, be = o.amp.l0;
    const out = bus.all, R = BLOCK, V = 2 * BLOCK;
    let ap1 = this.p1, ap2 = this.p2, bp1 = o.p1, bp2 = o.p2;
    for (let i = 0; i < BLOCK; i++) {
      let av = 2 * (ap1 + ap2) - 2;
      if (ap1 < ainc) { const x = ap1 * ainv1; av -= x + x - x * x - 1; } else if (ap1 > ah1) { const x = (ap1 - 1) * ainv1; av -= x * x + x + x + 1; }
      if (ap2 < ainc2) { const x = ap2 * ainv2; av -= x + x - x * x - 1; } else if (ap2 > ah2) { const x = (ap2 - 1) * ainv2; av -= x * x + x + x + 1; }
      ap1 += ainc; if (ap1 >= 1) ap1 -= 1;
      ap2 += ainc2; if (ap2 >= 1) ap2 -= 1;
      let bv = 2 * (bp1 + bp2) - 2;
      if (bp1 < binc) { const x = bp1 * binv1; bv -= x + x - x * x - 1; } else if (bp1 > bh1) { const x = (bp1 - 1) * binv1; bv -= x * x + x + x + 1; }
      if (bp2 < binc2) { const x = bp2 * binv2; bv -= x + x - x * x - 1; } else if (bp2 > bh2) { const x = (bp2 - 1) * binv2; bv -= x * x + x + x + 1; }
      bp1 += binc; if (bp1 >= 1) bp1 -= 1;
      bp2 += binc2; if (bp2 >= 1) bp2 -= 1;
      const aj1 = am11 * aic1 + am12 * aic2 + an1 * av;
      const aj2 = am21 * aic1 + am22 * aic2 + an2 * av;
      const bj1 = bm11 * bic1 + bm12 * bic2 + bn1 * bv;
      const bj2 = bm21 * bic1 + bm22 * bic2 + bn2 * bv;
      ae += astep; be += bstep;
      const aw = (aic2 + aj2) * ae, bw = (bic2 + bj2) * be;
      aic1 = aj1; aic2 = aj2; bic1 = bj1; bic2 = bj2;
      out[i] = out[i] + aw * agL + bw * bgL;
      out[i + R] = out[i + R] + aw * agR + bw * bgR;
      out[i + V] = out[i + V] + aw * arv + bw * brv;
    }
    this.p1 = ap1; this.p2 = ap2; o.p1 = bp1; o.p2 = bp2;
    this.state.ic1 = aic1; this.state.ic2 = aic2; o.state.ic1 = bic1; o.state.ic2 = bic2;
  }

  /**
   * fusedOsc specialised for the pluck and lead case (a PolyBLEP square plus a detuned saw, delay
   * send, no sub; the lead's vibrato is per block). The lead through here instead of fusedOsc's
   * general loop: ~220 → ~120 ms over the bench's 10 minutes. A square is saw(p) − saw(p + ½): −1 below the half cycle, +1 above, with the
   * two saws' residuals at its falling edge (p = 0) and its rising edge (p = ½).
   */
  private fusedSquare2(b: Buses): void {
    const d = b.chord;
    this.squareBlock(d);
    const { m11, m12, m21, m22, n1, n2 } = this.coefs;
    let ic1 = this.state.ic1, ic2 = this.state.ic2;
    const gL = 0.5 * this.gL, gR = 0.5 * this.gR, rv = 0.5 * this.rv, dm = 0.25 * this.dl * (this.gL + this.gR);
    const step = this.amp.step;
    let e = this.amp.l0;
    const o = b.all, R = BLOCK, V = 2 * BLOCK, D = 3 * BLOCK;
    const a0 = this.sqA0, slope = this.sqSlope;
    let acc = 0;
    for (let i = 0; i < BLOCK; i++) {
      acc += d[i];
      d[i] = 0;
      const v = a0 + slope * i + acc;
      const j1 = m11 * ic1 + m12 * ic2 + n1 * v;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * v;
      e += step;
      const w = (ic2 + j2) * e;
      ic1 = j1; ic2 = j2;
      o[i] += w * gL; o[i + R] += w * gR; o[i + V] += w * rv; o[i + D] += w * dm;
    }
    this.state.ic1 = ic1; this.state.ic2 = ic2;
  }

  /**
   * fusedSquare2's per-block part: the filter, the pitch (sweep, vibrato) and the oscillators as a
   * line (sqA0 + sqSlope·i) plus their edges in d (as the chords' saws, chordEdges: the naive
   * square is ±1 between its edges and the saw a ramp; steps and PolyBLEP residuals go into d as
   * differences, which the loop sums up and leaves zero). Measured alone, plucks 6.8–8.1 → 5.7 ns
   * a sample this way, the lead 7.45 → 5.8–6.7.
   */
  private squareBlock(d: Float64Array): void {
    designSvf(this.coefs, this.cutoffHz(), this.q, this.sr);
    let inc = this.inc * (1 + this.sweep);
    this.sweep *= this.sweepKBlock;
    if (this.vibDepth > 0) {
      // vibrato moves the pitch once per block, as in fusedOsc
      this.vibPhase += this.vibInc;
      if (this.vibPhase >= 1) this.vibPhase -= 1;
      inc *= 1 + this.vibDepth * SINE[(this.vibPhase * TABLE_SIZE) | 0];
    }
    const inc2 = inc * this.detune;
    const p1 = this.p1, p2 = this.p2;
    this.sqA0 = (p1 < 0.5 ? -1 : 1) + 2 * p2 - 1;
    this.sqSlope = 2 * inc2;
    this.p1 = monoEdges(d, p1, inc, true);
    this.p2 = monoEdges(d, p2, inc2, false);
  }

  /**
   * renderPair for two square voices (plucks, lead; sq2): when both blocks are steady, one loop
   * runs both filters (two independent chains) and adds both into the buses, this layer's value
   * then o's, as two fusedSquare2 calls would (two plucks alone: 5.1–5.3 → 4.6–4.8 ns a
   * voice-sample; about half the bench's steady pluck/lead blocks find a neighbour).
   */
  renderSquarePair(o: Layer, b: Buses): boolean {
    if (!this.amp.linearBlock(BLOCK)) {
      this.render(0, b);
      return false;
    }
    if (!o.amp.linearBlock(BLOCK)) {
      this.fusedSquare2(b);
      return false;
    }
    this.fusedSquare2Pair(o, b);
    return true;
  }

  private fusedSquare2Pair(o: Layer, b: Buses): void {
    const da = b.chordL, db = b.chordR;
    this.squareBlock(da);
    o.squareBlock(db);
    const c = this.coefs, oc = o.coefs;
    const am11 = c.m11, am12 = c.m12, am21 = c.m21, am22 = c.m22, an1 = c.n1, an2 = c.n2;
    const bm11 = oc.m11, bm12 = oc.m12, bm21 = oc.m21, bm22 = oc.m22, bn1 = oc.n1, bn2 = oc.n2;
    let a1 = this.state.ic1, a2 = this.state.ic2, b1 = o.state.ic1, b2 = o.state.ic2;
    const agL = 0.5 * this.gL, agR = 0.5 * this.gR, arv = 0.5 * this.rv, adm = 0.25 * this.dl * (this.gL + this.gR);
    const bgL = 0.5 * o.gL, bgR = 0.5 * o.gR, brv = 0.5 * o.rv, bdm = 0.25 * o.dl * (o.gL + o.gR);
    const astep = this.amp.step, bstep = o.amp.step;
    let ae = this.amp.l0, be = o.amp.l0;
    const aa0 = this.sqA0, aslope = this.sqSlope, ba0 = o.sqA0, bslope = o.sqSlope;
    const out = b.all, R = BLOCK, V = 2 * BLOCK, D = 3 * BLOCK;
    let aacc = 0, bacc = 0;
    for (let i = 0; i < BLOCK; i++) {
      aacc += da[i]; bacc += db[i];
      da[i] = 0; db[i] = 0;
      const av = aa0 + aslope * i + aacc, bv = ba0 + bslope * i + bacc;
      const aj1 = am11 * a1 + am12 * a2 + an1 * av;
      const aj2 = am21 * a1 + am22 * a2 + an2 * av;
      const bj1 = bm11 * b1 + bm12 * b2 + bn1 * bv;
      const bj2 = bm21 * b1 + bm22 * b2 + bn2 * bv;
      ae += astep; be += bstep;
      const aw = (a2 + aj2) * ae, bw = (b2 + bj2) * be;
      a1 = aj1; a2 = aj2; b1 = bj1; b2 = bj2;
      out[i] = out[i] + aw * agL + bw * bgL;
      out[i + R] = out[i + R] + aw * agR + bw * bgR;
      out[i + V] = out[i + V] + aw * arv + bw * brv;
      out[i + D] = out[i + D] + aw * adm + bw * bdm;
    }
    this.state.ic1 = a1; this.state.ic2 = a2; o.state.ic1 = b1; o.state.ic2 = b2;
  }


  /**
   * The sine voice (sub-bass, kick, toms, the bodies of snare and impact) in one loop with its
   * envelope as a line, as fusedOsc does for the oscillators: no scratch buffers, one division
   * for the saturation instead of two (measured on the bench's 10 minutes: the sine layers'
   * share of Layer.render fell from ~300 to ~130 ms).
   */
  private fusedSine(b: Buses): void {
    if (this.sweep === 0 && this.drive > 0 && this.rv === 0) {
      this.fusedSubBass(b);
      return;
    }
    const base = this.inc, k = this.sweepK, drive = this.drive, up = 1 + drive;
    const T = SINE;
    const gL = this.gL, gR = this.gR, rv = this.rv, step = this.amp.step;
    let e = this.amp.l0, sw = this.sweep, p = this.p1;
    const o = b.all, R = BLOCK, V = 2 * BLOCK;
    if (sw === 0) {
      // no pitch sweep (sub-bass): a fixed increment, at most one wrap per sample
      for (let i = 0; i < BLOCK; i++) {
        const x = p * TABLE_SIZE, j = x | 0;
        let v = T[j] + (T[j + 1] - T[j]) * (x - j);
        // d / (1 + |d|) · (1 + drive) / drive with d = v · drive
        if (drive > 0) v = (v * up) / (1 + (v < 0 ? -v : v) * drive);
        p += base; if (p >= 1) p -= 1;
        e += step;
        const w = v * e;
        o[i] += w * gL; o[i + R] += w * gR;
        if (rv > 0) o[i + V] += w * rv;
      }
    } else {
      for (let i = 0; i < BLOCK; i++) {
        const x = p * TABLE_SIZE, j = x | 0;
        let v = T[j] + (T[j + 1] - T[j]) * (x - j);
        if (drive > 0) v = (v * up) / (1 + (v < 0 ? -v : v) * drive);
        p += base * (1 + sw);
        p -= p >= 1 ? Math.floor(p) : 0;
        sw *= k;
        e += step;
        const w = v * e;
        o[i] += w * gL; o[i + R] += w * gR;
        if (rv > 0) o[i + V] += w * rv;
      }
    }
    this.p1 = p; this.sweep = sw;
  }

  /**
   * fusedSine for the sub-bass (no sweep, saturated, no send) without the per-sample option
   * tests: 4.9–5.2 → 4.2–4.5 ns a sample alone. Its own method: as a branch of fusedSine, 1 run
   * in 4 came out at 10.8 ns (TurboFan's code for the bigger function).
   */
  private fusedSubBass(b: Buses): void {
    const base = this.inc, drive = this.drive, up = 1 + drive;
    const T = SINE;
    const gL = this.gL, gR = this.gR, step = this.amp.step;
    let e = this.amp.l0, p = this.p1;
    const o = b.all, R = BLOCK;
    for (let i = 0; i < BLOCK; i++) {
      const x = p * TABLE_SIZE, j = x | 0;
      const s = T[j] + (T[j + 1] - T[j]) * (x - j);
      const v = (s * up) / (1 + (s < 0 ? -s : s) * drive);
      p += base; if (p >= 1) p -= 1;
      e += step;
      const w = v * e;
      o[i] += w * gL; o[i + R] += w * gR;
    }
    this.p1 = p;
  }

  /**
   * Filtered noise (hats, shakers, the snare's and impact's noise) in one loop with its envelope
   * as a line: the SVF output as cx·x + cb·band + cl·low covers low-, band- and high-pass.
   */
  private fusedNoise(b: Buses): void {
    const c = this.coefs;
    designSvf(c, this.cutoffHz(), this.q, this.sr);
    const { m11, m12, m21, m22, n1, n2, k } = c;
    const mode = this.filter;
    // runSvf's outputs: low 0.5·(ic2 + j2), band 0.5·k·(ic1 + j1), high x − band − low
    const cx = mode === FILTER_HP ? 1 : 0;
    const cb = mode === FILTER_BP ? 0.5 * k : mode === FILTER_HP ? -0.5 * k : 0;
    const cl = mode === FILTER_LP ? 0.5 : mode === FILTER_HP ? -0.5 : 0;
    let ic1 = this.state.ic1, ic2 = this.state.ic2;
    const gL = this.gL, gR = this.gR, rv = this.rv, step = this.amp.step;
    let e = this.amp.l0, s = this.rng;
    const o = b.all, R = BLOCK, V = 2 * BLOCK;
    for (let i = 0; i < BLOCK; i++) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      const x = s * 4.656612873077393e-10;
      const j1 = m11 * ic1 + m12 * ic2 + n1 * x;
      const j2 = m21 * ic1 + m22 * ic2 + n2 * x;
      const y = cx * x + cb * (ic1 + j1) + cl * (ic2 + j2);
      ic1 = j1; ic2 = j2;
      e += step;
      const w = y * e;
      o[i] += w * gL; o[i + R] += w * gR;
      if (rv > 0) o[i + V] += w * rv;
    }
    this.rng = s;
    this.state.ic1 = ic1; this.state.ic2 = ic2;
  }

  /** Two PolyBLEP saws/squares (detuned) plus an optional sine sub. */
  private osc(from: number, to: number): void {
    let inc = this.inc * (1 + this.sweep);
    this.sweep *= Math.pow(this.sweepK, to - from);
    if (this.vibDepth > 0) {
      this.vibPhase += this.vibInc;
      if (this.vibPhase >= 1) this.vibPhase -= 1;
      inc *= 1 + this.vibDepth * SINE[(this.vibPhase * TABLE_SIZE) | 0];
    }
    const inc2 = inc * this.detune;
    const inv1 = 1 / inc, inv2 = inc2 > 0 ? 1 / inc2 : 0;
    const square = this.wave === 1;
    const sub = this.sub, incSub = inc * 0.5;
    const T = SINE, out = tmp;
    let p1 = this.p1, p2 = this.p2, p3 = this.p3;
    for (let i = from; i < to; i++) {
      let v = saw(p1, inc, inv1);
      if (square) v -= saw(p1 < 0.5 ? p1 + 0.5 : p1 - 0.5, inc, inv1);
      p1 += inc; if (p1 >= 1) p1 -= 1;
      if (inc2 > 0) {
        v += saw(p2, inc2, inv2);
        p2 += inc2; if (p2 >= 1) p2 -= 1;
      }
      if (sub > 0) {
        const x = p3 * TABLE_SIZE, k = x | 0;
        v += sub * (T[k] + (T[k + 1] - T[k]) * (x - k));
        p3 += incSub; if (p3 >= 1) p3 -= 1;
      }
      out[i] = v;
    }
    this.p1 = p1; this.p2 = p2; this.p3 = p3;
  }

  /** Two-operator FM (electric piano): the index decays, a high tine partial adds the bark. */
  private fm(from: number, to: number): void {
    // phase steps wrapped to one cycle: the tine of a note above a seventh of the rate stepped
    // more than a whole cycle per sample and its phase ran off the sine table (NaN at 16 kHz)
    const inc = this.inc % 1, incT = (this.inc * 7) % 1;
    const T = SINE, out = tmp;
    let pc = this.p1, pm = this.p2, pt = this.p3;
    let index = this.fmIndex, tine = this.tine;
    const kd = this.fmDecay, td = this.tineDecay;
    for (let i = from; i < to; i++) {
      let x = pm * TABLE_SIZE, k = x | 0;
      const m = T[k] + (T[k + 1] - T[k]) * (x - k);
      let ph = pc + index * m * 0.159;
      ph -= Math.floor(ph);
      x = ph * TABLE_SIZE; k = x | 0;
      let v = T[k] + (T[k + 1] - T[k]) * (x - k);
      x = pt * TABLE_SIZE; k = x | 0;
      v += tine * (T[k] + (T[k + 1] - T[k]) * (x - k));
      out[i] = v;
      pc += inc; if (pc >= 1) pc -= 1;
      pm += inc; if (pm >= 1) pm -= 1;
      pt += incT; if (pt >= 1) pt -= 1;
      index *= kd; tine *= td;
    }
    this.p1 = pc; this.p2 = pm; this.p3 = pt;
    this.fmIndex = index; this.tine = tine;
  }

  /** White noise from a per-layer xorshift32, seeded from the note's identity. */
  private noise(from: number, to: number): void {
    let s = this.rng;
    const out = tmp;
    for (let i = from; i < to; i++) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      out[i] = s * 4.656612873077393e-10;
    }
    this.rng = s;
  }

  /** Sine with an exponential pitch sweep (kick, tom, boom) and optional soft saturation. */
  private sine(from: number, to: number): void {
    const base = this.inc, k = this.sweepK, drive = this.drive;
    const T = SINE, out = tmp;
    let sw = this.sweep, p = this.p1;
    for (let i = from; i < to; i++) {
      const x = p * TABLE_SIZE, j = x | 0;
      let v = T[j] + (T[j + 1] - T[j]) * (x - j);
      if (drive > 0) {
        const d = v * drive;
        v = (d / (1 + (d < 0 ? -d : d))) * (1 + drive) / drive;
      }
      out[i] = v;
      p += base * (1 + sw);
      p -= p >= 1 ? Math.floor(p) : 0;
      sw *= k;
    }
    this.p1 = p; this.sweep = sw;
  }
}

/** Naive saw minus the PolyBLEP residual at the wrap: band-limited enough at these pitches. */
function saw(t: number, dt: number, invDt: number): number {
  let v = 2 * t - 1;
  if (t < dt) {
    const x = t * invDt;
    v -= x + x - x * x - 1;
  } else if (t > 1 - dt) {
    const x = (t - 1) * invDt;
    v -= x * x + x + x + 1;
  }
  return v;
}
