/**
 * Issue 16, point 5: regeneration reads any render score can write — an RF64 score.wav (what score
 * writes past 4 GiB) regenerates exactly as the same audio in a plain WAV, whether this writer or
 * ffmpeg (-rf64 always) made it — and writes RF64 itself past the threshold (injected here so the
 * files stay small).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runRegen } from '../../src/cli/regen-command';
import { createWavEncoder, decodeWav } from '../../src/audio';
import { regenerate } from '../../src/regen';
import { readPcm } from '../../src/regen/wav';
import { tempDir } from '../cli/run';
import { systemTool } from '../system-tools';
import { DEMO_DIALOGUE, DEMO_SHOTS, demoXml, ripple, scoreInMemory, timelineOf, writeRender, type Shot } from './helpers';

const FFMPEG = systemTool('ffmpeg');

async function run(argv: string[], cwd: string) {
  let stdout = '', stderr = '';
  const code = await runRegen(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
  return { code, stdout, stderr };
}

/** The same samples in an RF64 container from the score's own writer. */
function asRf64(wav: Uint8Array): Uint8Array {
  const p = readPcm(wav);
  const e = createWavEncoder({ frames: p.frames, channels: p.channels, sampleRate: p.sampleRate, bitDepth: p.depth, ditherSeed: null, rf64AboveBytes: 0 });
  return Uint8Array.from(Buffer.concat([e.header, wav.subarray(p.dataOffset, p.dataOffset + p.frames * p.frameBytes), e.trailer]));
}

function editedXml(): string {
  const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
  shots[9][1] -= 12;
  return demoXml(shots, DEMO_DIALOGUE.map(([n, s, e]) => [n, ripple(s, 946, -12), ripple(e, 946, -12)]));
}

describe('regeneration and RF64', () => {
  it('an RF64 previous score.wav (this writer\'s, and ffmpeg -rf64 always) regenerates byte for byte as the plain one', async () => {
    const cwd = tempDir();
    const prev = scoreInMemory(timelineOf(demoXml(DEMO_SHOTS)));
    writeRender(path.join(cwd, 'plain'), prev.files);
    writeRender(path.join(cwd, 'ours'), new Map([...prev.files, ['score.wav', asRf64(prev.wav)]]));
    const froms = ['plain', 'ours'];
    if (FFMPEG) {
      writeRender(path.join(cwd, 'ff'), new Map([...prev.files].filter(([n]) => n !== 'score.wav')));
      const r = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(cwd, 'plain', 'score.wav'), '-c:a', 'copy', '-rf64', 'always', path.join(cwd, 'ff', 'score.wav')]);
      expect(r.status, r.stderr.toString()).toBe(0);
      froms.push('ff');
    }
    for (const f of froms.slice(1)) expect(fs.readFileSync(path.join(cwd, f, 'score.wav')).subarray(0, 4).toString()).toBe('RF64');
    fs.writeFileSync(path.join(cwd, 'edit.xml'), editedXml());
    const outs = new Map<string, { stdout: string; wav: Buffer }>();
    for (const from of froms) {
      const r = await run(['edit.xml', '--from', from, '--out', `out-${from}`, '--no-speech'], cwd);
      expect(r.code, r.stderr).toBe(0);
      outs.set(from, { stdout: r.stdout.replaceAll(from, 'X'), wav: fs.readFileSync(path.join(cwd, `out-${from}`, 'score.wav')) });
    }
    const plain = outs.get('plain')!;
    expect(plain.stdout).toMatch(/\d+ kept, \d+ shifted, [1-9]\d* re-rendered/);
    for (const from of froms.slice(1)) {
      expect(outs.get(from)!.stdout, from).toBe(plain.stdout);
      expect(outs.get(from)!.wav.equals(plain.wav), from).toBe(true);
    }
  }, 180_000);

  it('writes RF64 past the threshold, holding the same audio as the plain file', () => {
    const prev = scoreInMemory(timelineOf(demoXml(DEMO_SHOTS)));
    const edit = timelineOf(editedXml());
    const plain = regenerate(edit, prev, {}).files.get('score.wav')!;
    const rf = regenerate(edit, prev, { rf64AboveBytes: 1 << 20 }).files.get('score.wav')!;
    expect(Buffer.from(plain.subarray(0, 4)).toString()).toBe('RIFF');
    expect(Buffer.from(rf.subarray(0, 4)).toString()).toBe('RF64');
    const pa = readPcm(plain), pb = readPcm(rf);
    expect(pb.frames).toBe(pa.frames);
    const data = (w: Uint8Array, p: typeof pa) => Buffer.from(w.subarray(p.dataOffset, p.dataOffset + p.frames * p.frameBytes));
    expect(data(rf, pb).equals(data(plain, pa))).toBe(true);
    const a = decodeWav(plain), b = decodeWav(rf);
    expect(b.cues).toEqual(a.cues);
    expect(b.cues.length).toBeGreaterThan(0);
    expect(b.info).toEqual(a.info);
  }, 180_000);
});
