/**
 * RenderService over a worker that speaks WorkerRequest/WorkerMessage: Node worker_threads in CEP
 * (and in tests). The worker is created per render and terminated on cancel, so a cancelled render
 * stops at once instead of running on in the background.
 */
import { RenderError, type RenderJob, type RenderOutcome, type RenderProgress, type RenderService, type WorkerMessage, type WorkerRequest } from './types';

/** The part of worker_threads.Worker used here. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  on(event: 'message', listener: (m: WorkerMessage) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

/**
 * The worker could not be started, or died before it said anything: CEP's embedded NW.js may lack
 * worker_threads (Adobe's samples never use them). The page can still render in-process.
 */
export class WorkerStartError extends RenderError {
  override name = 'WorkerStartError';
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

export class WorkerRenderService implements RenderService {
  readonly name = 'node-worker';
  private current: { worker: WorkerLike; fail: (e: RenderError) => void } | null = null;
  private nextId = 1;

  constructor(private readonly createWorker: () => WorkerLike) {}

  render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome> {
    if (this.current) return Promise.reject(new RenderError('INTERNAL', 'A render is already running; wait for it or cancel it.'));
    const id = this.nextId++;
    return new Promise<RenderOutcome>((resolve, reject) => {
      let settled = false;
      let heard = false;
      let worker: WorkerLike;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        this.current = null;
        try {
          worker.terminate();
        } catch {
          /* already gone */
        }
        f();
      };
      try {
        worker = this.createWorker();
      } catch (err) {
        reject(new WorkerStartError(`Could not start the render worker: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      this.current = { worker, fail: (e) => finish(() => reject(e)) };
      worker.on('message', (m: WorkerMessage) => {
        heard = true;
        if (m.id !== id) return;
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'done') finish(() => resolve(m.outcome));
        else finish(() => reject(new RenderError(m.failure.code, m.failure.message)));
      });
      const died = (message: string) => (heard ? new RenderError('INTERNAL', message) : new WorkerStartError(message));
      worker.on('error', (err: Error) => finish(() => reject(died(`The render worker failed: ${err.message}`))));
      worker.on('exit', (code: number) => finish(() => reject(died(`The render worker stopped unexpectedly (exit ${code}).`))));
      worker.postMessage({ type: 'render', id, job });
    });
  }

  cancel(): void {
    this.current?.fail(new RenderError('CANCELLED', 'Render cancelled.'));
  }
}
