import { describe, expect, it } from 'vitest';
import { describeCameraError } from '../src/session/camera';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('describeCameraError', () => {
  it.each([
    ['NotAllowedError', 'denied', /refused/],
    ['NotFoundError', 'not-found', /No camera/],
    ['NotReadableError', 'busy', /in use/],
    ['CameraEnded', 'ended', /stopped/],
    ['SecurityError', 'insecure', /https/],
    ['WeirdError', 'unknown', /WeirdError/],
  ])('%s → %s with an actionable message', (name, fault, message) => {
    const error = describeCameraError(named(name));
    expect(error.fault).toBe(fault);
    expect(error.message).toMatch(message);
  });
});
