/**
 * Issue 16, points 1–3: runs never share an output folder, a failing run removes only what it
 * made, the spill cannot be pointed at another file, and --force leaves no stem of the earlier
 * render behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { StagedOutput, type WriteFs } from '../../src/io/files';
import { LOCK_NAME, claimOutputFolder, removeStaleTemporaries } from '../../src/io/claim';
import { InputError } from '../../src/timeline';
import { listFiles, runCli, tempDir } from '../cli/run';
import { tinyXmeml } from './helpers';

/** Every file below dir, hidden ones included (listFiles shows them too). */
const everything = (dir: string) => listFiles(dir);

describe('the output folder is claimed by one run at a time', () => {
  it('a second claim of a folder in use goes to -2; once released, the folder is free again', () => {
    const base = path.join(tempDir(), 'render');
    const a = claimOutputFolder(base, { force: false, versioned: false, marker: 'score.wav' });
    const b = claimOutputFolder(base, { force: true, versioned: false, marker: 'score.wav' });
    expect(a.dir).toBe(base);
    expect(b.dir).toBe(`${base}-2`);
    expect(b.movedBecause).toMatch(/is being written by another Cuebed run/);
    b.release();
    a.release();
    // both folders were made by the claims and are empty again: removed, nothing left
    expect(fs.existsSync(base)).toBe(false);
    expect(fs.existsSync(`${base}-2`)).toBe(false);
    const c = claimOutputFolder(base, { force: false, versioned: false, marker: 'score.wav' });
    expect(c.dir).toBe(base);
    c.release();
  });

  it('a lock left by a process that is gone is taken over, and its temporaries are cleared', () => {
    const base = path.join(tempDir(), 'render');
    fs.mkdirSync(path.join(base, 'stems'), { recursive: true });
    const dead = deadPid();
    fs.writeFileSync(path.join(base, LOCK_NAME), `${dead}\n`);
    fs.writeFileSync(path.join(base, `.render.${dead}-1.spill`), 'x');
    fs.writeFileSync(path.join(base, `.score.wav.${dead}-a1b2.tmp`), 'x');
    fs.writeFileSync(path.join(base, 'stems', `.pads.wav.${dead}-9.tmp`), 'x');
    // a crash mid-commit: plan.json set aside, its replacement not yet renamed in
    fs.writeFileSync(path.join(base, `.plan.json.${dead}-3.old`), 'earlier plan');
    // a live run's temporary (ours) is left alone
    fs.writeFileSync(path.join(base, `.score.wav.${process.pid}-7.tmp`), 'mine');
    const claim = claimOutputFolder(base, { force: false, versioned: false, marker: 'score.wav' });
    expect(claim.dir).toBe(base);
    expect(everything(base)).toEqual([`.cuebed.lock`, `.score.wav.${process.pid}-7.tmp`, 'plan.json'].sort());
    expect(fs.readFileSync(path.join(base, 'plan.json'), 'utf8')).toBe('earlier plan');
    claim.release();
    expect(removeStaleTemporaries(base)).toEqual([]);
  });

  it('a finished render in --out is refused without --force, and the claim leaves no lock behind', () => {
    const base = path.join(tempDir(), 'render');
    fs.mkdirSync(base);
    fs.writeFileSync(path.join(base, 'score.wav'), 'earlier');
    expect(() => claimOutputFolder(base, { force: false, versioned: false, marker: 'score.wav' })).toThrow(InputError);
    expect(everything(base)).toEqual(['score.wav']);
    const versioned = claimOutputFolder(base, { force: false, versioned: true, marker: 'score.wav' });
    expect(versioned.dir).toBe(`${base}-2`);
    versioned.release();
  });

  it('two runs started together into the same --out: both exit 0, each in its own folder with its own seed', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'seq.xml'), tinyXmeml([[0, 200], [200, 400], [400, 600]]));
    const [one, two] = await Promise.all([
      runCli(['score', 'seq.xml', '--out', 'X', '--seed', '1', '--quiet'], cwd),
      runCli(['score', 'seq.xml', '--out', 'X', '--seed', '2', '--quiet'], cwd),
    ]);
    expect([one.code, two.code], one.stderr + two.stderr).toEqual([0, 0]);
    expect(two.stderr).toMatch(/warning: .*X is being written by another Cuebed run; this render went to X-2/);
    const seedIn = (dir: string) => JSON.parse(fs.readFileSync(path.join(cwd, dir, 'plan.json'), 'utf8')).seed;
    expect([seedIn('X'), seedIn('X-2')]).toEqual([1, 2]);
    for (const dir of ['X', 'X-2']) expect(everything(path.join(cwd, dir))).toEqual(['cuesheet.csv', 'plan.json', 'plan.svg', 'render.json', 'score.wav']);
  }, 120_000);
});

