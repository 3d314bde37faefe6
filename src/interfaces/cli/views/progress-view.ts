import type { EventBus, TroupeEvent } from '../../../app/ports.js';
import type { Attempt } from '../../../domain/generation/attempt.js';
import type { GenerationJob } from '../../../domain/generation/job.js';
import type { CliIo } from '../cli-context.js';
import { attemptLine, renderProgress } from './progress-bar.js';

const BAR_WIDTH = 30;
const CLEAR_LINE = '\x1b[2K';
const UP = '\x1b[1A';

/**
 * Shows a running job: one log line per finished attempt and, on a terminal, two live bars kept below the log.
 * Off a terminal (CI, pipes) only the log lines are written, so output stays readable.
 */
export class ProgressView {
  private job: GenerationJob;
  private drawnLines = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly io: CliIo,
    job: GenerationJob,
  ) {
    this.job = job;
  }

  attach(events: EventBus): void {
    this.unsubscribe = events.subscribe((event) => this.onEvent(event));
    this.redraw();
  }

  detach(): void {
    this.unsubscribe?.();
    this.clearBars();
    if (this.io.isTty) this.write(renderProgress(this.job, { width: BAR_WIDTH, isColor: true }).join('\n') + '\n');
  }

  /**
   * Writes a message (to stderr) above the bars, as a log line is: the bars are cleared first and drawn again below
   * it, so no stale pair is left in the scrollback (the Ctrl-C notice is written this way).
   */
  interject(text: string): void {
    if (this.io.isTty) this.write(`${CLEAR_LINE}\r`);
    this.clearBars();
    this.io.stderr.write(text);
    this.redraw();
  }

  /** Removes the bars, for a process that leaves at once (a second Ctrl-C). */
  clear(): void {
    this.clearBars();
  }

  private onEvent(event: TroupeEvent): void {
    if (event.type === 'job.updated' && event.job.id === this.job.id) {
      this.job = event.job;
      this.redraw();
    }
    if (event.type === 'attempt.updated' && event.jobId === this.job.id && isEnded(event.attempt)) {
      this.clearBars();
      this.write(`${attemptLine(event.attempt.number, this.job)}  ${describe(event.attempt)}\n`);
      this.redraw();
    }
    if (event.type === 'mirror.unavailable' && event.jobId === this.job.id) {
      this.clearBars();
      this.write(`Warning: ${event.message}\n`);
      this.redraw();
    }
  }

  private redraw(): void {
    if (!this.io.isTty) return;
    this.clearBars();
    const lines = renderProgress(this.job, { width: BAR_WIDTH, isColor: true });
    this.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }

  private clearBars(): void {
    if (!this.io.isTty) return;
    for (let i = 0; i < this.drawnLines; i += 1) this.write(`${UP}${CLEAR_LINE}\r`);
    this.drawnLines = 0;
  }

  private write(text: string): void {
    this.io.stdout.write(text);
  }
}

function isEnded(attempt: Attempt): boolean {
  return attempt.status === 'succeeded' || attempt.status === 'failed' || attempt.status === 'canceled';
}

function describe(attempt: Attempt): string {
  if (attempt.status === 'succeeded') return `ok (${attempt.type}, ${attempt.promptId})`;
  if (attempt.status === 'canceled') return `canceled (${attempt.promptId})`;
  return `failed: ${attempt.failureClass ?? 'unknown'} ${attempt.failureCode ?? ''} (${attempt.promptId})`.replace(
    '  ',
    ' ',
  );
}
