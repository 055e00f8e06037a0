/**
 * The mix-analysis helper on produced music: Debian's wesnoth-1.16-music (CC BY-SA / GPL game
 * soundtracks, orchestral and folk library-style cues). Issue 13's table was measured on these
 * tracks; the helper must land on it, or the palette tests assert against the wrong ruler.
 * Decoded with ffmpeg into memory (40 s from 0:30 of each track), never written to the repository.
 * Skips when the package or ffmpeg is not installed (it is not needed to build or ship Cuebed).
 */
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyseMix, type MixFigures } from '../../src/report/mix-analysis';

const DIR = '/usr/share/games/wesnoth/1.16/data/core/music';
const TRACKS = ['battle-epic', 'breaking_the_chains', 'elvish-theme', 'journeys_end', 'northerners', 'silvan_sanctuary', 'traveling_minstrels'];
const SR = 48000;

function decode(file: string): [Float32Array, Float32Array] | null {
  const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-ss', '30', '-t', '40', '-i', file, '-ar', String(SR), '-ac', '2', '-f', 'f32le', '-'], { maxBuffer: 64 << 20 });
  if (r.status !== 0 || !r.stdout) return null;
  const buf = r.stdout as Buffer;
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
  const n = all.length >> 1;
  const L = new Float32Array(n), R = new Float32Array(n);
  for (let i = 0; i < n; i++) { L[i] = all[2 * i]; R[i] = all[2 * i + 1]; }
  return [L, R];
}

const available = fs.existsSync(DIR) && spawnSync('ffmpeg', ['-version']).status === 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe.skipIf(!available)('mix analysis on produced music (wesnoth-1.16-music)', () => {
  it('measures it inside the ranges of issue 13\'s produced-music table', () => {
    const figs: MixFigures[] = [];
    for (const t of TRACKS) {
      const pcm = decode(`${DIR}/${t}.ogg`);
      if (pcm) figs.push(analyseMix(pcm[0], pcm[1], SR));
    }
    expect(figs.length).toBe(TRACKS.length);
    const col = (k: keyof MixFigures) => figs.map((f) => f[k]);
    // every track inside the table's min..max
    for (const f of figs) {
      expect(f.lowShareDb).toBeLessThan(-2.5);
      expect(f.midShareDb).toBeGreaterThan(-3.6);
      expect(f.centroidHz).toBeGreaterThan(900);
      expect(f.flatnessDb).toBeGreaterThan(-62);
      expect(f.spectralChange).toBeGreaterThan(0.4);
    }
    // and the medians near the table's: centroid 1,600 Hz, rolloff 2,648 Hz, change ≥ 0.5, correlation 0.34, side/mid −3.1 dB
    expect(median(col('centroidHz'))).toBeGreaterThan(1200);
    expect(median(col('centroidHz'))).toBeLessThan(2000);
    expect(median(col('rolloffHz'))).toBeGreaterThan(1800);
    expect(median(col('rolloffHz'))).toBeLessThan(3500);
    expect(median(col('spectralChange'))).toBeGreaterThan(0.5);
    expect(median(col('correlation'))).toBeLessThan(0.67);
    expect(median(col('sideMidDb'))).toBeGreaterThan(-7);
  });
});
