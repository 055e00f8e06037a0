'use strict';
/**
 * Cuebed vs node-web-audio-api on the same note list, fairly: both engines warmed once, then
 * measured in alternating pairs (Cuebed, Web Audio, Cuebed, Web Audio…) over ≥ 3 rounds, the ratio
 * taken per pair, medians and ranges printed with the load average. Both sides carry a reverb of
 * the same shape: Cuebed's 8-line feedback delay network and, in the Web Audio graph, the same
 * 8-line FDN built from DelayNodes with a damping low-pass and a Householder feedback matrix
 * (the 2.2 s ConvolverNode the first bench used cost far more than Cuebed's reverb). The
 * persistent-voice mode renders every note too: one pool of voice slots per timbre (waveform and
 * filter type), enough slots that no note is stolen, each note set by automation.
 */
const os = require('os');
const webaudio = require('./webaudio');
const { median, range } = require('./cli');

/** Cuebed's reverb lines (src/synth/effects.ts LINE_MS), rt60 2.2 s, 18 ms pre-delay. */
const LINE_MS = [29.7, 37.1, 41.1, 43.7, 53.3, 59.9, 67.1, 73.3];

function fdn(ctx, sr, rt60 = 2.2) {
  const input = ctx.createDelay(0.1);
  input.delayTime.value = 0.018;
  const out = ctx.createChannelMerger(2);
  const sum = ctx.createGain();
  sum.gain.value = -2 / LINE_MS.length;
  LINE_MS.forEach((ms, k) => {
    const line = ctx.createDelay(0.2);
    line.delayTime.value = ms / 1000;
    const damp = ctx.createBiquadFilter();
    damp.type = 'lowpass'; damp.frequency.value = 6500; damp.Q.value = 0.5;
    const g = ctx.createGain();
    g.gain.value = Math.pow(10, (-3 * ms) / (1000 * rt60));
    input.connect(line);
    line.connect(damp); damp.connect(g);
    // Householder feedback: each line gets itself back, minus 2/N of the sum of all lines
    g.connect(line); g.connect(sum); sum.connect(line);
    g.connect(out, 0, k % 2);
  });
  return { input, out };
}

/** renderPerNote / renderPersistent of webaudio.js with the FDN in place of the convolver. */
async function renderPerNote(wa, layers, seconds, sr) {
  return webaudio.renderPerNote(wa, layers, seconds, sr, fdn);
}

async function renderPersistent(wa, layers, seconds, sr) {
  const ctx = new wa.OfflineAudioContext({ numberOfChannels: 2, length: Math.round(seconds * sr), sampleRate: sr });
  const bus = ctx.createDynamicsCompressor();
  bus.threshold.value = -18; bus.ratio.value = 2; bus.knee.value = 6;
  bus.connect(ctx.destination);
  const reverb = fdn(ctx, sr);
  reverb.out.connect(bus);
  const noise = webaudio.noiseBuffer(ctx, sr);
  const pools = new Map();
  const slotFor = (s, t0) => {
    const key = s.kind === 2 ? 'noise' : `${webaudio.oscType(s)}|${s.filter || 0}`;
    if (!pools.has(key)) pools.set(key, []);
    const pool = pools.get(key);
    let v = pool.find((x) => x.free <= t0);
    if (!v) {
      let src;
      if (s.kind === 2) { src = ctx.createBufferSource(); src.buffer = noise; src.loop = true; } else { src = ctx.createOscillator(); src.type = webaudio.oscType(s); }
      let head = src;
      let f = null;
      if (s.filter) { f = ctx.createBiquadFilter(); f.type = webaudio.filterType(s); head.connect(f); head = f; }
      const g = ctx.createGain(); g.gain.value = 0;
      const p = ctx.createStereoPanner();
      const send = ctx.createGain(); send.gain.value = 0;
      head.connect(g); g.connect(p); p.connect(bus); g.connect(send); send.connect(reverb.input);
      src.start(0);
      v = { src, f, g, p, send, free: 0 };
      pool.push(v);
    }
    return v;
  };
  for (const s of layers) {
    const t0 = s.start / sr;
    const v = slotFor(s, t0);
    if (s.kind !== 2) v.src.frequency.setValueAtTime(s.hz || 100, t0);
    if (v.f) { v.f.frequency.setValueAtTime(s.cutoff || 1000, t0); v.f.Q.setValueAtTime(s.q || 0.7, t0); }
    v.p.pan.setValueAtTime(s.pan, t0);
    v.send.gain.setValueAtTime(s.reverb > 0 ? s.reverb : 0, t0);
    webaudio.envelope(v.g.gain, s, t0, sr);
    v.free = t0 + (s.gate + 5 * s.releaseTau) / sr;
  }
  return ctx.startRendering();
}

/**
 * Paired, alternated rounds. `ours()` renders the piece with Cuebed (synchronously), the others
 * render it with Web Audio (wall time: its engine uses its own threads). Returns medians.
 */
async function benchWebAudioFair({ layers, seconds, sr, ours, log = console.log, rounds = 3 }) {
  const { wa, note } = webaudio.loadWebAudio({ log });
  if (!wa) {
    log(`  Web Audio comparison SKIPPED: ${note}`);
    return null;
  }
  const wall = (fn) => { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6; };
  const wallAsync = async (fn) => { const t = process.hrtime.bigint(); await fn(); return Number(process.hrtime.bigint() - t) / 1e6; };
  // one warm-up of each engine and mode, unmeasured
  const warmLayers = layers.filter((l) => l.start < 5 * sr);
  ours(); await renderPerNote(wa, warmLayers, 5, sr); await renderPersistent(wa, warmLayers, 5, sr);
  const r = { ours: [], perNote: [], persistent: [], perNoteRatio: [], persistentRatio: [], loads: [] };
  for (let i = 0; i < rounds; i++) {
    r.loads.push(os.loadavg()[0]);
    const a = wall(ours);
    const b = await wallAsync(() => renderPerNote(wa, layers, seconds, sr));
    const c = wall(ours);
    const d = await wallAsync(() => renderPersistent(wa, layers, seconds, sr));
    r.ours.push(a, c); r.perNote.push(b); r.persistent.push(d);
    r.perNoteRatio.push(b / a); r.persistentRatio.push(d / c);
  }
  const rt = (ms) => `${((seconds * 1000) / ms).toFixed(0)}×`;
  log(`  Cuebed (full chain)                       wall ${median(r.ours).toFixed(0).padStart(6)} ms (${range(r.ours)}) ${rt(median(r.ours))} realtime`);
  log(`  Web Audio, a graph per note (FDN reverb)   wall ${median(r.perNote).toFixed(0).padStart(6)} ms (${range(r.perNote)}) ${rt(median(r.perNote))}   → Cuebed ${median(r.perNoteRatio).toFixed(1)}× faster (${range(r.perNoteRatio, (v) => v.toFixed(1))}; goal ≥ 20×)`);
  log(`  Web Audio, persistent voices (same notes) wall ${median(r.persistent).toFixed(0).padStart(6)} ms (${range(r.persistent)}) ${rt(median(r.persistent))}   → Cuebed ${median(r.persistentRatio).toFixed(1)}× faster (${range(r.persistentRatio, (v) => v.toFixed(1))}; goal ≥ 2.5×)`);
  log(`  ${rounds} alternated pairs after one warm-up of each; load average ${range(r.loads, (v) => v.toFixed(2))}`);
  return r;
}

module.exports = { benchWebAudioFair, fdn, renderPerNote, renderPersistent };
