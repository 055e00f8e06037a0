/**
 * Issue 15 point 2: CEP 11/12 embed NW.js builds where worker_threads may not start (Adobe's own
 * samples never use workers). The CEP page then renders in-process, with the same job and files,
 * and says so once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/audio';
import { DEFAULT_SETTINGS, type RenderJob } from '../../src/panel';
import { FallbackRenderService, cepRenderers } from '../../src/panel/fallback-service';
import * as renderWorker from '../../panel/node/render-worker';
import { shortSnapshot } from './short-snapshot';

const snapshot = shortSnapshot;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const WORKER = '/ext/com.cuebed.panel/panel/dist/render-worker.js';

/** The `require` of a CEP page whose Node has no usable worker_threads (panel/src/render-services.ts builds the service from it). */
function requireWithoutWorkers(id: string): unknown {
  if (id === 'worker_threads') return { Worker: class { constructor() { throw new Error("Cannot find module 'worker_threads'"); } } };
  if (id === WORKER) return renderWorker;
  throw new Error(`unexpected require ${id}`);
}

describe('CEP without worker threads', () => {
  it('renders in the page, writes the same files, and tells the page once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-fallback-'));
    dirs.push(dir);
    const service = new FallbackRenderService(...cepRenderers(requireWithoutWorkers, WORKER));
    const said: string[] = [];
    service.onFallback = (r) => said.push(r);
    const job: RenderJob = { kind: 'score', settings: DEFAULT_SETTINGS, snapshot: snapshot(), projectPath: path.join(dir, 'Film.prproj'), documentsPath: dir };
    const out = await service.render(job, () => {});
    expect(out.folder).toBe(path.join(dir, 'Cuebed', 'score-v1'));
    expect(decodeWav(fs.readFileSync(out.wavPath)).channels[0].length).toBe(out.plan.sequence.durationSamples);
    expect(said).toEqual(["Could not start the render worker: Cannot find module 'worker_threads'"]);
    expect(service.name).toBe('in-process');
    const again = await service.render({ ...job, settings: { ...DEFAULT_SETTINGS, seed: 2 } }, () => {});
    expect(again.folder).toBe(path.join(dir, 'Cuebed', 'score-v2'));
    expect(said).toHaveLength(1);
  });
});
