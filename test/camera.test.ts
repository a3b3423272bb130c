import { describe, expect, it } from 'vitest';
import { CAMERA_STALL_MS, cameraStalled, describeCameraError } from '../src/session/sources/camera';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('describeCameraError', () => {
  it.each([
    ['NotAllowedError', 'denied', /refused/],
    ['NotFoundError', 'not-found', /No camera/],
    ['NotReadableError', 'busy', /in use/],
    ['CameraEnded', 'ended', /stopped/],
    ['CameraStalled', 'stalled', /stopped sending pictures.*Retry/],
    ['SecurityError', 'insecure', /https/],
    ['WeirdError', 'unknown', /could not start.*Retry/],
  ])('%s → %s with an actionable message', (name, fault, message) => {
    const error = describeCameraError(named(name));
    expect(error.fault).toBe(fault);
    expect(error.message).toMatch(message);
  });

  it('keeps the browser’s words of an unknown failure out of the message, in the detail', () => {
    const error = describeCameraError(
      Object.assign(new Error('device said 0x80070005'), { name: 'WeirdError' }),
    );
    expect(error.message).not.toMatch(/WeirdError|0x8007/);
    expect(error.detail).toBe('WeirdError: device said 0x80070005');
  });
});

describe('cameraStalled', () => {
  it('reports a camera stalled once no frame came for 3 s, not before', () => {
    expect(CAMERA_STALL_MS).toBe(3000);
    expect(cameraStalled(1000, 3999)).toBe(false);
    expect(cameraStalled(1000, 4000)).toBe(true);
    expect(cameraStalled(1000, 1000)).toBe(false);
  });
});
