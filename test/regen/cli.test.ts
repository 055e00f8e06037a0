import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRegen } from '../../src/cli/regen-command';
import { UsageError } from '../../src/cli/args';
import { InputError } from '../../src/timeline/model';
import { listFiles, tempDir } from '../cli/run';
import { DEMO_DIALOGUE, DEMO_SHOTS, demoXml, ripple, scoreInMemory, timelineOf, writeRender, type Shot } from './helpers';

async function run(argv: string[], cwd: string) {
  let stdout = '', stderr = '';
  const code = await runRegen(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
  return { code, stdout, stderr };
}

describe('cuebed regen', () => {
  it('writes a new versioned render, prints kept / shifted / re-rendered, leaves the previous render alone', async () => {
    const cwd = tempDir();
    const prev = scoreInMemory(timelineOf(demoXml(DEMO_SHOTS)));
    writeRender(path.join(cwd, 'cuebed-out'), prev.files);
    const before = new Map(listFiles(path.join(cwd, 'cuebed-out')).map((f) => [f, fs.readFileSync(path.join(cwd, 'cuebed-out', f))]));
    const shots = DEMO_SHOTS.map((s) => [...s] as Shot);
    shots[9][1] -= 12;
    const at = 946;
    fs.writeFileSync(path.join(cwd, 'edit.xml'), demoXml(shots, DEMO_DIALOGUE.map(([n, s, e]) => [n, ripple(s, at, -12), ripple(e, at, -12)])));
    const r = await run(['edit.xml', '--from', 'cuebed-out', '--no-speech'], cwd);
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('cuebed: warning:'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cuebed-out-2: score\.wav [\d.]+ s regenerated from cuebed-out: \d+ kept, \d+ shifted, \d+ re-rendered, 0 removed/);
    expect(r.stdout).toMatch(/\n {2}kept: +sec-0/);
    expect(r.stdout).toMatch(/\n {2}shifted: +sec-\d+ \(-12 frames\)/);
    expect(r.stdout).toMatch(/\n {2}re-rendered: +sec-\d+/);
    expect(listFiles(path.join(cwd, 'cuebed-out-2'))).toEqual(['cuesheet.csv', 'plan.json', 'plan.svg', 'render.json', 'score.wav']);
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(cwd, 'cuebed-out', f)).equals(bytes), f).toBe(true);
    expect(listFiles(path.join(cwd, 'cuebed-out'))).toEqual([...before.keys()]);
  });

  it('refuses bad usage and a folder that is not a render, writing nothing', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'edit.xml'), demoXml(DEMO_SHOTS));
    await expect(run(['edit.xml'], cwd)).rejects.toThrow(UsageError);
    await expect(run(['edit.xml', '--from', 'prev', '--out', 'prev'], cwd)).rejects.toThrow(UsageError);
    await expect(run(['edit.xml', '--from', 'nowhere'], cwd)).rejects.toThrow(InputError);
    expect(listFiles(cwd)).toEqual(['edit.xml']);
    expect((await run(['--help'], cwd)).code).toBe(0);
  });
});
