/**
 * The panel's render worker (worker_threads), bundled by webpack as panel/dist/render-worker.js.
 * The panel (CEP, Node enabled) and the browser test start it with `new Worker(path)`; it runs one
 * job at a time (src/panel/job.ts: score, stingers, or regenerate around edits, which reads the
 * previous render through the probe) and throttles progress to ~20 messages a second. This file,
 * src/io and the page's sidecar store (renders.json, over the CEP page's require('fs')) are the
 * panel's only file-system code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { runRenderJob, toRenderError } from '../../src/panel/job';
import type { FolderProbe } from '../../src/panel/output';
import type { RenderProgress, WorkerMessage, WorkerRequest } from '../../src/panel/types';

/** True when `folder` (or its nearest existing ancestor) is a writable directory. */
export function canWriteUnder(folder: string): boolean {
  let cur = path.resolve(folder);
  for (;;) {
    if (fs.existsSync(cur)) {
      try {
        if (!fs.statSync(cur).isDirectory()) return false;
        fs.accessSync(cur, fs.constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    const up = path.dirname(cur);
    if (up === cur) return false;
    cur = up;
  }
}

export const nodeFolderProbe: FolderProbe = {
  writable: canWriteUnder,
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  read(file) {
    const b = fs.readFileSync(file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
};

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
      const outcome = runRenderJob(req.job, nodeFolderProbe, onProgress);
      send({ type: 'done', id: req.id, outcome });
    } catch (err) {
      const e = toRenderError(err);
      send({ type: 'failed', id: req.id, failure: { code: e.code, message: e.message } });
    }
  });
}
