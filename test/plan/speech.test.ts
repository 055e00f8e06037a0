import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSpeech, gainAt, planScore } from '../../src/plan';
import { createSpeechReader, readMono, readWavLayout } from '../../src/io/media';
import { createWavEncoder, encodeWav } from '../../src/audio';
import { OWN_FIXTURES } from '../paths';
import { tempDir } from '../cli/run';
import { makeTimeline } from './helpers';

const SEC = 254016000000;
const WAV = path.join(OWN_FIXTURES, 'speech', 'interview.wav');
/** From how interview.wav was built (test/fixtures/speech/README.md), samples at 16 kHz. */
const PHRASES: Array<[number, number]> = [[8000, 20654], [52654, 87871], [94271, 114099]];

function loadFixture(): Float32Array {
  const fd = fs.openSync(WAV, 'r');
  try {
    const layout = readWavLayout(fd, fs.fstatSync(fd).size)!;
    expect(layout).toMatchObject({ sampleRate: 16000, channels: 1, format: 16, frames: 126099 });
    return readMono(fd, layout, 0, layout.frames);
  } finally {
    fs.closeSync(fd);
  }
}

describe('voice-activity detector', () => {
  it('finds the three espeak-ng phrases within 60 ms and nothing in the silences', () => {
    const spans = detectSpeech(loadFixture(), 16000);
    expect(spans).toHaveLength(3);
    const tol = 0.06 * 16000;
    spans.forEach(([a, b], i) => {
      const [s, e] = PHRASES[i];
      // Covers the phrase (padding may add up to 50 ms before and 100 ms after)...
      expect(a).toBeLessThanOrEqual(s + tol);
      expect(b).toBeGreaterThanOrEqual(e - tol);
      // ...and not much more.
      expect(a).toBeGreaterThanOrEqual(s - 0.05 * 16000 - tol);
      expect(b).toBeLessThanOrEqual(e + 0.1 * 16000 + tol);
    });
  });

  it('pure silence, low noise and an empty buffer have no speech; steady speech-level tone is one span', () => {
    expect(detectSpeech(new Float32Array(16000), 16000)).toEqual([]);
    expect(detectSpeech(new Float32Array(0), 16000)).toEqual([]);
    const noise = new Float32Array(32000).map((_, i) => 0.001 * Math.sin(i * 12.9898) * 43758.5453 % 1);
    expect(detectSpeech(noise, 16000)).toEqual([]);
    const tone = new Float32Array(32000);
    for (let i = 8000; i < 24000; i++) tone[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000);
    const spans = detectSpeech(tone, 16000);
    expect(spans).toHaveLength(1);
    expect(Math.abs(spans[0][0] - 8000)).toBeLessThanOrEqual(0.06 * 16000);
    expect(Math.abs(spans[0][1] - 24000)).toBeLessThanOrEqual(0.12 * 16000);
  });
});

