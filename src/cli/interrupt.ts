/**
 * SIGINT / SIGTERM during a render: the render stops at its next chunk, this run's temporary and
 * spill files are removed (the caller's guard), and the command exits 128 + signal number (130,
 * 143), as shells expect. Node runs signal handlers only between tasks, so long work must yield
 * (`pause`) for a signal to be seen; `pause` then throws Interrupted.
 */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
  }

  get exitCode(): number {
    return this.signal === 'SIGINT' ? 130 : 143;
  }
}

export interface SignalWatch {
  /** Lets pending signals be delivered; throws Interrupted when one was. */
  pause(): Promise<void>;
  /** Throws Interrupted when a signal arrived (no yield). */
  check(): void;
  stop(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Catches SIGINT/SIGTERM until stop(); a second signal while cleaning up ends the process at once. */
export function watchSignals(): SignalWatch {
  let caught: Interrupted | null = null;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (caught) process.exit(caught.exitCode);
    caught = new Interrupted(signal);
  };
  for (const s of SIGNALS) process.on(s, handler);
  const check = () => {
    if (caught) throw caught;
  };
  return {
    check,
    pause: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      check();
    },
    stop: () => {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}

/**
 * Runs a step generator to its end, yielding to the event loop every `sliceMs` so signals are
 * seen (an interrupt is thrown out of the generator, whose `finally` blocks then run).
 */
export async function driveSteps<T>(steps: Generator<void, T, void>, watch: SignalWatch, sliceMs = 50): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      try {
        await watch.pause();
      } catch (err) {
        steps.return(undefined as T);
        throw err;
      }
      sliceStart = performance.now();
    }
  }
}
