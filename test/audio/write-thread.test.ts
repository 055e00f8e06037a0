/**
 * Writes on their own thread (src/io/write-thread.ts): the bytes land in order, at their
 * positions, larger than one ring slot or not; a failed write comes back on the calling thread
 * with its errno code; a staged render written through the thread is the same bytes. The worker
 * runs the compiled dist/io/write-thread.js, so without a build this is skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteThread } from '../../src/io/write-thread';
import { StagedOutput } from '../../src/io/files';
import { createWavEncoder } from '../../src/audio/wav';
import { ROOT } from '../paths';

const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'io', 'write-thread.js'));

describe.skipIf(!BUILT)(`writes on a thread of their own${BUILT ? '' : ' (skipped: dist/ is not built)'}`, () => {
  let dir = '';
  let writer: WriteThread | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-write-thread-'));
    writer = WriteThread.open();
  });
  afterEach(() => {
    writer?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

  it('appends in order, and writes at positions, pieces larger than a ring slot included', () => {
    const w = writer!;
    const file = path.join(dir, 'a.bin');
    const fd = fs.openSync(file, 'w+');
    const a = pattern(3 << 20, 1), b = pattern(1000, 2), c = pattern(5000, 3);
    w.write(fd, a, null, true);
    w.write(fd, b, null, true);
    // the caller may reuse its buffer at once: the thread wrote a copy
    b.fill(0);
    w.write(fd, c, 10, false);
    w.drain();
    fs.closeSync(fd);
    const got = fs.readFileSync(file);
    const want = Buffer.concat([Buffer.from(a), Buffer.from(pattern(1000, 2))]);
    want.set(c, 10);
    expect(got.length).toBe(want.length);
    expect(Buffer.compare(got, want)).toBe(0);
  });

  it('WAVs handed over as float frames, several in turn, are the bytes of the encoder here (dither, cues and trailer included)', () => {
    const w = writer!;
    // more than two ring slots of frames each, written a chunk at a time in turn as a render with stems does
    const frames = 300000;
    const L = Float32Array.from({ length: frames }, (_, i) => 0.5 * Math.sin(i / 9)), R = Float32Array.from({ length: frames }, (_, i) => 0.3 * Math.cos(i / 13));
    const outputs = ['score.wav', 'pads.wav'].map((name, k) => {
      const options = { frames, channels: 2, sampleRate: 48000, bitDepth: 24 as const, ditherSeed: `seed:${name}`, meta: { title: 'Cuebed test', cues: [{ sample: 1000 + k, label: 'sec-1' }] } };
      const here = createWavEncoder(options);
      const fd = fs.openSync(path.join(dir, name), 'w');
      return { name, here, fd, parts: [Uint8Array.from(here.header)], sink: w.encoded(fd, options), gain: 1 - 0.4 * k };
    });
    for (let at = 0; at < frames; at += 4096) {
      const n = Math.min(4096, frames - at);
      for (const o of outputs) {
        const chs = [L.subarray(at, at + n).map((x) => x * o.gain), R.subarray(at, at + n).map((x) => x * o.gain)];
        o.parts.push(Uint8Array.from(o.here.encodeBlock(chs, n)));
        o.sink.writeFrames(chs, n);
      }
      // a drain hands over what is gathered, and the frames after it carry on
      if (at === 40960) w.drain();
    }
    for (const o of outputs) {
      o.parts.push(Uint8Array.from(o.here.trailer));
      o.sink.close();
    }
    w.drain();
    for (const o of outputs) {
      fs.closeSync(o.fd);
      expect(Buffer.compare(fs.readFileSync(path.join(dir, o.name)), Buffer.concat(o.parts))).toBe(0);
    }
  });

  it('a failed write is raised here with its errno code', () => {
    const w = writer!;
    const fd = fs.openSync(path.join(dir, 'ro.bin'), 'w');
    fs.closeSync(fd);
    // a read-only descriptor: the write fails on the thread
    const ro = fs.openSync(path.join(dir, 'ro.bin'), 'r');
    try {
      w.write(ro, pattern(100, 4), null, false);
      expect(() => w.drain()).toThrow(expect.objectContaining({ code: 'EBADF' }));
    } finally {
      fs.closeSync(ro);
    }
  });

  it('a staged file and a spill written through the thread hold the same bytes as without it', () => {
    const frames = 4096;
    const tracks = [Float32Array.from({ length: frames }, (_, i) => Math.sin(i / 7)), Float32Array.from({ length: frames }, (_, i) => Math.cos(i / 5))];
    const run = (folder: string, wt: WriteThread | null) => {
      const staged = new StagedOutput(folder, undefined, wt);
      const spill = staged.spill(2, frames);
      spill.write(frames, frames, tracks);
      spill.write(0, frames, tracks.map((t) => t.map((v) => -v)));
      const back = [new Float32Array(frames), new Float32Array(frames)];
      spill.read(frames, frames, back);
      const sink = staged.stream('score.bin');
      for (let k = 0; k < 40; k++) sink.write(pattern(70000, k));
      sink.close();
      spill.dispose();
      staged.commit();
      return back;
    };
    const one = run(path.join(dir, 'here'), null);
    const two = run(path.join(dir, 'thread'), writer);
    expect(Buffer.compare(Buffer.from(one[0].buffer), Buffer.from(tracks[0].buffer))).toBe(0);
    expect(Buffer.compare(Buffer.from(two[1].buffer), Buffer.from(tracks[1].buffer))).toBe(0);
    expect(Buffer.compare(fs.readFileSync(path.join(dir, 'thread', 'score.bin')), fs.readFileSync(path.join(dir, 'here', 'score.bin')))).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'thread'))).toEqual(['score.bin']);
  });
});