describe('speech reader (src/io/media.ts)', () => {
  it('reads only the source range and answers in source ticks', () => {
    const read = createSpeechReader();
    // Source 3.0–7.881 s: the 2nd and 3rd phrases only, shifted by nothing (source time).
    const spans = read(WAV, 3 * SEC, Math.round((126099 / 16000) * SEC))!;
    expect(spans).toHaveLength(2);
    expect(Math.abs(spans[0][0] / SEC - 52654 / 16000)).toBeLessThan(0.11);
    expect(Math.abs(spans[1][1] / SEC - 114099 / 16000)).toBeLessThan(0.16);
    expect(read('/no/such/file.wav', 0, SEC)).toBeUndefined();
    expect(read(path.join(OWN_FIXTURES, 'speech', 'README.md'), 0, SEC)).toBeUndefined();
  });

  it('reads 24-bit stereo and 32-bit float at 48 kHz the same way, and finds moved media by name', () => {
    const mono = loadFixture();
    // Upsample ×3 by repetition: the detector only needs the envelope.
    const up = new Float32Array(mono.length * 3);
    for (let i = 0; i < up.length; i++) up[i] = mono[Math.floor(i / 3)];
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'boom24.wav'), encodeWav([up, up], 48000, 24, {}, null));
    fs.writeFileSync(path.join(dir, 'float.wav'), encodeWav([up], 48000, '32f', {}, null));
    const read = createSpeechReader({ baseDir: dir });
    for (const name of ['/Volumes/Shoot/Day1/boom24.wav', 'float.wav']) {
      const spans = read(name, 0, Math.round((126099 / 16000) * SEC))!;
      expect(spans, name).toHaveLength(3);
      spans.forEach(([a], i) => expect(Math.abs(a / SEC - PHRASES[i][0] / 16000)).toBeLessThan(0.12));
    }
  });

  it('reads RF64 and BW64 takes (long recordings past 4 GiB) as it reads RIFF', () => {
    const mono = loadFixture();
    const dir = tempDir();
    const e = createWavEncoder({ frames: mono.length, channels: 1, sampleRate: 16000, bitDepth: 16, ditherSeed: null, rf64AboveBytes: 0 });
    const rf64 = Buffer.concat([e.header, e.encodeBlock([mono], mono.length), e.trailer]);
    fs.writeFileSync(path.join(dir, 'take.wav'), rf64);
    const bw64 = Buffer.from(rf64);
    bw64.write('BW64', 0, 'latin1');
    fs.writeFileSync(path.join(dir, 'bw.wav'), bw64);
    const read = createSpeechReader({ baseDir: dir });
    const plain = read(WAV, 0, Math.round((126099 / 16000) * SEC))!;
    expect(plain).toHaveLength(3);
    for (const name of ['take.wav', 'bw.wav']) {
      expect(rf64.toString('latin1', 12, 16)).toBe('ds64');
      expect(read(name, 0, Math.round((126099 / 16000) * SEC)), name).toEqual(plain);
    }
  });
});

describe('dialogue from the sound itself', () => {
  /** A 10 s interview clip on A1 at 4 s, its media the fixture from source 0. */
  function interviewTimeline(mediaPath: string) {
    const t = makeTimeline({ frames: 24 * 20, cutFrames: [96, 200, 300, 400] });
    const start = 4 * SEC;
    const dur = Math.round((126099 / 16000) * SEC);
    t.audioClips = [{ name: 'interview', start, end: start + dur, inPoint: 0, outPoint: dur, mediaPath, enabled: true, track: 1 }];
    t.dialogue = [{ start, end: start + dur, source: 'A1 Interview' }];
    return t;
  }

  it('refines the region to the speech, says so, and lets the bed up in the 2 s pause', () => {
    const plan = planScore(interviewTimeline(WAV), { brief: '', seed: 1, sampleRate: 48000, speech: createSpeechReader() });
    expect(plan.dialogue.map((d) => d.source)).toEqual(['speech: A1 Interview', 'speech: A1 Interview', 'speech: A1 Interview']);
    const expected = PHRASES.map(([a, b]) => [4 + a / 16000, 4 + b / 16000]);
    plan.dialogue.forEach((d, i) => {
      expect(d.start).toBeGreaterThan(expected[i][0] - 0.12);
      expect(d.start).toBeLessThan(expected[i][0] + 0.06);
      expect(d.end).toBeGreaterThan(expected[i][1] - 0.06);
      expect(d.end).toBeLessThan(expected[i][1] + 0.17);
    });
    // Middle of the 2 s pause (4 + 2.29 s): back to 0 dB. The 0.4 s breath stays ducked.
    expect(gainAt(plan.ducking, Math.round((4 + 2.29) * 48000))).toBe(0);
    expect(gainAt(plan.ducking, Math.round((4 + 5.69) * 48000))).toBe(-12);
    for (const d of plan.dialogue) expect(gainAt(plan.ducking, d.startSample)).toBe(-12);
  });

  it('falls back to the clip extents when the media cannot be read, or without a reader', () => {
    for (const plan of [
      planScore(interviewTimeline('/missing/interview.wav'), { brief: '', seed: 1, sampleRate: 48000, speech: createSpeechReader() }),
      planScore(interviewTimeline(WAV), { brief: '', seed: 1, sampleRate: 48000 }),
    ]) {
      expect(plan.dialogue).toHaveLength(1);
      expect(plan.dialogue[0].source).toBe('clip: A1 Interview');
      expect(plan.dialogue[0].start).toBeCloseTo(4, 6);
      expect(gainAt(plan.ducking, Math.round(6.29 * 48000))).toBe(-12);
    }
  });
});
