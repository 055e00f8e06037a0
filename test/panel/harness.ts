/**
 * Browser-test harness for the panel: builds the page with webpack's Node API into a temporary
 * folder, serves it on 127.0.0.1, and gives the page
 *  - a CSInterface stand-in (`window.__adobe_cep__`) whose evalScript runs the real host/*.jsx in
 *    the Premiere DOM emulator of test/host/emulator (in this Node process, via exposeFunction);
 *  - a render endpoint (cuebedRenderStart/Poll/Cancel) backed by the built render-worker.js in a
 *    Node worker thread, exactly the worker the panel starts in CEP.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { samplesToTicks } from '../../src/time';
import { WorkerRenderService, type WorkerLike } from '../../src/panel/worker-client';
import type { RenderJob, WorkerMessage } from '../../src/panel/types';
import { lastRender, nodeSidecarFs, rememberRender, type RenderEntry } from '../../src/panel/sidecar';
import type { Emulator } from '../host/emulator';
import { ROOT } from '../paths';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Builds the panel (development mode: same code, no minifier) into `outDir`. */
export async function buildPanel(outDir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(path.join(ROOT, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => import('webpack').Configuration[];
  const configs = makeConfig({}, { mode: 'development' }).map((c) => ({ ...c, devtool: false as const, output: { ...c.output, path: outDir } }));
  await new Promise<void>((resolve, reject) => {
    webpack(configs, (err, stats) => {
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) return reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'webpack failed'));
      resolve();
    });
  });
}

/** Serves the built page and, under /media?path=, WAVs inside `mediaRoot` (for the audio preview). */
export async function serve(dir: string, mediaRoot: string): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wav': 'audio/wav' };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string;
    if (u.pathname === '/media') {
      file = path.resolve(u.searchParams.get('path') ?? '');
      if (!file.startsWith(path.resolve(mediaRoot) + path.sep)) {
        res.writeHead(403).end();
        return;
      }
    } else {
      file = path.join(dir, u.pathname === '/' ? 'index.html' : path.normalize(u.pathname).replace(/^[/\\]+/, ''));
      if (!file.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      const type = types[path.extname(file)] ?? 'application/octet-stream';
      // Media elements need byte ranges to know a file's duration.
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        res.writeHead(206, { 'content-type': type, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
        res.end(body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', 'content-length': body.length, 'cache-control': 'no-store' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface RenderEndpointStats {
  started: number;
  finished: number;
  cancelled: number;
}

/**
 * Wires the page to the emulator and a render worker. Rendered WAVs are registered as files on the
 * emulated disk (importFiles only finds media the emulator knows).
 */
export async function wirePage(page: Page, emu: Emulator, workerFile: string, documentsPath: string): Promise<RenderEndpointStats> {
  const stats: RenderEndpointStats = { started: 0, finished: 0, cancelled: 0 };
  const service = new WorkerRenderService(() => new Worker(workerFile) as unknown as WorkerLike);
  const queues = new Map<number, WorkerMessage[]>();
  let nextId = 1;
  await page.exposeFunction('__cuebedEvalScript', (script: string) => emu.evalScript(script));
  await page.exposeFunction('cuebedRenderStart', (job: RenderJob) => {
    const id = nextId++;
    const queue: WorkerMessage[] = [];
    queues.set(id, queue);
    stats.started++;
    service
      .render(job, (progress) => queue.push({ type: 'progress', id, progress }))
      .then((outcome) => {
        const sr = outcome.plan.sequence.sampleRate;
        if (outcome.wavPath) emu.addFile(outcome.wavPath, samplesToTicks(outcome.plan.sequence.durationSamples, sr));
        outcome.stingerWavs.forEach((p, i) => {
          const s = outcome.plan.stingers[i];
          emu.addFile(p, samplesToTicks(s.endSample - s.startSample, sr));
        });
        stats.finished++;
        queue.push({ type: 'done', id, outcome });
      })
      .catch((err: { code?: string; message?: string }) => {
        queue.push({ type: 'failed', id, failure: { code: (err.code ?? 'INTERNAL') as 'INTERNAL', message: err.message ?? String(err) } });
      });
    return id;
  });
  await page.exposeFunction('cuebedRenderPoll', (id: number) => {
    const q = queues.get(id) ?? [];
    return q.splice(0, q.length);
  });
  // The sidecar store (renders.json) on this Node side, as the CEP page does it over require('fs').
  const sidecarFs = nodeSidecarFs(fs);
  await page.exposeFunction('cuebedLastRender', (roots: string[], sequenceId: string) => lastRender(sidecarFs, roots, sequenceId));
  await page.exposeFunction('cuebedRemember', (root: string, sequenceId: string, entry: RenderEntry) => {
    rememberRender(sidecarFs, root, sequenceId, entry);
  });
  await page.exposeFunction('cuebedRenderCancel', () => {
    stats.cancelled++;
    service.cancel();
  });
  // Page-side stand-ins (plain script text: the test tsconfig has no DOM types).
  await page.addInitScript({
    content: `(function (docs) {
      var w = window;
      var listeners = {};
      var env = { appName: 'PPRO', appVersion: '25.0', appSkinInfo: { baseFontSize: 11, panelBackgroundColor: { color: { red: 50, green: 50, blue: 50, alpha: 255 } } } };
      w.__cuebedTest = {
        env: env,
        keyInterest: [],
        fire: function (type, data) { (listeners[type] || []).forEach(function (l) { l({ type: type, data: data }); }); }
      };
      w.__adobe_cep__ = {
        evalScript: function (script, cb) { w.__cuebedEvalScript(script).then(function (r) { if (cb) cb(r); }); },
        getHostEnvironment: function () { return JSON.stringify(env); },
        addEventListener: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
        getSystemPath: function (t) { return t === 'myDocuments' ? docs : ''; },
        registerKeyEventsInterest: function (json) { w.__cuebedTest.keyInterest.push(JSON.parse(json)); }
      };
      w.cuebedMediaUrl = function (p) { return '/media?path=' + encodeURIComponent(p); };
    })(${JSON.stringify(documentsPath)});`,
  });
  return stats;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A built panel served on 127.0.0.1 to a fresh headless Chromium, with an empty project file. */
export interface PanelSession {
  work: string;
  dist: string;
  project: string;
  browser: BrowserContext;
  server: { url: string; close: () => Promise<void> };
  page: Page;
  close(): Promise<void>;
}

export async function launchPanel(prefix: string): Promise<PanelSession> {
  const work = tempDir(prefix);
  const dist = path.join(work, 'dist');
  const project = path.join(work, 'projects', 'Launch film.prproj');
  fs.mkdirSync(path.dirname(project), { recursive: true });
  fs.writeFileSync(project, '');
  const [, browser] = await Promise.all([
    buildPanel(dist),
    // A fresh profile per run (launchPersistentContext passes it as --user-data-dir).
    chromium.launchPersistentContext(path.join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 420, height: 760 } }),
  ]);
  const server = await serve(dist, work);
  const page = browser.pages()[0] ?? (await browser.newPage());
  return {
    work, dist, project, browser, server, page,
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
