/**
 * Issue 16, point 5: a score past 4 GiB (3 h at 96 kHz/32-bit float is 8.3 GB) is written as RF64
 * (EBU Tech 3306 / BW64), and regeneration reads RF64 and BW64 as well as plain WAVs past 2 GiB.
 * The threshold is injected so the RF64 layout is proven on a small file; the sizes past 4 GiB are
 * proven on the header alone and on sparse files (nothing large is written). ffmpeg checks both
 * directions independently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createWavEncoder, decodeWav, encodeWav, streamScore, type ScoreStreamIo } from '../../src/audio';
import { readFrames, readPcm } from '../../src/regen/wav';
import { openPcmSource } from '../../src/io/pcm-source';
import { arrange } from '../../src/music';
import { planScore } from '../../src/plan';
import { readTimelineFile } from '../../src/timeline';
import { tempDir } from '../cli/run';
import { systemTool } from '../system-tools';
import { ROOT } from '../paths';

const FFMPEG = systemTool('ffmpeg');

function signal(frames: number, seed: number): Float32Array[] {
  let s = seed;
  const ch = () => Float32Array.from({ length: frames }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 1.6 - 0.8;
  });
  return [ch(), ch()];
}

const meta = { title: 'RF64 test', software: 'Cuebed test', comment: 'long', description: 'Original generated music', originator: 'Cuebed', cues: [{ sample: 0, label: 'section a' }, { sample: 700, label: 'stinger hit' }] };

/** One whole file from the streaming encoder. */
function encodeStreamed(channels: Float32Array[], depth: 16 | 24 | '32f', rf64AboveBytes?: number): Uint8Array {
  const e = createWavEncoder({ frames: channels[0].length, channels: 2, sampleRate: 48000, bitDepth: depth, meta, ditherSeed: 'x', rf64AboveBytes });
  return Uint8Array.from(Buffer.concat([e.header, e.encodeBlock(channels, channels[0].length), e.trailer]));
}

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

function chunkIds(bytes: Uint8Array): string[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids: string[] = [];
  for (let p = 12; p + 8 <= bytes.length;) {
    const id = ascii(bytes, p);
    ids.push(id);
    let size = v.getUint32(p + 4, true);
    if (id === 'data' && size === 0xffffffff) size = Number(v.getBigUint64(28, true));
    p += 8 + size + (size & 1);
  }
  return ids;
}

