/**
 * A RenderService that prefers a worker and falls back to rendering in the page when the worker
 * cannot start (CEP 11/12 embed NW.js builds whose worker_threads support is not guaranteed; Adobe's
 * samples never use workers). The fallback is the same in-process service the UXP panel uses; the
 * page is told once, so it can say why the panel is slower to respond while rendering.
 */
import { RenderError, type RenderJob, type RenderOutcome, type RenderProgress, type RenderService } from './types';
import { WorkerRenderService, WorkerStartError, type WorkerLike } from './worker-client';

export class FallbackRenderService implements RenderService {
  private active: RenderService;
  private fellBack = false;
  /** Called once, when rendering moves into the page, with the worker's failure. */
  onFallback: (reason: string) => void = () => {};

  constructor(
    primary: RenderService,
    private readonly makeFallback: () => RenderService,
  ) {
    this.active = primary;
  }

  get name(): string {
    return this.active.name;
  }

  async render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome> {
    try {
      return await this.active.render(job, onProgress);
    } catch (err) {
      if (this.fellBack || !(err instanceof WorkerStartError)) throw err;
      let fallback: RenderService;
      try {
        fallback = this.makeFallback();
      } catch (e) {
        throw new RenderError('INTERNAL', `${err.message}; rendering in the panel is not possible either: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.active = fallback;
      this.fellBack = true;
      this.onFallback(err.message);
      return this.active.render(job, onProgress);
    }
  }

  cancel(): void {
    this.active.cancel();
  }
}

/**
 * CEP's two ways to render, over the page's Node `require`: a worker_threads Worker running
 * `workerPath` (render-worker.js), and that same file loaded into the page, whose exported
 * inProcessRenderService runs the job here.
 */
export function cepRenderers(req: (id: string) => unknown, workerPath: string): [RenderService, () => RenderService] {
  const worker = new WorkerRenderService(() => {
    const { Worker } = req('worker_threads') as { Worker: new (file: string) => WorkerLike };
    return new Worker(workerPath);
  });
  const inPage = () => {
    const mod = req(workerPath) as { inProcessRenderService?: () => RenderService };
    if (typeof mod.inProcessRenderService !== 'function') throw new Error(`${workerPath} has no in-process renderer`);
    return mod.inProcessRenderService();
  };
  return [worker, inPage];
}
