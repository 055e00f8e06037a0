/**
 * Issue 13 point 3 in the panel: the CEP render worker plays the sampled instruments on the sound
 * bank and caches the decoded samples in the extension's data folder; where there is no bank (or
 * UXP, which does not run the decoder) the render plays the synth palette and says so.
 * The worker's own renderer (panel/node/render-worker.ts, the same job code the worker thread runs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cepUserDataFolder, panelCacheDir, panelSoundBank } from '../../src/io/panel-bank';
import { nodeJobOutput } from '../../src/io/job-output';
import { DEFAULT_SETTINGS, type RenderJob } from '../../src/panel';
import { InProcessRenderService } from '../../src/panel/inprocess-service';
import * as renderWorker from '../../panel/node/render-worker';
import { shortSnapshot } from './short-snapshot';

const snapshot = shortSnapshot;

const dirs: string[] = [];
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = { bank: process.env.CUEBED_SOUND_BANK, cache: process.env.CUEBED_CACHE_DIR };
});
afterEach(() => {
  for (const [k, v] of [['CUEBED_SOUND_BANK', saved.bank], ['CUEBED_CACHE_DIR', saved.cache]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-panel-bank-'));
  dirs.push(d);
  return d;
}

describe("the panel's data folder", () => {
  it("is CEP's USER_DATA as Node finds it, plus Cuebed", () => {
    expect(cepUserDataFolder({ APPDATA: 'C:\\Users\\ed\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ed')).toBe('C:\\Users\\ed\\AppData\\Roaming');
    expect(cepUserDataFolder({}, 'darwin', '/Users/ed')).toBe('/Users/ed/Library/Application Support');
    expect(cepUserDataFolder({}, 'linux', '/home/ed')).toBe('/home/ed/.config');
    expect(panelCacheDir({ CUEBED_CACHE_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(panelCacheDir({ XDG_CONFIG_HOME: '/home/ed/.config' })).toBe(process.platform === 'linux' ? path.join('/home/ed/.config', 'Cuebed') : panelCacheDir({}));
  });
});

describe('CEP worker renders on the sound bank', () => {
  it('plays the sampled instruments, caches the decoded samples in the data folder, and a warm render writes the same bytes', async () => {
    const dir = tmp(), cache = tmp();
    delete process.env.CUEBED_SOUND_BANK;
    process.env.CUEBED_CACHE_DIR = cache;
    const service = renderWorker.inProcessRenderService();
    const job: RenderJob = { kind: 'score', settings: DEFAULT_SETTINGS, snapshot: snapshot(), projectPath: path.join(dir, 'Film.prproj'), documentsPath: dir };
    const cold = await service.render(job, () => {});
    expect(cold.soundNote ?? '').toBe('');
    const record = JSON.parse(fs.readFileSync(path.join(cold.folder, 'render.json'), 'utf8'));
    expect(record.options.soundBank.name).toBe('MuseScore_General_Lite');
    expect(record.options.soundBank.credits).toMatch(/S\. Christian Collins/);
    // decoded samples, keyed by the bank's hash, in the data folder
    const samples = path.join(cache, 'samples', record.options.soundBank.sha256.slice(0, 32));
    const cached = fs.readdirSync(samples).filter((f) => f.endsWith('.f32'));
    expect(cached.length).toBeGreaterThan(0);
    const warm = await service.render(job, () => {});
    expect(warm.folder).not.toBe(cold.folder);
    expect(fs.readFileSync(warm.wavPath).equals(fs.readFileSync(cold.wavPath))).toBe(true);
  }, 120000);

  it('without a bank plays the synth palette and says so', async () => {
    const dir = tmp();
    process.env.CUEBED_SOUND_BANK = 'none';
    expect((await panelSoundBank(tmp())).bank).toBeNull();
    const job: RenderJob = { kind: 'score', settings: DEFAULT_SETTINGS, snapshot: snapshot(), projectPath: path.join(dir, 'Film.prproj'), documentsPath: dir };
    const out = await renderWorker.inProcessRenderService().render(job, () => {});
    expect(out.soundNote).toMatch(/synth palette/);
    expect(JSON.parse(fs.readFileSync(path.join(out.folder, 'render.json'), 'utf8')).options.soundBank).toBeUndefined();
  }, 120000);

  it('UXP (no Vorbis decoder) says with the render that it played the synth palette', async () => {
    const dir = tmp();
    const why = 'the UXP plugin does not run the sound bank\'s Vorbis decoder yet, so this render plays the synth palette';
    const service = new InProcessRenderService(nodeJobOutput, undefined, () => Promise.resolve(), async () => ({ bank: null, why }));
    const job: RenderJob = { kind: 'score', settings: DEFAULT_SETTINGS, snapshot: snapshot(), projectPath: path.join(dir, 'Film.prproj'), documentsPath: dir };
    const out = await service.render(job, () => {});
    expect(out.soundNote).toBe(`Sampled instruments: ${why}.`);
  }, 120000);
});
