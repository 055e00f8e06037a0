/**
 * One self-overwriting progress line on stderr when stderr is a terminal. When it is not (a log,
 * a CI job, a pipe), long renders get plain lines instead — a line per stage and per quarter of
 * the rendering — so a minute without output does not look like a hang (plain(), issue 15.15).
 */
/** Stages that report how far they are (reading: the share of an FCP7 XML parsed; planning: the tempo fit's boundaries walked). */
const COUNTED: ReadonlySet<string> = new Set(['reading', 'planning', 'rendering']);

export class ProgressLine {
  private last = '';
  private plainOn = false;
  private lastPlain = '';

  /** Plain progress lines for this run, when the terminal line is off and `on` (a long render). */
  plain(on: boolean): void {
    this.plainOn = on && !this.enabled;
  }

  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
  ) {}

  show(stage: string, fraction: number): void {
    if (this.plainOn) {
      const quarter = COUNTED.has(stage) ? ` ${Math.min(100, Math.floor(fraction * 4) * 25)}%` : '';
      const line = `cuebed: ${stage}${quarter}`;
      if (line !== this.lastPlain) this.write(`${line}\n`);
      this.lastPlain = line;
      return;
    }
    if (!this.enabled) return;
    const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    const line = `cuebed: ${stage}${COUNTED.has(stage) ? ` ${pct}%` : '…'}`;
    if (line === this.last) return;
    this.last = line;
    this.write(`\r\x1b[2K${line}`);
  }

  done(): void {
    if (this.enabled && this.last) this.write('\r\x1b[2K');
    this.last = '';
  }
}
