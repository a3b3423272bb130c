// Each face's smoothed emotion over the file as a coloured band; faces never on screen together share a
// row, and past MAX_VISIBLE_ROWS the chart scrolls. A click seeks there. The summary table under it
// carries the same information as text.

import { useEffect, useMemo, useRef } from 'react';
import { emotionStyle } from '../draw/emotionStyle';
import type { AnalysisResults, TrackSummary } from '../video/results';
import { packTimelineRows } from '../video/timelineRows';

interface Props {
  readonly results: AnalysisResults;
  readonly tracks: readonly TrackSummary[];
  /** Bumped whenever rows were added, so the chart redraws. */
  readonly version: number;
  readonly onSeek: ((time: number) => void) | null;
}

const ROW_PX = 18;
const GAP_PX = 4;
/** Rows shown before the chart scrolls. */
const MAX_VISIBLE_ROWS = 8;
/** Two faces in one row stay apart by more than this many frame spans, so that their bands do not merge. */
const ROW_GAP_SPANS = 3;

export function Timeline({ results, tracks, version, onSeek }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const duration = Math.max(1e-3, results.meta.durationSeconds);
  const { frameRate, frameStep } = results.meta;
  const rowOf = useMemo(
    () => packTimelineRows(tracks, frameRate > 0 ? (ROW_GAP_SPANS * frameStep) / frameRate : 0),
    [tracks, frameRate, frameStep],
  );
  const rowCount = Math.max(1, ...[...rowOf.values()].map((row) => row + 1));
  const height = rowCount * (ROW_PX + GAP_PX);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = devicePixelRatio;
    const width = canvas.clientWidth;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, height);
    const spans = results.spans();
    results.frames.forEach((frame, i) => {
      const x = (frame.mediaTime / duration) * width;
      const span = ((spans[i] ?? 0) / duration) * width;
      for (const face of frame.faces) {
        const row = rowOf.get(face.trackId);
        if (row === undefined) continue;
        ctx.fillStyle = emotionStyle(face.smoothedLabel).colour;
        ctx.fillRect(x, row * (ROW_PX + GAP_PX), Math.max(1, span), ROW_PX);
      }
    });
  }, [results, rowOf, version, duration, height]);

  return (
    <div style={{ maxHeight: MAX_VISIBLE_ROWS * (ROW_PX + GAP_PX), overflowY: 'auto' }}>
      <canvas
        ref={canvasRef}
        className="timeline"
        data-testid="timeline"
        role="img"
        aria-label="Emotion of each face over time; the table below lists the same per face."
        style={{
          height,
          cursor: onSeek ? 'pointer' : 'default',
        }}
        onClick={(e) => {
          if (!onSeek) return;
          const rect = e.currentTarget.getBoundingClientRect();
          onSeek(((e.clientX - rect.left) / rect.width) * duration);
        }}
      />
    </div>
  );
}
