/**
 * Issue 15 point 14: messages a new user met on real files, each now saying what is wrong and
 * what to do (and never printing raw bytes or a figure that means nothing).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from './run';

/** 55 s at 25 fps, cuts every 11 s, `audio` audio tracks (empty). */
function edit(cwd: string, audio = 0, cuts = [0, 275, 550, 825, 1100, 1375]): string {
  const clips = cuts.slice(0, -1).map((s, i) => `<clipitem id="c${i}"><name>shot ${i}</name><start>${s}</start><end>${cuts[i + 1]}</end><in>0</in><out>${cuts[i + 1] - s}</out></clipitem>`).join('');
  const tracks = Array.from({ length: audio }, () => '<track></track>').join('');
  fs.writeFileSync(path.join(cwd, 'edit.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<xmeml version="4"><sequence id="s"><duration>${cuts[cuts.length - 1]}</duration><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><name>Edit</name><media><video><track>${clips}</track></video><audio>${tracks}</audio></media></sequence></xmeml>`);
  return 'edit.xml';
}

describe('messages', () => {
  it('--stingers past the end of the edit is refused, not moved to the nearest cut', async () => {
    const cwd = tempDir();
    const r = await runCli(['score', edit(cwd), '--stingers', '1.5,99999', '--out', 'o'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stingers 99999 is past the end of the sequence \(55\.00 s long\)/);
    expect(listFiles(path.join(cwd, 'o'))).toEqual([]);
  });

  it('--stingers with a word it does not know lists what it takes', async () => {
    const cwd = tempDir();
    const r = await runCli(['plan', edit(cwd), '--stingers', 'everywhere'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stingers takes none, scenes, markers or seconds/);
    expect(r.stderr).not.toMatch(/needs a number/);
  });

  it('--dialogue-tracks on a sequence without audio tracks says there are none', async () => {
    const cwd = tempDir();
    const r = await runCli(['plan', edit(cwd, 0), '--dialogue-tracks', '5'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no audio tracks/);
    expect(r.stderr).not.toMatch(/A0/);
  });

  it('a WAV given as INPUT is named as audio, without its bytes', async () => {
    const cwd = tempDir();
    const wav = Buffer.alloc(64);
    wav.write('RIFF', 0);
    wav.writeUInt32LE(56, 4);
    wav.write('WAVEfmt ', 8);
    fs.writeFileSync(path.join(cwd, 'take.wav'), wav);
    const r = await runCli(['plan', 'take.wav'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/take\.wav is a WAV audio file, not a sequence/);
    expect(r.stderr).not.toMatch(/RIFF|\\u0000/);
  });

  it('a score with no cuts says so instead of "hit rate 100%"', async () => {
    const cwd = tempDir();
    const r = await runCli(['score', edit(cwd, 0, [0, 250]), '--out', 'o', '--no-speech'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/hit rate/);
    expect(r.stdout).toMatch(/0 cuts \(nothing to hit\)/);
  });

  it('warnings name sections by timecode, not by frame-number ids', async () => {
    const cwd = tempDir();
    // One 55 s shot: the section runs longer than any preset turns without a cut.
    const r = await runCli(['plan', edit(cwd, 0, [0, 1375])], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/section 00:00:00:00–00:00:55:00/);
    expect(r.stderr).not.toMatch(/sec-\d+/);
  });

  it('a missed loudness target is said, not passed silently; a met one says nothing', async () => {
    const cwd = tempDir();
    edit(cwd, 0, [0, 250]);
    // -6 LUFS cannot be reached under the -1 dBTP true-peak limit on this material.
    const loud = await runCli(['score', 'edit.xml', '--target-lufs=-6', '--out', 'a', '--no-speech'], cwd);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/warning: the score measures -\d+\.\d LUFS, \d+\.\d LU below the target -6/);
    const met = await runCli(['score', 'edit.xml', '--out', 'b', '--no-speech'], cwd);
    expect(met.stderr).not.toMatch(/LU (above|below) the target/);
  });
});
