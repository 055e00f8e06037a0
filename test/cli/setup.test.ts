/**
 * Issue 15 point 15: set-up as a new user meets it. `--version`; every versioned output folder
 * ignored by git; long renders say where they are when stderr is not a terminal; the README states
 * the real Node requirement (the EBADENGINE warning comes from the bench-only peer).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths';
import { tinyXmeml } from '../robustness/helpers';
import { runCli, tempDir } from './run';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string }; devDependencies?: Record<string, string>; dependencies?: Record<string, string> };

describe('set-up', () => {
  it('cuebed --version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`cuebed ${pkg.version}\n`);
    }
  });

  it('git ignores every versioned output folder, not only the first', () => {
    for (const f of ['cuebed-out/score.wav', 'cuebed-out-2/score.wav', 'cuebed-out-17/plan.json']) {
      expect(() => execFileSync('git', ['check-ignore', '-q', f], { cwd: ROOT }), f).not.toThrow();
    }
    expect(() => execFileSync('git', ['check-ignore', '-q', 'src/cli/main.ts'], { cwd: ROOT })).toThrow();
  });

  it('a long render prints plain progress lines when stderr is not a terminal; --quiet and short renders print none', async () => {
    const cwd = tempDir();
    // 130 s at 25 fps
    fs.writeFileSync(path.join(cwd, 'long.xml'), tinyXmeml([[0, 1625], [1625, 3250]], { dialogue: false }));
    const r = await runCli(['score', 'long.xml', '--out', 'o', '--no-speech'], cwd);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('cuebed: ') && !l.startsWith('cuebed: warning'));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines).toContain('cuebed: rendering 0%');
    expect(lines).toContain('cuebed: rendering 50%');
    expect(r.stderr).not.toMatch(/\r|\x1b/);
    const quiet = await runCli(['score', 'long.xml', '--out', 'q', '--no-speech', '--quiet'], cwd);
    expect(quiet.stderr.split('\n').filter((l) => l.startsWith('cuebed: ') && !l.startsWith('cuebed: warning'))).toEqual([]);
  });

  it('the README states the Node requirement and where the EBADENGINE warning comes from', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(pkg.engines.node).toBe('>=20');
    expect(readme).toMatch(/Node\.js 20 or newer/);
    const peer = 'node-web-audio-api';
    if ({ ...pkg.dependencies, ...pkg.devDependencies }[peer]) expect(readme).toMatch(/EBADENGINE[\s\S]{0,80}node-web-audio-api[\s\S]{0,200}Node 22/);
  });
});
