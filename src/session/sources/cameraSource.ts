// The running camera: its stream, and the two ways it can stop without being stopped — its track ends
// (unplugged, taken by another app) or it stops sending frames (muted by the system, a frozen driver).

import { CameraEndedError, CameraStalledError, cameraStalled, openCamera, releaseCamera } from './camera';

/** How often a running camera is checked for new frames (it is reported stalled after CAMERA_STALL_MS). */
const STALL_CHECK_MS = 500;

export interface CameraSourceDeps {
  /** The camera stopped by itself (CameraEndedError, CameraStalledError); the session stops the source. */
  readonly failed: (error: Error) => void;
  /** When the stage last showed a camera frame (ms), or null while frames are not awaited (a hidden tab). */
  readonly lastFrameAt: () => number | null;
}

export class CameraSource {
  private stream: MediaStream | null = null;
  private stallCheck: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: CameraSourceDeps) {}

  /** Opens the camera (`deviceId`, or the user-facing one); rejects as getUserMedia does. */
  async open(deviceId: string | null): Promise<MediaStream> {
    this.close();
    const stream = await openCamera(deviceId ?? undefined);
    this.stream = stream;
    for (const track of stream.getVideoTracks())
      track.addEventListener('ended', () => this.deps.failed(new CameraEndedError('track ended')));
    return stream;
  }

  /**
   * Once frames flow: a camera that sends none for CAMERA_STALL_MS is treated as unplugged, instead of
   * freezing the picture with a stale label. A hidden tab gets no frames: it is not checked then.
   */
  watchForStall(): void {
    if (this.stallCheck !== null) clearInterval(this.stallCheck);
    this.stallCheck = setInterval(() => {
      const lastFrameAt = this.deps.lastFrameAt();
      if (this.stream && lastFrameAt !== null && cameraStalled(lastFrameAt, performance.now()))
        this.deps.failed(new CameraStalledError('no new camera frame'));
    }, STALL_CHECK_MS);
  }

  /** Stops every track (the camera light goes off) and the stall check. */
  close(): void {
    if (this.stallCheck !== null) clearInterval(this.stallCheck);
    this.stallCheck = null;
    releaseCamera(this.stream);
    this.stream = null;
  }
}
