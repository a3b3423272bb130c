// The live region's limiter: a face is announced once its label has held, at most once per face per gap;
// flicker is never spoken; a photo is described once.

import { describe, expect, it } from 'vitest';
import { AnnouncementLimiter, describeStill } from '../src/session/live/announcements';
import { frameOf } from './frames';

const CONFIG = { holdMs: 1500, perFaceGapMs: 5000, forgetMs: 10_000 };
const faces = (...labels: [number, string][]) =>
  labels.map(([trackId, smoothedLabel]) => ({ trackId, smoothedLabel }));

describe('AnnouncementLimiter', () => {
  it('announces a new face once its label has held, then says nothing while it holds', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    expect(limiter.update(faces([1, 'happy']), 0)).toEqual([]);
    expect(limiter.update(faces([1, 'happy']), 1400)).toEqual([]);
    expect(limiter.update(faces([1, 'happy']), 1500)).toEqual(['Face 1 appeared: happy']);
    for (let t = 1600; t < 20_000; t += 100) expect(limiter.update(faces([1, 'happy']), t)).toEqual([]);
  });

  it('never speaks a label that flickers faster than the hold time', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    limiter.update(faces([1, 'neutral']), 0);
    expect(limiter.update(faces([1, 'neutral']), 2000)).toEqual(['Face 1 appeared: neutral']);
    const said: string[] = [];
    // neutral ↔ happy every 400 ms for a minute (the talking face: 44 announcements in 60 s).
    for (let t = 2100; t < 62_000; t += 100)
      said.push(...limiter.update(faces([1, Math.floor(t / 400) % 2 ? 'happy' : 'neutral']), t));
    expect(said).toEqual([]);
  });

  it('announces a held change, but at most once per face per gap', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    const said: [number, string][] = [];
    // The label changes every 2 s and holds each time: without the gap that is one announcement per change.
    for (let t = 0; t <= 30_000; t += 100) {
      const label = ['happy', 'sad', 'angry'][Math.floor(t / 2000) % 3] ?? 'happy';
      for (const s of limiter.update(faces([1, label]), t)) said.push([t, s]);
    }
    expect(said.length).toBeGreaterThan(3);
    for (let i = 1; i < said.length; i++)
      expect((said[i]?.[0] ?? 0) - (said[i - 1]?.[0] ?? 0)).toBeGreaterThanOrEqual(CONFIG.perFaceGapMs);
    // What is said after a quiet gap is the label the face shows then, not one it left.
    expect(said[1]?.[1]).toMatch(/^Face 1: now (happy|sad|angry)$/);
  });

  it('limits each face on its own; a face missed for a few frames does not appear again', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    limiter.update(faces([1, 'happy'], [2, 'sad']), 0);
    expect(limiter.update(faces([1, 'happy'], [2, 'sad']), 1500)).toEqual([
      'Face 1 appeared: happy',
      'Face 2 appeared: sad',
    ]);
    // The detector misses face 2 for a second (its track goes on): nothing to say when it is back.
    for (let t = 1600; t < 2600; t += 100) expect(limiter.update(faces([1, 'happy']), t)).toEqual([]);
    for (let t = 2600; t < 9000; t += 100)
      expect(limiter.update(faces([1, 'happy'], [2, 'sad']), t)).toEqual([]);
  });

  it('forgets a face gone for longer than forgetMs', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    limiter.update(faces([2, 'sad']), 0);
    expect(limiter.update(faces([2, 'sad']), 1500)).toEqual(['Face 2 appeared: sad']);
    limiter.update(faces([1, 'happy']), 11_600); // face 2 last seen at 1500
    limiter.update(faces([2, 'sad']), 11_700);
    expect(limiter.update(faces([2, 'sad']), 13_200)).toEqual(['Face 2 appeared: sad']);
  });

  it('starts afresh after reset', () => {
    const limiter = new AnnouncementLimiter(CONFIG);
    limiter.update(faces([1, 'happy']), 0);
    limiter.update(faces([1, 'happy']), 1500);
    limiter.reset();
    limiter.update(faces([1, 'happy']), 1600);
    expect(limiter.update(faces([1, 'happy']), 3100)).toEqual(['Face 1 appeared: happy']);
  });
});

describe('describeStill', () => {
  const result = (confidences: number[]) =>
    frameOf(
      confidences.map((smoothedConfidence, i) => ({
        trackId: i + 1,
        smoothedLabel: i === 0 ? 'happy' : 'neutral',
        smoothedConfidence,
      })),
    );

  it('names the photo and every face with its label', () => {
    expect(describeStill('group.jpg', result([0.87, 0.6]))).toBe(
      'group.jpg: 2 faces. Face 1: happy 87%. Face 2: neutral 60%.',
    );
    expect(describeStill('me.jpg', result([0.5]))).toBe('me.jpg: 1 face. Face 1: happy 50%.');
    expect(describeStill('wall.png', result([]))).toBe('wall.png: no face found.');
  });
});
