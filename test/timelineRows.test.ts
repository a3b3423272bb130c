import { describe, expect, it } from 'vitest';
import { packTimelineRows } from '../src/video/timelineRows';

const span = (trackId: number, firstTime: number, lastTime: number) => ({ trackId, firstTime, lastTime });

describe('packTimelineRows', () => {
  it('puts faces that are on screen together on rows of their own', () => {
    const rows = packTimelineRows([span(1, 0, 5), span(2, 1, 4), span(3, 2, 3)], 0.1);
    expect([...rows.values()].sort()).toEqual([0, 1, 2]);
  });

  it('lets faces that follow one another share a row, apart by more than the gap', () => {
    const faces = Array.from({ length: 48 }, (_, i) => span(i + 1, i, i + 0.5));
    const rows = packTimelineRows(faces, 0.1);
    expect(new Set(rows.values())).toEqual(new Set([0]));
    // Touching faces (within the gap) do not share: the band would look like one face.
    const touching = packTimelineRows([span(1, 0, 1), span(2, 1.05, 2)], 0.1);
    expect(touching.get(2)).toBe(1);
  });

  it('reuses the first free row, as few rows as the most faces seen at once', () => {
    const rows = packTimelineRows(
      [span(1, 0, 10), span(2, 0, 2), span(3, 3, 5), span(4, 4, 6), span(5, 7, 9)],
      0.1,
    );
    expect(Object.fromEntries(rows)).toEqual({ 1: 0, 2: 1, 3: 1, 4: 2, 5: 1 });
  });
});
