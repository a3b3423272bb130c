import { describe, expect, it } from 'vitest';
import { FaceTracker } from '../src/pipeline/tracker';

const box = (x: number, y = 0) => ({ x, y, width: 50, height: 50 });
const probs = (top: number) => {
  const p = new Float32Array(7).fill(0.05);
  p[top] = 0.7;
  return p;
};

describe('FaceTracker', () => {
  it('keeps each face identity as it moves a little', () => {
    const tracker = new FaceTracker();
    const [a, b] = tracker.update([
      { box: box(0), probabilities: probs(3) },
      { box: box(200), probabilities: probs(4) },
    ]);
    const next = tracker.update([
      { box: box(205), probabilities: probs(4) },
      { box: box(4), probabilities: probs(3) },
    ]);
    expect(next.map((t) => t.id)).toEqual([b?.id, a?.id]);
  });

  it('votes over each face’s own window, never another face’s', () => {
    const tracker = new FaceTracker({ windowLength: 10 });
    let faces = tracker.update([]);
    for (let i = 0; i < 10; i++) {
      faces = tracker.update([
        { box: box(0), probabilities: probs(3) },
        { box: box(300), probabilities: probs(i < 7 ? 4 : 0) },
      ]);
    }
    expect(faces[0]?.smoothed.label).toBe(3);
    expect(faces[1]?.smoothed.label).toBe(4);
    expect(faces[1]?.smoothed.votes).toBe(7);
  });

  it('limits the window to its length at the nominal rate when frames come without a time', () => {
    const tracker = new FaceTracker({ windowLength: 3 });
    let faces = tracker.update([]);
    for (let i = 0; i < 5; i++)
      faces = tracker.update([{ box: box(0), probabilities: probs(i < 2 ? 1 : 2) }]);
    expect(faces[0]?.smoother.frames).toBe(3);
    expect(faces[0]?.smoothed.label).toBe(2);
  });

  it('votes over the same span of time at 10 and at 30 fps', () => {
    for (const fps of [10, 30]) {
      const tracker = new FaceTracker({ windowLength: 10 });
      let faces = tracker.update([]);
      for (let i = 0; i < 3 * fps; i++)
        faces = tracker.update([{ box: box(0), probabilities: probs(1) }], i / fps);
      expect(faces[0]?.smoother.frames).toBe(fps); // the last second
    }
  });

  it('numbers faces from 1 again after a reset that renumbers, and goes on after one that does not', () => {
    const tracker = new FaceTracker();
    const two = () =>
      tracker.update([
        { box: box(0), probabilities: probs(1) },
        { box: box(300), probabilities: probs(1) },
      ]);
    expect(two().map((t) => t.id)).toEqual([1, 2]);
    tracker.reset();
    expect(two().map((t) => t.id)).toEqual([3, 4]); // a seek: Face 1 never names a second face
    tracker.reset({ renumber: true });
    expect(two().map((t) => t.id)).toEqual([1, 2]); // a new analysis or source
    tracker.setWindowLength(5);
    expect(two().map((t) => t.id)).toEqual([3, 4]);
  });

  it('ends a track after the face is missing for more than maxMissedFrames', () => {
    const tracker = new FaceTracker({ maxMissedFrames: 2 });
    const [first] = tracker.update([{ box: box(0), probabilities: probs(1) }]);
    tracker.update([]);
    tracker.update([]);
    expect(tracker.update([{ box: box(0), probabilities: probs(1) }])[0]?.id).toBe(first?.id);
    tracker.update([]);
    tracker.update([]);
    tracker.update([]);
    expect(tracker.update([{ box: box(0), probabilities: probs(1) }])[0]?.id).not.toBe(first?.id);
  });

  it('rejects a window length that is not a positive whole number', () => {
    expect(() => new FaceTracker({ windowLength: 0 })).toThrow(RangeError);
    expect(() => new FaceTracker({ windowLength: 2.5 })).toThrow(RangeError);
  });
});
