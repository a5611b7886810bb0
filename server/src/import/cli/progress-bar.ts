/** Where a progress bar draws: a terminal (one line redrawn in place) or a log (a line every 5%). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const REDRAW_EVERY_MS = 100;
const LOG_STEPS = 20;
const BAR_WIDTH = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A progress bar on stderr: count/total, rate and time left. On a terminal it redraws one line (ANSI
 * `\r` + clear line, at most ten times a second); elsewhere (a log, CI) it prints a line every 5%.
 */
export class ProgressBar {
  private readonly startedAt: number;
  private done = 0;
  private drawnAt = -Infinity;
  private loggedStep = -1;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  update(done: number): void {
    this.done = Math.min(done, this.total);
    if (this.finished) return;
    if (this.stream.isTTY) {
      const at = this.now();
      if (at - this.drawnAt < REDRAW_EVERY_MS && this.done < this.total) return;
      this.drawnAt = at;
      this.stream.write(`\r\x1b[2K${this.fit(this.line(true))}`);
      return;
    }
    const step = this.total === 0 ? LOG_STEPS : Math.floor((this.done * LOG_STEPS) / this.total);
    if (step > this.loggedStep) {
      this.loggedStep = step;
      this.stream.write(`${this.line(false)}\n`);
    }
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (this.finished) return;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${this.fit(this.line(true))}\n`);
    else if (this.loggedStep < LOG_STEPS || this.done < this.total) this.stream.write(`${this.line(false)}\n`);
    this.finished = true;
  }

  private line(withBar: boolean): string {
    const elapsed = (this.now() - this.startedAt) / 1000;
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const left =
      this.done >= this.total
        ? `took ${formatDuration(elapsed)}`
        : `ETA ${rate > 0 ? formatDuration((this.total - this.done) / rate) : '--'}`;
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = withBar ? ` [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]` : '';
    return `${this.label}${bar} ${this.done}/${this.total} (${Math.floor(ratio * 100)}%) ${rate.toFixed(rate < 10 ? 1 : 0)}/s ${left}`;
  }

  private fit(text: string): string {
    const columns = this.stream.columns;
    return columns && text.length >= columns ? text.slice(0, columns - 1) : text;
  }
}
