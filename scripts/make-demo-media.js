#!/usr/bin/env node
'use strict';
// The demo's two interview recordings, as a generator: `node scripts/make-demo-media.js` rewrites
// demo/anna_interview.wav and demo/ben_interview.wav (committed, read by `cuebed score` beside
// demo/demo-sequence.xml). They are not speech anyone could understand, only its shape as the
// voice-activity detector hears it: phrases of voiced syllables at a talker's pitch through moving
// formants, fricatives, breaths and pauses of 0.3-1.5 s over a quiet room tone. That is enough for
// the demo to show what the product does with real dialogue: the duck follows the phrases and the
// bed comes back up in the pauses. 8 kHz mono 16-bit keeps each file near half a megabyte.
const fs = require('fs');
const path = require('path');
const { WaveFile } = require('wavefile');

const RATE = 8000;
const FRAMES_PER_SECOND = 24000 / 1001;
/** The files' own length in the sequence (<file><duration> 784 frames at 23.976). */
const SECONDS = 784 / FRAMES_PER_SECOND;

/** mulberry32: a tiny seeded generator, so the files are the same bytes on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two-pole resonator coefficients for a formant at `hz` with bandwidth `bw`. */
function resonator(hz, bw) {
  const r = Math.exp((-Math.PI * bw) / RATE);
  return { a1: 2 * r * Math.cos((2 * Math.PI * hz) / RATE), a2: -r * r, g: 1 - r };
}

const VOWELS = [[730, 1090, 2440], [270, 2290, 3010], [530, 1840, 2480], [570, 840, 2410], [300, 870, 2240], [640, 1190, 2390]];

function interview({ seed, pitch }) {
  const rnd = random(seed);
  const n = Math.round(SECONDS * RATE);
  const out = new Float32Array(n);
  const states = [[0, 0], [0, 0], [0, 0]];
  let t = Math.round((0.4 + rnd() * 0.5) * RATE);
  let phase = 0;
  while (t < n) {
    const phraseEnd = Math.min(n, t + Math.round((1.2 + rnd() * 2.8) * RATE));
    const declination = 1.15 - 0.25 * rnd();
    while (t < phraseEnd) {
      const len = Math.round((0.12 + rnd() * 0.16) * RATE);
      const vowel = VOWELS[Math.floor(rnd() * VOWELS.length)];
      const formants = vowel.map((hz, i) => resonator(hz * (pitch > 160 ? 1.15 : 1), [80, 110, 160][i]));
      const loud = 0.35 + 0.65 * rnd();
      const fricative = rnd() < 0.3;
      for (let i = 0; i < len && t + i < n; i++) {
        const x = i / len;
        const env = Math.sin(Math.PI * Math.min(1, x * 1.4)) ** 2 * loud;
        const f0 = pitch * declination * (1 - 0.15 * ((t + i - phraseEnd) / RATE / 4));
        phase += f0 / RATE;
        let source = 0;
        if (phase >= 1) { phase -= 1; source = 1; }
        source += (rnd() - 0.5) * 0.02;
        let y = 0;
        for (let k = 0; k < 3; k++) {
          const { a1, a2, g } = formants[k];
          const s = states[k];
          const v = g * source + a1 * s[0] + a2 * s[1];
          s[1] = s[0];
          s[0] = v;
          y += v / (k + 1);
        }
        const hiss = fricative && x < 0.3 ? (rnd() - 0.5) * 0.25 * (1 - x / 0.3) : 0;
        out[t + i] += y * env * 2.2 + hiss;
      }
      t += len + Math.round(rnd() * 0.05 * RATE);
    }
    t += Math.round((0.3 + rnd() * 1.2) * RATE);
  }
  // Room tone about 55 dB under the voice.
  for (let i = 0; i < n; i++) out[i] += (rnd() - 0.5) * 0.002;
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const scale = 0.45 / peak;
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, out[i] * scale)) * 32767);
  const wav = new WaveFile();
  wav.fromScratch(1, RATE, '16', pcm);
  return Buffer.from(wav.toBuffer());
}

const DEMO_MEDIA = {
  'anna_interview.wav': { seed: 11, pitch: 205 },
  'ben_interview.wav': { seed: 23, pitch: 118 },
};

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'demo');
  for (const [name, voice] of Object.entries(DEMO_MEDIA)) fs.writeFileSync(path.join(dir, name), interview(voice));
}

module.exports = { DEMO_MEDIA, interview };
