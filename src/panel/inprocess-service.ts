/**
 * A RenderService that runs the job in the panel's own JavaScript: the UXP panel's, which has
 * neither Node nor worker threads. The job is CPU-bound and synchronous until its files are
 * written, so the service gives the page a frame before starting (the progress bar shows the
 * render has begun) and the panel waits while it runs (about 1 s per 2 min of sequence);
 * a cancel that gets through is honoured at the next stage and commits nothing.
 */
import type { SpeechReader } from '../plan';
import { runRenderJob, toRenderError } from './job';
import type { JobOutput } from './output';
import { RenderError, type RenderJob, type RenderOutcome, type RenderProgress, type RenderService } from './types';

export class InProcessRenderService implements RenderService {
  readonly name = 'in-process';
  private running: { cancelled: boolean } | null = null;

  constructor(
    private readonly output: JobOutput,
    private readonly speech?: SpeechReader,
    /** Lets the page draw (setTimeout 0 in a panel). */
    private readonly nextFrame: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ) {}

  async render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome> {
    if (this.running) throw new RenderError('INTERNAL', 'A render is already running; wait for it or cancel it.');
    const run = { cancelled: false };
    this.running = run;
    try {
      onProgress({ stage: 'reading', fraction: 0 });
      await this.nextFrame();
      return await runRenderJob(job, this.output, onProgress, this.speech, () => run.cancelled);
    } catch (err) {
      throw run.cancelled ? new RenderError('CANCELLED', 'Render cancelled.') : toRenderError(err);
    } finally {
      this.running = null;
    }
  }

  cancel(): void {
    if (this.running) this.running.cancelled = true;
  }
}
