'use strict';
/**
 * A synthetic dense arrangement for benchmarks: ~16 concurrent sustained voices counting release
 * tails (4-note pads, bass, keys, lead, drone, plucks), a 4/4 percussion groove at 120 bpm and a stinger every 8 s.
 */
function denseArrangement(seconds, sampleRate) {
  const sr = sampleRate;
  const N = Math.round(seconds * sr);
  const beat = Math.round(sr / 2);
  const events = [];
  const chord = [[57, 60, 64, 67], [53, 57, 60, 64], [55, 59, 62, 65], [52, 55, 59, 62]];
  for (let bar = 0; bar * 4 * beat < N; bar++) {
    const t = bar * 4 * beat;
    const c = chord[bar % 4];
    const len = 4 * beat;
    c.forEach((m, i) => events.push(ev('pads', 'pad', t, len, m, 0.6, (i - 1.5) / 2, 0.5)));
    events.push(ev('bass', 'sub-bass', t, len - 100, c[0] - 24, 0.8, 0, 0.3));
    events.push(ev('textures', 'drone', t, len, c[0] - 12, 0.5, 0, 0.3));
    for (let b = 0; b < 4; b++) {
      const s = t + b * beat;
      events.push(ev('keys', 'keys', s, beat, c[b % 4] + 12, 0.6, 0.3, 0.5));
      events.push(ev('keys', 'pluck', s + beat / 2, beat / 2, c[(b + 2) % 4] + 12, 0.5, -0.3, 0.6));
      events.push(ev('lead', 'lead', s, beat, c[(b + 1) % 4] + 24, 0.5, 0.1, 0.5));
      events.push(ev('percussion', b % 2 ? 'snare' : 'kick', s, beat / 2, 36, 0.9, 0, 0.5));
      events.push(ev('percussion', 'hat-closed', s + beat / 2, beat / 4, 42, 0.6, 0.4, 0.6));
      events.push(ev('percussion', 'shaker', s + beat / 4, beat / 4, 42, 0.4, -0.4, 0.6));
    }
    if (bar % 4 === 3) {
      const hit = t + 4 * beat;
      events.push(Object.assign(ev('stingers', 'riser', hit - 2 * beat, 2 * beat + sr, 60, 0.8, 0, 0.7), { hit }));
      events.push(Object.assign(ev('stingers', 'impact', hit - 10, sr * 2, 36, 0.9, 0, 0.7), { hit }));
    }
  }
  events.sort((a, b) => a.start - b.start);
  return {
    sampleRate: sr, lengthSamples: N, events: events.filter((e) => e.start < N),
    duck: [{ sample: 0, gainDb: 0 }, { sample: Math.round(N / 3), gainDb: 0 }, { sample: Math.round(N / 3) + sr / 4, gainDb: -12 }, { sample: Math.round(N / 2), gainDb: -12 }, { sample: Math.round(N / 2) + sr / 4, gainDb: 0 }],
    fadeInSamples: Math.round(sr / 2), fadeOutSamples: sr * 2,
  };
}

function ev(group, instrument, start, length, midi, velocity, pan, brightness) {
  return { group, instrument, start, length, midi, velocity, pan, brightness };
}

/** Shots of 62–174 frames at 25 fps (2.5–7 s, from a seeded LCG) filling `seconds`, as host clips. */
function syntheticShots(seconds, seed, ticksPerSecond) {
  const tpf = ticksPerSecond / 25;
  const frames = Math.round(seconds * 25);
  const clips = [];
  for (let f = 0, k = 0; f < frames; k++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const len = Math.min(frames - f, 62 + (seed % 113));
    clips.push({ name: `shot ${k}`, start: f * tpf, end: (f + len) * tpf, enabled: true, coverage: 'opaque', mediaPath: `/media/${k}.mov` });
    f += len;
  }
  return clips;
}

/**
 * A real arrangement of any length: a synthetic edit (cuts every 2.5–7 s, deterministic) through
 * the planner and the arranger from dist/, as `cuebed score` would produce it.
 */
function longArrangement(seconds, sampleRate) {
  const path = require('path');
  const dist = path.resolve(__dirname, '..', 'dist');
  const { buildTimeline } = require(path.join(dist, 'timeline', 'build'));
  const { TICKS_PER_SECOND } = require(path.join(dist, 'time', 'ticks'));
  const { planScore } = require(path.join(dist, 'plan'));
  const { arrange } = require(path.join(dist, 'music'));
  const clips = syntheticShots(seconds, 12345, TICKS_PER_SECOND);
  const seq = {
    source: 'bench', name: `bench ${seconds} s`, frameRate: { num: 25, den: 1 }, audioSampleRate: sampleRate,
    tracks: [{ kind: 'video', index: 1, name: 'V1', enabled: true, clips }], markers: [], warnings: [],
  };
  const plan = planScore(buildTimeline(seq), { brief: 'bright, forward-moving background music', seed: 1, sampleRate, stingers: 'scenes' });
  return arrange(plan);
}

/** Node file I/O for streamScore: a float spill file and outputs written to .tmp then renamed. */
function fileIo(dir) {
  const fs = require('fs');
  const path = require('path');
  return {
    openSpill(tracks) {
      const file = path.join(dir, 'spill.f32');
      const fd = fs.openSync(file, 'w+');
      const chunk = 4096;
      const buf = new Float32Array(tracks * chunk);
      const bytes = new Uint8Array(buf.buffer);
      return {
        write(offset, n, t) {
          for (let k = 0; k < tracks; k++) buf.set(t[k].subarray(0, n), k * chunk);
          fs.writeSync(fd, bytes, 0, bytes.length, (offset / chunk) * bytes.length);
        },
        read(offset, n, t) {
          fs.readSync(fd, bytes, 0, bytes.length, (offset / chunk) * bytes.length);
          for (let k = 0; k < tracks; k++) t[k].set(buf.subarray(k * chunk, k * chunk + n));
        },
        dispose() { fs.closeSync(fd); fs.rmSync(file, { force: true }); },
      };
    },
    openOutput(name) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file + '.tmp', 'w');
      return {
        write(b) { fs.writeSync(fd, b); },
        close() { fs.closeSync(fd); fs.renameSync(file + '.tmp', file); },
      };
    },
  };
}

module.exports = { denseArrangement, longArrangement, syntheticShots, fileIo };
