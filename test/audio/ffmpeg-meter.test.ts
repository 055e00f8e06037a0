/**
 * Our BS.1770-4 meter against ffmpeg's ebur128 filter (libebur128-style, independent code): two
 * EBU Tech 3341-style signals, a true-peak signal, and the rendered demo, whose score.wav must be
 * within ±0.5 LU of its target and at most −1 dBTP in both meters. Skipped without ffmpeg.
 */
import { systemTool } from '../system-tools';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../../src/audio';
import { measureLoudness } from '../../src/synth';
import { readTimelineFile } from '../../src/timeline';
import { scoreTimeline } from '../../src/score';
import { ROOT } from '../paths';

const hasFfmpeg = systemTool('ffmpeg');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-ebur128-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ffmpegMeter(file: string): { integrated: number; truePeak: number } {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-filter_complex', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  const num = (re: RegExp): number => {
    const m = re.exec(summary);
    if (!m) throw new Error(`ffmpeg output without ${re}: ${summary}`);
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return { integrated: num(/I:\s+(-?[\d.]+|-inf) LUFS/), truePeak: num(/Peak:\s+(-?[\d.]+|-inf) dBFS/) };
}

/** A steady tone with 20 ms raised-cosine ends (an abrupt onset makes resampling meters ring). */
function sine(seconds: number, sr: number, freq: number, dbfs: number, phase = 0, ramp = true): Float32Array {
  const n = Math.round(seconds * sr);
  const a = Math.pow(10, dbfs / 20);
  const out = new Float32Array(n);
  const r = ramp ? Math.round(0.02 * sr) : 0;
  for (let i = 0; i < n; i++) {
    const edge = Math.min(i, n - 1 - i);
    const w = edge < r ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / r) : 1;
    out[i] = w * a * Math.sin((2 * Math.PI * freq * i) / sr + phase);
  }
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function compare(name: string, channels: Float32Array[], sr: number): { own: ReturnType<typeof measureLoudness>; ff: ReturnType<typeof ffmpegMeter> } {
  const file = path.join(dir, `${name}.wav`);
  fs.writeFileSync(file, encodeWav(channels, sr, '32f', {}, null));
  return { own: measureLoudness(channels, sr), ff: ffmpegMeter(file) };
}

describe.skipIf(!hasFfmpeg)('own meter vs ffmpeg ebur128', () => {
  it('Tech 3341 case 1: stereo 1 kHz at −23 dBFS', () => {
    const s = sine(20, 48000, 1000, -23);
    const { own, ff } = compare('case1', [s, s], 48000);
    expect(own.integratedLufs).toBeCloseTo(-23, 1);
    expect(Math.abs(own.integratedLufs - ff.integrated)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(own.truePeakDb - ff.truePeak)).toBeLessThanOrEqual(0.2);
  });

  it('Tech 3341 case 4 style: absolute and relative gating (−72/−36/−23/−36/−72 dBFS)', () => {
    const s = concat(...([[-72, 10], [-36, 10], [-23, 60], [-36, 10], [-72, 10]] as const).map(([db, sec]) => sine(sec, 48000, 1000, db, 0, false)));
    const { own, ff } = compare('case4', [s, s], 48000);
    expect(Math.abs(own.integratedLufs + 23)).toBeLessThan(0.1);
    expect(Math.abs(own.integratedLufs - ff.integrated)).toBeLessThanOrEqual(0.1);
  });

  it('true peak: an fs/4 sine sampled at ±45° (sample peak −6 dBFS, true peak −3 dBTP)', () => {
    const s = sine(5, 48000, 12000, -3.0103, Math.PI / 4);
    const { own, ff } = compare('tp', [s, s], 48000);
    expect(Math.abs(own.truePeakDb + 3.01)).toBeLessThan(0.2);
    expect(Math.abs(own.truePeakDb - ff.truePeak)).toBeLessThanOrEqual(0.3);
  });

  it('the demo score.wav: target ±0.5 LU and ≤ −1 dBTP in both meters', () => {
    const text = fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8');
    const timeline = readTimelineFile(text, 'demo-sequence.xml');
    const r = scoreTimeline(timeline, { brief: 'bright, forward-moving background music', seed: 1, sampleRate: 48000, bitDepth: 24, stingers: 'scenes' });
    const bytes = r.files.get('score.wav') as Uint8Array;
    const file = path.join(dir, 'demo.wav');
    fs.writeFileSync(file, bytes);
    const own = measureLoudness(decodeWav(bytes).channels, 48000);
    const ff = ffmpegMeter(file);
    const target = r.plan.targetLufs;
    expect(Math.abs(own.integratedLufs - target)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(ff.integrated - target)).toBeLessThanOrEqual(0.5);
    expect(own.truePeakDb).toBeLessThanOrEqual(-1);
    expect(ff.truePeak).toBeLessThanOrEqual(-1);
    expect(Math.abs(own.integratedLufs - ff.integrated)).toBeLessThanOrEqual(0.1);
    console.log(`demo: own ${own.integratedLufs.toFixed(2)} LUFS ${own.truePeakDb.toFixed(2)} dBTP; ffmpeg ${ff.integrated.toFixed(1)} LUFS ${ff.truePeak.toFixed(1)} dBTP; target ${target}`);
  }, 60000);
});
