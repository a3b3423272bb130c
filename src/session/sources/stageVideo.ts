// The stage's <video> element: it plays the camera's stream or a video file (from the file itself, never read
// whole into memory), and tells the session when the user jumps in a file or the browser cannot play it.

export interface StageVideoEvents {
  /** The user (or the timeline) moved the playing file to another time. */
  readonly seeking: () => void;
  /** The browser failed to play the file; `detail` is its own words, if any. */
  readonly failed: (detail: string | undefined) => void;
}

export class StageVideo {
  private video: HTMLVideoElement | null = null;
  private fileUrl: string | null = null;

  constructor(private readonly events: StageVideoEvents) {}

  get element(): HTMLVideoElement | null {
    return this.video;
  }

  attach(video: HTMLVideoElement | null): void {
    this.video?.removeEventListener('seeking', this.events.seeking);
    this.video?.removeEventListener('error', this.onError);
    this.video = video;
    video?.addEventListener('seeking', this.events.seeking);
    video?.addEventListener('error', this.onError);
  }

  async playStream(stream: MediaStream): Promise<void> {
    if (!this.video) return;
    this.video.srcObject = stream;
    await this.video.play();
  }

  /** Plays `file`; a refused autoplay leaves it paused with its controls (a broken file fires 'error'). */
  async playFile(file: File): Promise<void> {
    if (!this.video) return;
    this.fileUrl = URL.createObjectURL(file);
    this.video.src = this.fileUrl;
    try {
      await this.video.play();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotAllowedError') return;
    }
  }

  seek(time: number): void {
    if (this.video) this.video.currentTime = time;
  }

  pause(): void {
    this.video?.pause();
  }

  /** Empties the element and frees the file's URL. */
  clear(): void {
    if (this.video) {
      this.video.srcObject = null;
      this.video.removeAttribute('src');
      this.video.load();
    }
    if (this.fileUrl) URL.revokeObjectURL(this.fileUrl);
    this.fileUrl = null;
  }

  private readonly onError = () => this.events.failed(this.video?.error?.message || undefined);
}
