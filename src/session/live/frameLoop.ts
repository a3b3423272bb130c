// Drives per-frame work from the video's own frames: one frame in flight, later frames dropped, never queued.

export interface FrameInfo {
  /** The frame's presentation time in the media, seconds. */
  readonly mediaTime: number;
  readonly now: number;
}

export class FrameLoop {
  private handle: number | null = null;
  private busy = false;
  private lastMediaTime = -1;
  private running = false;
  droppedFrames = 0;
  /**
   * When the video last presented a new frame (performance.now() ms; analysed or dropped), or when the
   * loop (re)started: how a camera that stopped sending frames without an 'ended' event is noticed.
   */
  lastFrameAt = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onFrame: (frame: FrameInfo) => Promise<void>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastFrameAt = performance.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) this.video.cancelVideoFrameCallback(this.handle);
    this.handle = null;
  }

  /** Forget the last processed frame (after a seek the same media time must be processed again). */
  resetClock(): void {
    this.lastMediaTime = -1;
  }

  private schedule(): void {
    if (!this.running) return;
    this.handle = this.video.requestVideoFrameCallback((now, meta) => this.tick(now, meta.mediaTime));
  }

  /** Whether the loop is waiting for frames (false while stopped, e.g. in a hidden tab). */
  get isRunning(): boolean {
    return this.running;
  }

  private tick(now: number, mediaTime: number): void {
    this.schedule(); // ask for the next frame now; if we are still busy then, it is dropped
    this.lastFrameAt = performance.now();
    if (this.busy) {
      this.droppedFrames += 1;
      return;
    }
    if (mediaTime === this.lastMediaTime) return;
    this.lastMediaTime = mediaTime;
    this.busy = true;
    this.onFrame({ mediaTime, now })
      .catch((error: unknown) => console.warn('frame failed', error))
      .finally(() => {
        this.busy = false;
      });
  }
}
