/**
 * Issue 15 point 13: an FCP7 XML holding several sequences. The first was scored with a warning
 * and no way to choose; now `--sequence NAME|INDEX` picks one, and the warning and the error list
 * the sequences by number and name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run';

function sequence(name: string, frames: number[]): string {
  const clips = frames.slice(0, -1).map((s, i) => `<clipitem id="${name}-${i}"><name>${name} ${i}</name><start>${s}</start><end>${frames[i + 1]}</end><in>0</in><out>${frames[i + 1] - s}</out></clipitem>`).join('');
  return `<sequence id="${name}"><duration>${frames[frames.length - 1]}</duration><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><name>${name}</name><media><video><track>${clips}</track></video><audio></audio></media></sequence>`;
}

function twoSequences(): string {
  const cwd = tempDir();
  fs.writeFileSync(path.join(cwd, 'two.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<xmeml version="4"><project><name>P</name><children>${sequence('First', [0, 50, 100])}${sequence('Second cut', [0, 40, 80, 120, 250])}</children></project></xmeml>`);
  return cwd;
}

describe('--sequence', () => {
  it('without it: the first is planned, and the warning lists every sequence and the option', async () => {
    const r = await runCli(['plan', 'two.xml'], twoSequences());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^First: 4\.00 s/);
    expect(r.stderr).toMatch(/1 "First", 2 "Second cut"/);
    expect(r.stderr).toMatch(/--sequence/);
  });

  it('by index and by name', async () => {
    const cwd = twoSequences();
    const byIndex = await runCli(['plan', 'two.xml', '--sequence', '2'], cwd);
    expect(byIndex.code).toBe(0);
    expect(byIndex.stdout).toMatch(/^Second cut: 10\.00 s, 3 cuts/);
    expect(byIndex.stderr).not.toMatch(/holds 2 sequences/);
    const byName = await runCli(['plan', 'two.xml', '--sequence', 'second cut'], cwd);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(byIndex.stdout);
  });

  it('an unknown one is refused (exit 2), listing the sequences', async () => {
    const cwd = twoSequences();
    for (const pick of ['3', 'Third']) {
      const r = await runCli(['plan', 'two.xml', '--sequence', pick], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/1 "First", 2 "Second cut"/);
    }
  });

  it('score and regen take it too', async () => {
    const cwd = twoSequences();
    const s = await runCli(['score', 'two.xml', '--sequence', '2', '--out', 'a', '--no-speech'], cwd);
    expect(s.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'a', 'plan.json'), 'utf8')).sequence.name).toBe('Second cut');
    const r = await runCli(['regen', 'two.xml', '--sequence', 'Second cut', '--from', 'a', '--out', 'b', '--no-speech'], cwd);
    expect(r.code).toBe(0);
  });
});
