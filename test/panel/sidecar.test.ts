/** The last render per sequence in Cuebed/renders.json (src/panel/sidecar.ts), on a real disk. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { joinPath, lastRender, nodeSidecarFs, parentPath, parseSidecar, rememberRender, sequenceKey, sidecarRoots, SIDECAR_NAME } from '../../src/panel/sidecar';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-sidecar-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A render folder with plan.json and score.wav. */
function render(root: string, name: string): { folder: string; wavPath: string } {
  const folder = path.join(root, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'plan.json'), '{}');
  fs.writeFileSync(path.join(folder, 'score.wav'), 'RIFF');
  return { folder, wavPath: path.join(folder, 'score.wav') };
}

const sfs = nodeSidecarFs(fs);

describe('paths', () => {
  it('joins and splits POSIX and Windows paths without node:path', () => {
    expect(joinPath('/a/b/', 'Cuebed')).toBe('/a/b/Cuebed');
    expect(joinPath('C:\\Users\\ed\\Projects', 'Cuebed')).toBe('C:\\Users\\ed\\Projects\\Cuebed');
    expect(parentPath('/a/b/film.prproj')).toBe('/a/b');
    expect(parentPath('C:\\film.prproj')).toBe('C:\\');
    expect(parentPath('/film.prproj')).toBe('/');
    expect(sidecarRoots('/p/film.prproj', '/home/ed/Documents')).toEqual(['/p/Cuebed', '/home/ed/Documents/Cuebed']);
    expect(sidecarRoots('', '/docs')).toEqual(['/docs/Cuebed']);
    // the same folder as the render job's chooseOutputRoot
    expect(sidecarRoots('/p/x.prproj', '')[0]).toBe(path.join(path.dirname('/p/x.prproj'), 'Cuebed'));
  });

  it('keys a sequence by its ID, by name when it has none', () => {
    expect(sequenceKey({ id: 'abc-1', name: 'Edit' })).toBe('abc-1');
    expect(sequenceKey({ id: '', name: 'Edit' })).toBe('name:Edit');
  });
});

describe('renders.json', () => {
  it('remembers the last render per sequence, keeps the others, writes atomically', () => {
    const root = path.join(tmp(), 'Cuebed');
    const v1 = render(root, 'score-v1');
    const v2 = render(root, 'score-v2');
    const other = render(root, 'score-v3');
    rememberRender(sfs, root, 'seq-A', { ...v1, time: '2025-01-01T10:00:00.000Z' });
    rememberRender(sfs, root, 'seq-B', { ...other, time: '2025-01-01T10:05:00.000Z' });
    rememberRender(sfs, root, 'seq-A', { ...v2, time: '2025-01-01T10:10:00.000Z' });
    const file = JSON.parse(fs.readFileSync(path.join(root, SIDECAR_NAME), 'utf8'));
    expect(file).toEqual({
      'seq-A': { ...v2, time: '2025-01-01T10:10:00.000Z' },
      'seq-B': { ...other, time: '2025-01-01T10:05:00.000Z' },
    });
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(lastRender(sfs, [root], 'seq-A')?.folder).toBe(v2.folder);
    expect(lastRender(sfs, [root], 'seq-C')).toBeNull();
  });

  it('creates the Cuebed folder when it is not there yet', () => {
    const root = path.join(tmp(), 'nested', 'Cuebed');
    rememberRender(sfs, root, 's', { folder: '/x', wavPath: '/x/score.wav', time: 't' });
    expect(fs.existsSync(path.join(root, SIDECAR_NAME))).toBe(true);
  });

  it('ignores a render whose folder was deleted, and takes the newest across both roots', () => {
    const base = tmp();
    const beside = path.join(base, 'project', 'Cuebed');
    const docs = path.join(base, 'Documents', 'Cuebed');
    const a = render(beside, 'score-v1');
    const b = render(docs, 'score-v1');
    rememberRender(sfs, beside, 'S', { ...a, time: '2025-01-01T10:00:00.000Z' });
    rememberRender(sfs, docs, 'S', { ...b, time: '2025-01-02T10:00:00.000Z' });
    expect(lastRender(sfs, [beside, docs], 'S')?.folder).toBe(b.folder);
    fs.rmSync(b.folder, { recursive: true });
    expect(lastRender(sfs, [beside, docs], 'S')?.folder).toBe(a.folder);
    fs.rmSync(path.join(a.folder, 'plan.json'));
    expect(lastRender(sfs, [beside, docs], 'S')).toBeNull();
  });

  it('survives a damaged file: reads as empty, the next write replaces it', () => {
    const root = path.join(tmp(), 'Cuebed');
    const v1 = render(root, 'score-v1');
    fs.writeFileSync(path.join(root, SIDECAR_NAME), '{"S": {"folder": ');
    expect(lastRender(sfs, [root], 'S')).toBeNull();
    rememberRender(sfs, root, 'S', { ...v1, time: 'now' });
    expect(lastRender(sfs, [root], 'S')?.wavPath).toBe(v1.wavPath);
    expect(() => parseSidecar('[]')).toThrow(/not a JSON object/);
    expect(parseSidecar('{"a": {"folder": 1}, "b": {"folder": "/f", "wavPath": "/f/score.wav", "time": "t"}}')).toEqual({ b: { folder: '/f', wavPath: '/f/score.wav', time: 't' } });
  });

  it('a failed write leaves the earlier renders.json whole and no staging file', () => {
    const root = path.join(tmp(), 'Cuebed');
    rememberRender(sfs, root, 'S', { folder: '/a', wavPath: '/a/score.wav', time: '1' });
    const before = fs.readFileSync(path.join(root, SIDECAR_NAME), 'utf8');
    const failing = nodeSidecarFs({
      ...fs,
      readFileSync: fs.readFileSync,
      existsSync: fs.existsSync,
      mkdirSync: fs.mkdirSync,
      openSync: fs.openSync,
      writeSync: () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      fsyncSync: fs.fsyncSync,
      closeSync: fs.closeSync,
      renameSync: fs.renameSync,
      rmSync: fs.rmSync,
    } as never);
    expect(() => rememberRender(failing, root, 'S', { folder: '/b', wavPath: '/b/score.wav', time: '2' })).toThrow(/no space/);
    expect(fs.readFileSync(path.join(root, SIDECAR_NAME), 'utf8')).toBe(before);
    expect(fs.readdirSync(root)).toEqual([SIDECAR_NAME]);
  });
});