describe('a failing run removes only what it made', () => {
  it('abort keeps a folder it created when another run has written into it since', () => {
    const dir = path.join(tempDir(), 'X');
    const mine = new StagedOutput(dir);
    mine.stream('score.wav').write(new Uint8Array(10));
    // another run's finished render lands in the same folder
    for (const f of ['score.wav', 'plan.json']) fs.writeFileSync(path.join(dir, f), `theirs ${f}`);
    mine.abort();
    expect(everything(dir)).toEqual(['plan.json', 'score.wav']);
    expect(fs.readFileSync(path.join(dir, 'score.wav'), 'utf8')).toBe('theirs score.wav');
  });
});

describe('the spill file', () => {
  it('is opened exclusively: a symlink planted under its name just before the open is not followed', () => {
    const dir = path.join(tempDir(), 'render');
    const victim = path.join(tempDir(), 'victim.txt');
    fs.writeFileSync(victim, 'precious data\n');
    // the attacker wins the race: the name exists (as a symlink to the victim) when it is opened
    const racing = {
      ...fs,
      openSync: (file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
        if (String(file).endsWith('.spill')) fs.symlinkSync(victim, file);
        return fs.openSync(file, flags, mode);
      },
    } as WriteFs;
    const out = new StagedOutput(dir, racing);
    expect(() => out.guard(() => out.spill(2, 64).write(0, 64, [new Float32Array(64).fill(1), new Float32Array(64).fill(1)]))).toThrow(InputError);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious data\n');
  });

  it('has a name nobody can predict: two spills of one process differ in more than a counter', () => {
    const dir = path.join(tempDir(), 'render');
    const out = new StagedOutput(dir);
    const a = out.spill(2, 64);
    const b = out.spill(2, 64);
    const names = fs.readdirSync(dir).filter((f) => f.endsWith('.spill')).sort();
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(new RegExp(`^\\.render\\.${process.pid}-[0-9a-f]{12}\\.spill$`));
    a.dispose();
    b.dispose();
    expect(everything(dir)).toEqual([]);
  });
});

describe('--force replaces the whole earlier render', () => {
  it('stems of the earlier render that the new one does not have are removed (and all of them without --stems)', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'seq.xml'), tinyXmeml([[0, 100], [100, 200]]));
    const first = await runCli(['score', 'seq.xml', '--out', 'o', '--stems', '--quiet'], cwd);
    expect(first.code, first.stderr).toBe(0);
    const stems = () => everything(path.join(cwd, 'o', 'stems'));
    const before = stems();
    const second = await runCli(['score', 'seq.xml', '--out', 'o', '--stems', '--force', '--style', 'ambient', '--quiet'], cwd);
    expect(second.code, second.stderr).toBe(0);
    const reported = Number(/, (\d+) stems/.exec(second.stdout)?.[1]);
    expect(stems()).toHaveLength(reported);
    expect(reported).toBeLessThan(before.length); // the case worth testing: fewer stems than before
    const third = await runCli(['score', 'seq.xml', '--out', 'o', '--force', '--quiet'], cwd);
    expect(third.code, third.stderr).toBe(0);
    expect(everything(path.join(cwd, 'o'))).toEqual(['cuesheet.csv', 'plan.json', 'plan.svg', 'render.json', 'score.wav']);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'o', 'render.json'), 'utf8')).options.stems).toBe(false);
  }, 120_000);
});

/** The id of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}
