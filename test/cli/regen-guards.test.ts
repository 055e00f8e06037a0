/**
 * Issue 15 point 10: `cuebed regen` given another sequence's render. It used to exit 0 with only
 * "frame rate changed" and re-render everything at the old render's gain (−7.5 LUFS against −18).
 * Now: refused (exit 2, naming both sequences) unless --force; and a reused gain that misses the
 * target by more than 1 LU is never kept without re-measuring.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWN_FIXTURES } from '../paths';
import { listFiles, runCli, tempDir } from './run';

const A = path.join(OWN_FIXTURES, 'xmeml', 'ntsc-23976.xml'); // "ntsc 23.976", 10 s
const B = path.join(OWN_FIXTURES, 'xmeml', 'ntsc-2997.xml'); // "ntsc 29.97", 3 s

function lufsOf(dir: string): { integrated: number; target: number } {
  const record = JSON.parse(fs.readFileSync(path.join(dir, 'render.json'), 'utf8')) as { integratedLufs: number };
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as { targetLufs: number };
  return { integrated: record.integratedLufs, target: plan.targetLufs };
}

describe('regen from another sequence\'s render', () => {
  it('is refused, naming both sequences, and writes nothing', async () => {
    const cwd = tempDir();
    expect((await runCli(['score', A, '--out', 'a', '--no-speech'], cwd)).code).toBe(0);
    const r = await runCli(['regen', B, '--from', 'a', '--out', 'b', '--no-speech'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"ntsc 23\.976".*"ntsc 29\.97"|"ntsc 29\.97".*"ntsc 23\.976"/);
    expect(r.stderr).toMatch(/--force/);
    expect(listFiles(path.join(cwd, 'b'))).toEqual([]);
  });

  it('with --force, everything is re-rendered and normalised to the target, not left at a gain that misses it', async () => {
    const cwd = tempDir();
    expect((await runCli(['score', A, '--out', 'a', '--no-speech'], cwd)).code).toBe(0);
    // An earlier render whose gain is 10 dB off for this material (a louder or quieter sequence).
    const recordFile = path.join(cwd, 'a', 'render.json');
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as { gainDb: number };
    record.gainDb += 10;
    fs.writeFileSync(recordFile, JSON.stringify(record));
    const r = await runCli(['regen', B, '--from', 'a', '--out', 'b', '--force', '--no-speech'], cwd);
    expect(r.code).toBe(0);
    const { integrated, target } = lufsOf(path.join(cwd, 'b'));
    expect(Math.abs(integrated - target)).toBeLessThanOrEqual(1);
    expect(r.stderr).toMatch(/another sequence/);
  });
});
