// FaceLocator: one read of each frame, the detector run or the last boxes carried as the schedule says, the
// faces capped at MAX_FACES_PER_FRAME. Node has no VideoFrame or ImageData: small stand-ins play them.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaceLocator, MAX_FACES_PER_FRAME, type FrameSource } from '../src/pipeline/faceLocator';
import type { DetectedFace, FaceDetectorHandle } from '../src/pipeline/faceDetector';

class FakeImageData {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

/** A decoder's frame: a uniform grey picture that `copyTo` writes as RGBA. */
class FakeVideoFrame {
  readonly visibleRect: { width: number; height: number };
  copies = 0;
  constructor(
    readonly displayWidth: number,
    readonly displayHeight: number,
    private readonly level: number,
  ) {
    this.visibleRect = { width: displayWidth, height: displayHeight };
  }
  async copyTo(destination: Uint8ClampedArray): Promise<void> {
    this.copies += 1;
    destination.fill(this.level);
  }
}

function face(x: number): DetectedFace {
  return { box: { x, y: 10, width: 40, height: 40 }, score: 0.9, range: 'full' };
}

/** A detector that finds `count` faces and counts its calls. */
function detector(count = 1): FaceDetectorHandle & { calls: number; closed: boolean } {
  return {
    range: 'full',
    calls: 0,
    closed: false,
    detect() {
      this.calls += 1;
      return Array.from({ length: count }, (_, i) => face(i));
    },
    close() {
      this.closed = true;
    },
  };
}

const frameOf = (level = 100): FrameSource => new FakeVideoFrame(64, 48, level) as unknown as FrameSource;

describe('FaceLocator', () => {
  beforeEach(() => {
    vi.stubGlobal('ImageData', FakeImageData);
    vi.stubGlobal('VideoFrame', FakeVideoFrame);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('detects on the first frame, then carries the boxes of a still picture until the k-th frame', async () => {
    const found = detector();
    const locator = new FaceLocator(found, { detectEvery: 3 });
    const detected: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const located = await locator.locate(frameOf(), i / 30);
      detected.push(located.detected);
      expect(located.faces).toEqual([face(0)]);
      expect(located.detectMs === 0).toBe(!located.detected);
    }
    expect(detected).toEqual([true, false, false, true]);
    expect(found.calls).toBe(2);
  });

  it('reads each frame once, into one buffer reused frame after frame', async () => {
    const locator = new FaceLocator(detector(), { detectEvery: 1 });
    const first = new FakeVideoFrame(64, 48, 10);
    const second = new FakeVideoFrame(64, 48, 200);
    const a = await locator.locate(first as unknown as FrameSource, 0);
    const firstLevel = a.pixels.data[0];
    const b = await locator.locate(second as unknown as FrameSource, 1 / 30);
    expect([first.copies, second.copies]).toEqual([1, 1]);
    expect(firstLevel).toBe(10);
    expect(b.pixels).toBe(a.pixels);
    expect(b.pixels.data[0]).toBe(200);
    expect([b.pixels.width, b.pixels.height]).toEqual([64, 48]);
  });

  it('classifies at most MAX_FACES_PER_FRAME faces and reports the rest as skipped', async () => {
    const locator = new FaceLocator(detector(MAX_FACES_PER_FRAME + 6), { detectEvery: 1 });
    const located = await locator.locate(frameOf(), 0);
    expect(located.faces).toHaveLength(MAX_FACES_PER_FRAME);
    expect(located.skippedFaces).toBe(6);
  });

  it('runs the detector again after a reset, and on every frame while no face is found', async () => {
    const none = detector(0);
    const locator = new FaceLocator(none, { detectEvery: 8 });
    await locator.locate(frameOf(), 0);
    await locator.locate(frameOf(), 1 / 30);
    expect(none.calls).toBe(2);

    const one = detector(1);
    const previous = locator.setDetector(one);
    expect(previous).toBe(none);
    await locator.locate(frameOf(), 2 / 30);
    await locator.locate(frameOf(), 3 / 30);
    expect(one.calls).toBe(1);
    locator.reset();
    const still = await locator.locate(frameOf(), null);
    expect(still.detected).toBe(true);
    expect(one.calls).toBe(2);
  });
});
