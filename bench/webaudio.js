'use strict';
/**
 * The same note events through node-web-audio-api's OfflineAudioContext with an equivalent graph:
 * per layer two detuned oscillators (or a noise buffer) → biquad → gain envelope → stereo panner
 * → master, plus a send to a ConvolverNode reverb (the nearest built-in to our FDN) and a
 * DynamicsCompressor on the bus. Two modes, as in DESIGN "Speed anchors": a graph per note
 * (what a Web Audio port would naturally do) and persistent voices (one graph per voice slot,
 * re-triggered by automation). The package is the bench's own (bench/peer, installed on demand):
 * see bench/peer/load.js.
 */
const { loadPeer } = require('./peer/load');

/** { wa, note }: node-web-audio-api, or null and why the comparison cannot run. */
function loadWebAudio(options) {
  return loadPeer(options);
}

const TYPES = { 0: 'sawtooth', 1: 'square' };

/** layers: LayerSpec-like objects from instruments.layersFor (start, hz, gain, pan, attack, decayTau, sustain, releaseTau, gate, filter, cutoff, q, kind, reverb). */
async function renderPerNote(wa, layers, seconds, sr, makeReverb = null) {
  const ctx = new wa.OfflineAudioContext({ numberOfChannels: 2, length: Math.round(seconds * sr), sampleRate: sr });
  const bus = ctx.createDynamicsCompressor();
  bus.threshold.value = -18; bus.ratio.value = 2; bus.knee.value = 6;
  bus.connect(ctx.destination);
  // a reverb factory (bench/fair.js: an FDN like Cuebed's) or the convolver of the first bench
  let reverb;
  if (makeReverb) {
    const r = makeReverb(ctx, sr);
    r.out.connect(bus);
    reverb = r.input;
  } else {
    reverb = ctx.createConvolver();
    reverb.buffer = impulse(ctx, 2.2, sr);
    reverb.connect(bus);
  }
  const noise = noiseBuffer(ctx, sr);
  for (const s of layers) {
    const t0 = s.start / sr;
    const env = ctx.createGain();
    envelope(env.gain, s, t0, sr);
    let src;
    if (s.kind === 2) {
      src = ctx.createBufferSource();
      src.buffer = noise; src.loop = true;
      src.start(t0);
      src.stop(t0 + (s.gate + 5 * s.releaseTau) / sr);
    } else {
      const o = ctx.createOscillator();
      o.type = oscType(s);
      o.frequency.value = s.hz;
      o.start(t0);
      o.stop(t0 + (s.gate + 5 * s.releaseTau) / sr);
      src = o;
    }
    let head = src;
    if (s.filter) {
      const f = ctx.createBiquadFilter();
      f.type = filterType(s);
      f.frequency.value = s.cutoff || 1000; f.Q.value = s.q || 0.7;
      head.connect(f); head = f;
    }
    head.connect(env);
    const pan = ctx.createStereoPanner();
    pan.pan.value = s.pan;
    env.connect(pan); pan.connect(bus);
    if (s.reverb > 0) { const send = ctx.createGain(); send.gain.value = s.reverb; env.connect(send); send.connect(reverb); }
  }
  return ctx.startRendering();
}

function oscType(s) {
  return s.kind === 3 || s.kind === 1 ? 'sine' : TYPES[s.wave || 0];
}

function filterType(s) {
  return s.filter === 1 ? 'lowpass' : s.filter === 2 ? 'bandpass' : 'highpass';
}

function envelope(param, s, t0, sr) {
  const a = Math.max(4, s.attack) / sr, g = s.gain;
  param.setValueAtTime(0, t0);
  param.linearRampToValueAtTime(g, t0 + a);
  param.setTargetAtTime(g * s.sustain, t0 + a, Math.max(1, s.decayTau) / sr);
  const rel = t0 + Math.max(a, s.gate / sr);
  param.setTargetAtTime(0, rel, Math.max(1, s.releaseTau) / sr);
}

function impulse(ctx, rt60, sr) {
  const n = Math.round(rt60 * sr);
  const b = ctx.createBuffer(2, n, sr);
  let seed = 1;
  for (let c = 0; c < 2; c++) {
    const d = b.getChannelData(c);
    for (let i = 0; i < n; i++) { seed = (seed * 1103515245 + 12345) >>> 0; d[i] = ((seed / 4294967296) * 2 - 1) * Math.pow(10, (-3 * i) / n) * 0.3; }
  }
  return b;
}

function noiseBuffer(ctx, sr) {
  const b = ctx.createBuffer(1, sr, sr);
  const d = b.getChannelData(0);
  let seed = 7;
  for (let i = 0; i < sr; i++) { seed = (seed * 1103515245 + 12345) >>> 0; d[i] = (seed / 4294967296) * 2 - 1; }
  return b;
}

/** Persistent voices: one oscillator pair → filter → gain → panner per voice slot, notes as automation. */
async function renderPersistent(wa, layers, seconds, sr, slots = 24) {
  const ctx = new wa.OfflineAudioContext({ numberOfChannels: 2, length: Math.round(seconds * sr), sampleRate: sr });
  const bus = ctx.createDynamicsCompressor();
  bus.connect(ctx.destination);
  const reverb = ctx.createConvolver();
  reverb.buffer = impulse(ctx, 2.2, sr);
  reverb.connect(bus);
  const voices = [];
  for (let k = 0; k < slots; k++) {
    const o = ctx.createOscillator(); o.type = 'sawtooth';
    const f = ctx.createBiquadFilter(); f.type = 'lowpass';
    const g = ctx.createGain(); g.gain.value = 0;
    const p = ctx.createStereoPanner();
    const send = ctx.createGain(); send.gain.value = 0.3;
    o.connect(f); f.connect(g); g.connect(p); p.connect(bus); g.connect(send); send.connect(reverb);
    o.start(0);
    voices.push({ o, f, g, p, free: 0 });
  }
  for (const s of layers) {
    const t0 = s.start / sr;
    let v = voices.find((x) => x.free <= t0) || voices.reduce((a, b) => (a.free < b.free ? a : b));
    v.o.frequency.setValueAtTime(s.hz || 100, t0);
    v.f.frequency.setValueAtTime(s.cutoff || 8000, t0);
    envelope(v.g.gain, s, t0, sr);
    v.free = t0 + (s.gate + 4 * s.releaseTau) / sr;
  }
  return ctx.startRendering();
}

module.exports = { loadWebAudio, renderPerNote, renderPersistent, envelope, noiseBuffer, oscType, filterType };
