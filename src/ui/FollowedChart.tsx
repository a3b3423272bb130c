// The followed face's last 30 seconds: its probabilities stacked per emotion, newest on the right,
// redrawn imperatively with each frame.

import { useEffect, useRef } from 'react';
import type { Session } from '../session/controller';
import { emotionStyle } from '../draw/emotionStyle';
import { HISTORY_SECONDS } from '../session/live/faceHistory';

interface Props {
  readonly session: Session;
  readonly trackId: number;
  readonly labels: readonly string[];
}

export function FollowedChart({ session, trackId, labels }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const draw = () => {
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      canvas.width = Math.round(width * devicePixelRatio);
      canvas.height = Math.round(height * devicePixelRatio);
      ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const points = session.faceHistory(trackId);
      const end = points.at(-1)?.time ?? 0;
      const x = (t: number) => width - ((end - t) / (HISTORY_SECONDS * 1000)) * width;
      points.forEach((point, i) => {
        const next = points[i + 1];
        const left = x(point.time);
        const w = Math.max(1, (next ? x(next.time) : width) - left);
        let y = height;
        labels.forEach((label, k) => {
          const h = (point.probabilities[k] ?? 0) * height;
          ctx.fillStyle = emotionStyle(label).colour;
          ctx.fillRect(left, y - h, w, h);
          y -= h;
        });
      });
    };
    draw();
    return session.frame.subscribe(draw);
  }, [session, trackId, labels]);

  return (
    <figure className="followed">
      <canvas
        ref={canvasRef}
        data-testid="followed-chart"
        role="img"
        aria-label={`Face ${trackId}: probabilities of each emotion over the last ${HISTORY_SECONDS} seconds`}
      />
      <figcaption>
        Face {trackId}, last {HISTORY_SECONDS} s:{' '}
        {labels.map((l) => (
          <span key={l} className="legend">
            <span className="swatch" style={{ background: emotionStyle(l).colour }} aria-hidden="true" /> {l}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
