// Each face's smoothed emotion over the file as a coloured band (one row per face); a click seeks there.
// The summary table under it carries the same information as text.

import { useEffect, useRef } from 'react';
import { emotionStyle } from '../draw/emotionStyle';
import type { AnalysisResults, TrackSummary } from '../video/results';

interface Props {
  readonly results: AnalysisResults;
  readonly tracks: readonly TrackSummary[];
  /** Bumped whenever rows were added, so the chart redraws. */
  readonly version: number;
  readonly onSeek: ((time: number) => void) | null;
}

const ROW_PX = 18;
const GAP_PX = 4;

export function Timeline({ results, tracks, version, onSeek }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const duration = Math.max(1e-3, results.meta.durationSeconds);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = devicePixelRatio;
    const width = canvas.clientWidth;
    const height = Math.max(1, tracks.length) * (ROW_PX + GAP_PX);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, height);
    const rowOf = new Map(tracks.map((t, i) => [t.trackId, i]));
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
  }, [results, tracks, version, duration]);

  return (
    <canvas
      ref={canvasRef}
      className="timeline"
      data-testid="timeline"
      role="img"
      aria-label="Emotion of each face over time; the table below lists the same per face."
      style={{
        height: Math.max(1, tracks.length) * (ROW_PX + GAP_PX),
        cursor: onSeek ? 'pointer' : 'default',
      }}
      onClick={(e) => {
        if (!onSeek) return;
        const rect = e.currentTarget.getBoundingClientRect();
        onSeek(((e.clientX - rect.left) / rect.width) * duration);
      }}
    />
  );
}