describe('RF64 writing', () => {
  for (const depth of [16, 24, '32f'] as const) {
    it(`${depth}: past the threshold the file is RF64 with a ds64 chunk, and holds the same samples and metadata`, () => {
      const x = signal(1001, 5);
      const plain = encodeStreamed(x, depth);
      const rf = encodeStreamed(x, depth, 1000);
      expect(ascii(plain, 0)).toBe('RIFF');
      expect(ascii(rf, 0)).toBe('RF64');
      const v = new DataView(rf.buffer, rf.byteOffset, rf.byteLength);
      expect(v.getUint32(4, true)).toBe(0xffffffff);
      expect(ascii(rf, 8)).toBe('WAVE');
      // ds64 first, where the 28-byte JUNK placeholder of the convention sits
      expect(ascii(rf, 12)).toBe('ds64');
      expect(v.getUint32(16, true)).toBe(28);
      const dataBytes = 1001 * 2 * (depth === 16 ? 2 : depth === 24 ? 3 : 4);
      expect(Number(v.getBigUint64(20, true))).toBe(rf.length - 8);
      expect(Number(v.getBigUint64(28, true))).toBe(dataBytes);
      expect(Number(v.getBigUint64(36, true))).toBe(1001);
      expect(v.getUint32(44, true)).toBe(0);
      expect(rf.length).toBe(plain.length + 36);
      // the same chunks in the same order after ds64; the data chunk's 32-bit size says "see ds64"
      expect(chunkIds(rf)).toEqual(['ds64', ...chunkIds(plain)]);
      const dataAt = rf.length - plain.length + readPcm(plain).dataOffset;
      expect(ascii(rf, dataAt - 8)).toBe('data');
      expect(v.getUint32(dataAt - 4, true)).toBe(0xffffffff);
      expect(Buffer.from(rf.subarray(dataAt, dataAt + dataBytes)).equals(Buffer.from(plain.subarray(readPcm(plain).dataOffset, readPcm(plain).dataOffset + dataBytes)))).toBe(true);

      const a = decodeWav(plain), b = decodeWav(rf);
      expect(b.channels[0]).toEqual(a.channels[0]);
      expect(b.channels[1]).toEqual(a.channels[1]);
      expect(b.cues).toEqual(a.cues);
      expect(b.info).toEqual(a.info);
      expect(b.cues).toEqual([{ sample: 0, label: 'section a' }, { sample: 700, label: 'stinger hit' }]);
      const p = readPcm(rf);
      expect([p.frames, p.channels, p.depth, p.dataOffset]).toEqual([1001, 2, depth, dataAt]);
    });
  }

  it('the threshold is a size limit: up to it the layout stays plain RIFF, byte for byte', () => {
    const x = signal(999, 2);
    const plain = encodeStreamed(x, 24);
    expect(Buffer.from(encodeStreamed(x, 24, plain.length - 8)).equals(Buffer.from(plain))).toBe(true);
    expect(ascii(encodeStreamed(x, 24, plain.length - 9), 0)).toBe('RF64');
    expect(Buffer.from(encodeWav(x, 48000, 24, meta, 'x')).equals(Buffer.from(plain))).toBe(true);
  });

  it('by default a WAV past 4 GiB is RF64 with its true 64-bit sizes (header only: 3 h at 96 kHz 32-bit float)', () => {
    const frames = 3 * 3600 * 96000;
    const e = createWavEncoder({ frames, channels: 2, sampleRate: 96000, bitDepth: '32f', meta, ditherSeed: null });
    const v = new DataView(e.header.buffer, e.header.byteOffset, e.header.byteLength);
    expect(ascii(e.header, 0)).toBe('RF64');
    expect(Number(v.getBigUint64(28, true))).toBe(frames * 8);
    expect(Number(v.getBigUint64(20, true))).toBe(e.totalBytes - 8);
    expect(e.totalBytes).toBe(e.header.length + frames * 8 + e.trailer.length);
    expect(Number(v.getBigUint64(36, true))).toBe(frames);
    // and one that fits keeps RIFF: 2 h at 48 kHz 24-bit is 2.07 GB
    expect(ascii(createWavEncoder({ frames: 2 * 3600 * 48000, channels: 2, sampleRate: 48000, bitDepth: 24, ditherSeed: null }).header, 0)).toBe('RIFF');
  });

  it('a streamed render (score) past the threshold writes RF64 holding the same audio', () => {
    const xml = fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8');
    const t = readTimelineFile(xml, 'demo.xml');
    const plan = planScore({ ...t, range: { start: t.range.start, end: t.range.start + 254016000000 * 6 } }, { brief: 'calm', seed: 4, sampleRate: 48000 });
    const arr = arrange(plan);
    const run = (rf64AboveBytes?: number) => {
      const files = new Map<string, Uint8Array>();
      const io: ScoreStreamIo = {
        openSpill: (tracks, frames) => {
          const store = Array.from({ length: tracks }, () => new Float32Array(frames));
          return {
            write: (o, n, tr) => { for (let k = 0; k < tracks; k++) store[k].set(tr[k].subarray(0, n), o); },
            read: (o, n, tr) => { for (let k = 0; k < tracks; k++) tr[k].set(store[k].subarray(o, o + n)); },
            dispose: () => undefined,
          };
        },
        openOutput: (name) => {
          const parts: Uint8Array[] = [];
          return { write: (b) => parts.push(Uint8Array.from(b)), close: () => files.set(name, Uint8Array.from(Buffer.concat(parts))) };
        },
      };
      streamScore(arr, { targetLufs: -23, bitDepth: 24, meta, ditherSeed: () => 'seed', rf64AboveBytes }, io);
      return files.get('score.wav') as Uint8Array;
    };
    const plain = run(), rf = run(1 << 20);
    expect(ascii(plain, 0)).toBe('RIFF');
    expect(ascii(rf, 0)).toBe('RF64');
    expect(decodeWav(rf).channels).toEqual(decodeWav(plain).channels);
  }, 60_000);
});

