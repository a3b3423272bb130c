// The progress line on stderr: files done of all, pages busy, frames per second, time left. Redrawn in place
// on a terminal, a line per finished file otherwise (a log, a Slurm output file).

/** "1h02m", "3m05s", "12s". @param {number} seconds */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

export class Progress {
  /**
   * @param {number} total files of this run (shard), finished ones included
   * @param {number} done files already finished before this run
   * @param {{ write: (text: string) => unknown, isTTY?: boolean }} out
   */
  constructor(total, done, out) {
    this.total = total;
    this.done = done;
    this.skipped = done;
    this.failed = 0;
    this.out = out;
    this.startedAt = performance.now();
    this.framesDone = 0;
    /** Per page: the file in hand's frames done and its share done. @type {Map<number, { frames: number, fraction: number }>} */
    this.running = new Map();
    this.lastDraw = 0;
  }

  /** @param {number} page */
  started(page) {
    this.running.set(page, { frames: 0, fraction: 0 });
  }

  /** @param {number} page @param {number} processed @param {number} total */
  update(page, processed, total) {
    this.running.set(page, { frames: processed, fraction: total > 0 ? Math.min(1, processed / total) : 0 });
    if (this.out.isTTY && performance.now() - this.lastDraw > 500) this.draw();
  }

  /** @param {number} page @param {import('./summary.mjs').FileRecord} record */
  finished(page, record) {
    this.running.delete(page);
    this.done += 1;
    this.framesDone += record.frames;
    if (record.status !== 'ok') this.failed += 1;
    if (this.out.isTTY) this.draw();
    else
      this.out.write(
        `${this.line()}  ${record.file}: ${record.status}${record.reason ? ` (${record.reason})` : ''}\n`,
      );
  }

  end() {
    if (this.out.isTTY) this.out.write('\n');
  }

  line() {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const inHand = [...this.running.values()];
    const frames = this.framesDone + inHand.reduce((a, r) => a + r.frames, 0);
    // Work in files: the finished ones of this run plus the share done of those in hand.
    const work = this.done - this.skipped + inHand.reduce((a, r) => a + r.fraction, 0);
    const left = this.total - this.skipped - work;
    const eta = work > 0 && seconds > 0 ? `, ~${duration((seconds / work) * left)} left` : '';
    const fps = seconds > 0 ? (frames / seconds).toFixed(1) : '0.0';
    const failed = this.failed > 0 ? `, ${this.failed} failed` : '';
    return `fer-live: ${this.done}/${this.total} files, ${this.running.size} in progress, ${fps} frames/s${failed}${eta}`;
  }

  draw() {
    this.lastDraw = performance.now();
    this.out.write(`\r${this.line()}\x1b[K`);
  }
}
