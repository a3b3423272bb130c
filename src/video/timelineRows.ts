// The timeline's rows: faces that are never on screen at the same time share a row, so a clip where many
// people pass one after another draws a few rows, not one per face (a 48-face clip drew 1,056 px).

/** What packing needs of a face's track: its number and when it was first and last seen. */
export interface TrackSpan {
  readonly trackId: number;
  readonly firstTime: number;
  readonly lastTime: number;
}

/**
 * Row index per track id, rows counted from 0. Greedy in order of first appearance: each face takes the
 * first row whose last face left more than `gapSeconds` before it came (so two faces never touch in a row
 * and stay told apart); the fewest rows any packing of intervals can have.
 */
export function packTimelineRows(tracks: readonly TrackSpan[], gapSeconds: number): Map<number, number> {
  const rowEnds: number[] = [];
  const rows = new Map<number, number>();
  const byStart = [...tracks].sort((a, b) => a.firstTime - b.firstTime || a.trackId - b.trackId);
  for (const track of byStart) {
    let row = rowEnds.findIndex((end) => end + gapSeconds < track.firstTime);
    if (row < 0) row = rowEnds.push(track.lastTime) - 1;
    else rowEnds[row] = track.lastTime;
    rows.set(track.trackId, row);
  }
  return rows;
}