describe('reading past 2 and 4 GiB (sparse files: nothing large is written)', () => {
  /** A WAV of `frames` frames whose samples are a hole in the file. */
  function sparseWav(file: string, frames: number, depth: 24 | '32f', sampleRate: number): number {
    const e = createWavEncoder({ frames, channels: 2, sampleRate, bitDepth: depth, meta, ditherSeed: null });
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, e.header, 0, e.header.length, 0);
    fs.writeSync(fd, e.trailer, 0, e.trailer.length, e.totalBytes - e.trailer.length);
    fs.closeSync(fd);
    return e.totalBytes;
  }

  for (const [what, frames, depth, rate, form] of [
    ['a plain WAV past 2 GiB (2 h 10 min at 48 kHz 24-bit)', 130 * 60 * 48000, 24, 48000, 'RIFF'],
    ['an RF64 WAV past 4 GiB (3 h at 96 kHz 32-bit float, 8.3 GB)', 3 * 3600 * 96000, '32f', 96000, 'RF64'],
  ] as const) {
    it(`${what}: regeneration's reader finds every frame and reads the last ones`, () => {
      const file = path.join(tempDir(), 'score.wav');
      const size = sparseWav(file, frames, depth, rate);
      expect(fs.statSync(file).size).toBe(size);
      const src = openPcmSource(file);
      try {
        const p = readPcm(src);
        expect(ascii(src.read(0, 4), 0)).toBe(form);
        expect([p.frames, p.depth, p.channels, p.sampleRate]).toEqual([frames, depth, 2, rate]);
        const tail = readFrames(p, frames - 10, frames + 5);
        expect(tail[0]).toEqual(new Float32Array(10));
      } finally {
        src.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    });
  }
});

describe.skipIf(!FFMPEG)(`RF64 and ffmpeg${FFMPEG ? '' : ' (skipped: ffmpeg is not installed)'}`, () => {
  const x = signal(4801, 9);

  it('ffmpeg reads the RF64 this writer makes: the same samples as the plain file', () => {
    const dir = tempDir();
    for (const depth of [24, '32f'] as const) {
      fs.writeFileSync(path.join(dir, 'rf.wav'), encodeStreamed(x, depth, 0));
      fs.writeFileSync(path.join(dir, 'plain.wav'), encodeStreamed(x, depth));
      const raw = (name: string) => {
        const r = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(dir, name), '-f', depth === 24 ? 's24le' : 'f32le', '-c:a', depth === 24 ? 'pcm_s24le' : 'pcm_f32le', '-'], { maxBuffer: 1 << 26 });
        expect(r.status, r.stderr.toString()).toBe(0);
        return r.stdout;
      };
      const a = raw('plain.wav'), b = raw('rf.wav');
      expect(a.length).toBe(4801 * 2 * (depth === 24 ? 3 : 4));
      expect(b.equals(a)).toBe(true);
    }
  });

  for (const mode of ['always', 'auto'] as const) {
    it(`reads a WAV ffmpeg wrote with -rf64 ${mode} (${mode === 'always' ? 'RF64 + ds64' : 'RIFF with the JUNK placeholder'}): the same frames`, () => {
      const dir = tempDir();
      const plain = encodeStreamed(x, 24);
      fs.writeFileSync(path.join(dir, 'plain.wav'), plain);
      const r = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(dir, 'plain.wav'), '-c:a', 'copy', '-rf64', mode, path.join(dir, 'ff.wav')]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const ff = new Uint8Array(fs.readFileSync(path.join(dir, 'ff.wav')));
      expect(ascii(ff, 0)).toBe(mode === 'always' ? 'RF64' : 'RIFF');
      expect(ascii(ff, 12)).toBe(mode === 'always' ? 'ds64' : 'JUNK');
      const src = openPcmSource(path.join(dir, 'ff.wav'));
      try {
        const p = readPcm(src);
        expect([p.frames, p.depth, p.channels, p.sampleRate]).toEqual([4801, 24, 2, 48000]);
        expect(readFrames(p, 0, 4801)).toEqual(readFrames(readPcm(plain), 0, 4801));
      } finally {
        src.close();
      }
      expect(decodeWav(ff).channels).toEqual(decodeWav(plain).channels);
    });
  }
});
