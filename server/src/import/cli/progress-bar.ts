import { Format, SingleBar } from 'cli-progress';

/** Where a progress bar draws: a terminal (one line redrawn in place) or a log (a line every 5%). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

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
 * Progress on stderr: count/total, rate and time left. On a terminal, cli-progress draws the bar (one line redrawn
 * in place at most ten times a second, also while nothing moves, so a stall shows). Elsewhere (a log, CI) it prints
 * a plain line every 5%, at most 21 lines however long the run: cli-progress's own non-terminal mode prints a line
 * every few seconds instead, which fills a long CI log with copies of the bar.
 */
export class ProgressBar {
  private readonly startedAt: number;
  /** Exactly one of the two: cli-progress on a terminal, plain lines on anything else. */
  private readonly terminalBar?: SingleBar;
  private readonly log?: ProgressStream;
  private done = 0;
  /** When the count reached the total: the rate and time taken stop there, whatever runs before finish(). */
  private completedAt?: number;
  private loggedStep = -1;
  private finished = false;

  constructor(
    stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    if (stream.isTTY) {
      this.terminalBar = new SingleBar({
        stream: stream as NodeJS.WritableStream,
        fps: 10,
        barsize: BAR_WIDTH,
        barCompleteChar: '#',
        barIncompleteChar: '-',
        format: (options, params) => this.line(Format.BarFormat(params.progress, options)),
      });
      this.terminalBar.start(total, 0);
    } else {
      this.log = stream;
    }
  }

  update(done: number): void {
    this.done = Math.min(done, this.total);
    if (this.finished) return;
    if (this.done >= this.total) this.completedAt ??= this.now();
    if (this.terminalBar) {
      this.terminalBar.update(this.done);
      return;
    }
    const step = this.total === 0 ? LOG_STEPS : Math.floor((this.done * LOG_STEPS) / this.total);
    if (step > this.loggedStep) {
      this.loggedStep = step;
      this.log!.write(`${this.line()}\n`);
    }
  }

  /** Draws the final state and ends the line (and, on a terminal, stops the redraw timer). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.terminalBar) {
      this.terminalBar.update(this.done);
      this.terminalBar.stop();
    } else if (this.loggedStep < LOG_STEPS || this.done < this.total) this.log!.write(`${this.line()}\n`);
  }

  private line(bar?: string): string {
    const elapsed = ((this.completedAt ?? this.now()) - this.startedAt) / 1000;
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const left =
      this.done >= this.total
        ? `took ${formatDuration(elapsed)}`
        : `ETA ${rate > 0 ? formatDuration((this.total - this.done) / rate) : '--'}`;
    return `${this.label}${bar === undefined ? '' : ` [${bar}]`} ${this.done}/${this.total} (${Math.floor(ratio * 100)}%) ${rate.toFixed(rate < 10 ? 1 : 0)}/s ${left}`;
  }
}
