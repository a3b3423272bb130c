// Opening and releasing the camera, with every failure turned into a message a user can act on.

export type CameraFault = 'denied' | 'not-found' | 'busy' | 'insecure' | 'ended' | 'stalled' | 'unknown';

export interface CameraError {
  readonly fault: CameraFault;
  /** What happened, what still works and what to do, in plain words. */
  readonly message: string;
  /** The browser's own words, for the details disclosure; absent when they add nothing. */
  readonly detail?: string;
}

/**
 * A camera that sends no new frame for this long is reported as stalled. Some cameras stop without an
 * 'ended' event (muted by the system, a frozen driver): the picture would freeze with a stale label.
 */
export const CAMERA_STALL_MS = 3000;

/** Whether a running camera whose last frame came at `lastFrameAt` has stalled by `now` (ms, one clock). */
export function cameraStalled(lastFrameAt: number, now: number, stallMs = CAMERA_STALL_MS): boolean {
  return now - lastFrameAt >= stallMs;
}

/** Maps a getUserMedia rejection (or a track that ended) to what happened and what to do next. */
export function describeCameraError(error: unknown): CameraError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return {
        fault: 'denied',
        message:
          'Camera access was refused. Allow the camera for this page in the browser’s site settings, then press Retry. Video files and photos still work.',
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return {
        fault: 'not-found',
        message: 'No camera was found. Plug one in, then press Retry — or open a video file instead.',
      };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        fault: 'busy',
        message: 'The camera is in use by another application or tab. Close it there, then press Retry.',
      };
    case 'SecurityError':
      return {
        fault: 'insecure',
        message: 'The browser blocks the camera on this page (it needs https or localhost).',
      };
    case 'CameraEnded':
      return {
        fault: 'ended',
        message: 'The camera stopped (unplugged or taken by another app). Press Retry to reconnect.',
      };
    case 'CameraStalled':
      return {
        fault: 'stalled',
        message: `The camera stopped sending pictures (no new frame for ${CAMERA_STALL_MS / 1000} s: muted, covered by the system, or frozen). Press Retry to reconnect; video files and photos still work.`,
      };
    default:
      return {
        fault: 'unknown',
        message: 'The camera could not start. Press Retry; video files and photos still work.',
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
  }
}

export class CameraEndedError extends Error {
  override name = 'CameraEnded';
}

export class CameraStalledError extends Error {
  override name = 'CameraStalled';
}

/** Opens the user-facing camera at a modest resolution; ideal constraints never cause OverconstrainedError. */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    const err = new Error('navigator.mediaDevices is unavailable');
    err.name = 'SecurityError';
    throw err;
  }
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      width: { ideal: 640 },
      height: { ideal: 480 },
      ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' }),
    },
  });
}

export interface CameraDevice {
  readonly deviceId: string;
  readonly label: string;
}

/** The video inputs, named as the browser names them (after access was granted) or numbered. */
export async function listCameras(): Promise<CameraDevice[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
  return devices
    .filter((d) => d.kind === 'videoinput' && d.deviceId)
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

/** Stops every track so the camera light goes off. */
export function releaseCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
