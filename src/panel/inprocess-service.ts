/**
 * A RenderService that runs the job in the panel's own JavaScript: the UXP panel's, which has
 * neither Node nor worker threads. The score is rendered a slice of about 12 ms at a time with a
 * frame for the page in between (src/panel/job.ts JobRunOptions.pause), so the progress bar moves
 * and Cancel is taken while it renders; a cancelled render commits nothing.
 */
import type { SpeechReader } from '../plan';
import { runRenderJob, toRenderError } from './job';
import type { JobOutput } from './output';
import { RenderError, type PanelSound, type RenderJob, type RenderOutcome, type RenderProgress, type RenderService } from './types';

export class InProcessRenderService implements RenderService {
  readonly name = 'in-process';
  private running: { cancelled: boolean } | null = null;

  constructor(
    private readonly output: JobOutput,
    private readonly speech?: SpeechReader,
    /** Lets the page draw (setTimeout 0 in a panel). */
    private readonly nextFrame: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
    /** The sound bank, or why this panel plays the synth palette (JobRunOptions.sound). */
    private readonly sound?: () => Promise<PanelSound>,
  ) {}

  async render(job: RenderJob, onProgress: (p: RenderProgress) => void): Promise<RenderOutcome> {
    if (this.running) throw new RenderError('INTERNAL', 'A render is already running; wait for it or cancel it.');
    const run = { cancelled: false };
    this.running = run;
    try {
      onProgress({ stage: 'reading', fraction: 0 });
      await this.nextFrame();
      return await runRenderJob(job, this.output, onProgress, { speech: this.speech, cancelled: () => run.cancelled, pause: this.nextFrame, sound: this.sound });
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
