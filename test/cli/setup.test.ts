/**
 * Issue 15 point 15: set-up as a new user meets it. `--version`; every versioned output folder
 * ignored by git; long renders say where they are when stderr is not a terminal; the README states
 * the real Node requirement, and nothing `npm ci` installs wants a newer one (the bench's Web Audio
 * peer lives in bench/peer, installed on demand).
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

  it('npm ci installs nothing that wants a newer Node than package.json promises (no EBADENGINE on Node 20)', () => {
    expect(pkg.engines.node).toBe('>=20');
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };
    const tooNew = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && p.engines && !Array.isArray(p.engines) && typeof p.engines.node === 'string')
      .filter(([, p]) => {
        // ">= 22", ">=22.0.0", "^22 || ^24": the lowest major it accepts
        const majors = [...String((p.engines as { node: string }).node).matchAll(/(\d+)(?:\.\d+)*/g)].map((m) => Number(m[1]));
        return majors.length > 0 && Math.min(...majors) > 20;
      })
      .map(([name]) => name);
    expect(tooNew).toEqual([]);
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('node-web-audio-api');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/Node\.js 20 or newer/);
    expect(readme).toMatch(/bench\/peer/);
  });

  it('the bench finds its Web Audio peer in bench/peer, installs it on demand, and says why when it cannot', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadPeer } = require(path.join(ROOT, 'bench', 'peer', 'load.js')) as {
      loadPeer: (o: { dir: string; install: boolean; log: (s: string) => void; run?: (...a: unknown[]) => { status: number | null; stderr: string } }) => { wa: unknown; note: string };
    };
    const empty = tempDir();
    fs.writeFileSync(path.join(empty, 'package.json'), '{"name":"peer","private":true}');
    const log: string[] = [];
    const skipped = loadPeer({ dir: empty, install: false, log: (s) => log.push(s) });
    expect(skipped.wa).toBeNull();
    expect(skipped.note).toMatch(/node-web-audio-api is not installed in bench\/peer/);
    const calls: unknown[][] = [];
    const failed = loadPeer({ dir: empty, install: true, log: (s) => log.push(s), run: (...a) => (calls.push(a), { status: 1, stderr: 'npm error network ENOTFOUND registry.npmjs.org\n' }) });
    expect(failed.wa).toBeNull();
    expect(failed.note).toMatch(/could not be installed .*ENOTFOUND.*Node 22 or newer/);
    expect(calls[0][1]).toEqual(expect.arrayContaining(['ci']));
    expect(log.join('\n')).toMatch(/installing the Web Audio comparison peer/);
    // An installed peer is loaded from bench/peer's own node_modules.
    const mod = path.join(empty, 'node_modules', 'node-web-audio-api');
    fs.mkdirSync(mod, { recursive: true });
    fs.writeFileSync(path.join(mod, 'package.json'), '{"name":"node-web-audio-api","main":"index.js"}');
    fs.writeFileSync(path.join(mod, 'index.js'), 'module.exports = { OfflineAudioContext: function () {} };');
    const found = loadPeer({ dir: empty, install: false, log: (s) => log.push(s) });
    expect(found.note).toBe('');
    expect(found.wa).toHaveProperty('OfflineAudioContext');
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'peer', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(own.dependencies).toHaveProperty('node-web-audio-api');
    expect(fs.existsSync(path.join(ROOT, 'bench', 'peer', 'package-lock.json'))).toBe(true);
  });
});
