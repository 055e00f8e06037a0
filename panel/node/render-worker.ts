/**
 * The panel's render worker (worker_threads), bundled by webpack as panel/dist/render-worker.js.
 * The panel (CEP, Node enabled) and the browser test start it with `new Worker(path)`; it runs one
 * job at a time (src/panel/job.ts: score, stingers, or regenerate around edits, which reads the
 * previous render through the job output) and throttles progress to ~20 messages a second. Its
 * files are written by src/io/job-output.ts; that, src/io and the page's sidecar store
 * (renders.json, over the CEP page's require('fs')) are the CEP panel's only file-system code.
 * Scores play their sampled instruments on the sound bank the panel build copies beside this file,
 * decoded samples cached in the extension's data folder (src/io/panel-bank.ts); without the bank
 * a render plays the synth palette and the panel says why.
 */
import { parentPort } from 'node:worker_threads';
import { nodeJobOutput } from '../../src/io/job-output';
import { createSpeechReader } from '../../src/io/media';
import { panelSoundBank } from '../../src/io/panel-bank';
import { InProcessRenderService } from '../../src/panel/inprocess-service';
import { runRenderJob, toRenderError } from '../../src/panel/job';
import type { RenderProgress, RenderService, WorkerMessage, WorkerRequest } from '../../src/panel/types';

/**
 * The same job in the caller's own thread: the CEP page loads this file with its Node `require` and
 * renders here when a worker cannot be started (panel/src/render-services.ts).
 */
export function inProcessRenderService(): RenderService {
  return new InProcessRenderService(nodeJobOutput, createSpeechReader(), undefined, sound);
}

/** The bank beside this bundle (its folder is __dirname: webpack keeps Node's own, see webpack.config.js). */
const sound = () => panelSoundBank(__dirname);

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
    // Speech found in the dialogue media, as the CLI does by default (clips whose media cannot be read keep their extents).
    runRenderJob(req.job, nodeJobOutput, onProgress, { speech: createSpeechReader(), sound }).then(
      (outcome) => send({ type: 'done', id: req.id, outcome }),
      (err: unknown) => {
        const e = toRenderError(err);
        send({ type: 'failed', id: req.id, failure: { code: e.code, message: e.message } });
      },
    );
  });
}
