/**
 * The render worker (worker_threads): one job at a time, progress throttled to ~20 messages/s.
 * Bundled by webpack as panel/dist/render-worker.js; the panel (CEP, Node enabled) and the tests
 * start it with `new Worker(path)`.
 */
import { parentPort } from 'node:worker_threads';
import { runRenderJob, toRenderError } from './job';
import type { RenderProgress, WorkerMessage, WorkerRequest } from './types';

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    if (req.type !== 'render') return;
    const send = (m: WorkerMessage) => port.postMessage(m);
    let lastAt = 0;
    let lastStage = '';
    const onProgress = (p: RenderProgress) => {
      const now = Date.now();
      if (p.stage === lastStage && now - lastAt < 50 && p.fraction < 1) return;
      lastAt = now;
      lastStage = p.stage;
      send({ type: 'progress', id: req.id, progress: p });
    };
    try {
      const outcome = runRenderJob(req.job, onProgress);
      send({ type: 'done', id: req.id, outcome });
    } catch (err) {
      const e = toRenderError(err);
      send({ type: 'failed', id: req.id, failure: { code: e.code, message: e.message } });
    }
  });
}
