/** One self-overwriting progress line on stderr, only when stderr is a terminal. */
export class ProgressLine {
  private last = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
  ) {}

  show(stage: string, fraction: number): void {
    if (!this.enabled) return;
    const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    const line = `cuebed: ${stage}${stage === 'rendering' ? ` ${pct}%` : '…'}`;
    if (line === this.last) return;
    this.last = line;
    this.write(`\r\x1b[2K${line}`);
  }

  done(): void {
    if (this.enabled && this.last) this.write('\r\x1b[2K');
    this.last = '';
  }
}
