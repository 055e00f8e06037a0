import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { runPlan } from '../../src/cli/plan-command';
import { UsageError } from '../../src/cli/args';
import { InputError } from '../../src/timeline/model';
import type { Plan } from '../../src/plan/types';
import { OWN_FIXTURES, ROOT } from '../paths';
import { listFiles, tempDir } from '../cli/run';

const validatePlan = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'plan.schema.json'), 'utf8')));

function run(argv: string[], cwd = tempDir()) {
  let stdout = '';
  let stderr = '';
  const code = runPlan(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
  return { code, stdout, stderr, cwd };
}

describe('cuebed plan', () => {
  it('--explain on the demo: brief phrases, unused words, sections, hit rate, tempo change; writes nothing', () => {
    const r = run(['--brief', 'bright forward-moving product video with a kazoo, builds in the final 20 seconds', '--explain', '--stingers', 'scenes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"bright" → mood bright/);
    expect(r.stdout).toMatch(/"forward-moving" → upper half of the tempo range/);
    expect(r.stdout).toMatch(/preset corporate/);
    expect(r.stdout).toMatch(/not used: kazoo/);
    expect(r.stderr).toMatch(/warning: the brief's words "kazoo" were not used/);
    expect(r.stdout).toMatch(/^ {2}00:00:00:00 {2}intro/m);
    expect(r.stdout).toMatch(/Hit rate: \d+\.\d% \(\d+ of 23 cuts/);
    expect(r.stdout).toMatch(/Largest tempo change: \d+\.\d\d%/);
    expect(r.stdout).toMatch(/Dialogue: 11 regions \(11 from speech detected in the media, 0 from clip extents\)/);
    expect(r.stdout).toMatch(/Stingers: \d+/);
    const rows = r.stdout.split('Sections:\n')[1].split('\n\n')[0].split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row).toMatch(/ (intro|build|peak|resolve|outro|texture) +\d+ +\d+\.\d\d +\d\/4 +\d\.\d\d +[A-G][b#]? \w+ +\S+/);
    expect(listFiles(r.cwd)).toEqual([]);
  });

  it('--json prints a plan that validates against the schema', () => {
    const r = run(['--json', '--seed', '4']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(validatePlan(plan), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(plan.seed).toBe(4);
    expect(plan.hitRate).toBeGreaterThanOrEqual(0.5);
  });

  it('reads the dialogue media beside the XML and ducks only where speech is', () => {
    const r = run([path.join(OWN_FIXTURES, 'speech', 'interview.xml'), '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(validatePlan(plan), JSON.stringify(validatePlan.errors)).toBe(true);
    expect(plan.dialogue.map((d) => d.source)).toEqual(['speech: Interview', 'speech: Interview', 'speech: Interview']);
    // Clip at 4 s; first phrase at 0.5–1.291 s of the media.
    expect(plan.dialogue[0].start).toBeGreaterThan(4.4);
    expect(plan.dialogue[0].start).toBeLessThan(4.56);
    const explained = run([path.join(OWN_FIXTURES, 'speech', 'interview.xml'), '--explain']);
    expect(explained.stdout).toMatch(/3 regions \(3 from speech detected/);
    const off = JSON.parse(run([path.join(OWN_FIXTURES, 'speech', 'interview.xml'), '--json', '--no-speech']).stdout) as Plan;
    expect(off.dialogue.map((d) => d.source)).toEqual(['clip: Interview']);
  });

  it('bad usage and bad input throw the CLI errors (exit 2 in main)', () => {
    expect(() => run(['--preset', 'polka'])).toThrow(UsageError);
    expect(() => run(['--style', 'loud'])).toThrow(UsageError);
    expect(() => run(['--json', '--explain'])).toThrow(UsageError);
    expect(() => run(['--duck-db', '5'])).toThrow(UsageError);
    expect(() => run(['--wat'])).toThrow(UsageError);
    expect(() => run(['a.xml', 'b.xml'])).toThrow(UsageError);
    expect(() => run(['/no/such/sequence.xml'])).toThrow(InputError);
    expect(run(['--help']).stdout).toMatch(/usage: cuebed plan/);
  });
});
