// Draws boxes and labels for one frame onto a canvas: the live overlay, and the frames of an annotated
// video export. A plain function, called outside React.

import type { FaceResult } from '../lib/internal';
import { emotionStyle } from './emotionStyle';
import type { OverlayLayout } from './overlayGeometry';

export function faceCaption(label: string, confidence: number): string {
  return `${label} ${Math.round(confidence * 100)}%`;
}

/** The faces drawOverlay needs: a live frame's result or a stored row of an analysed file. */
export interface DrawableFrame {
  readonly faces: readonly Pick<FaceResult, 'trackId' | 'box' | 'smoothedLabel' | 'smoothedConfidence'>[];
}

export interface OverlayOptions {
  /** Clear the canvas first (the live overlay); off when drawing over a video frame. */
  readonly clear?: boolean;
  readonly boxes?: boolean;
  readonly labels?: boolean;
}

export function drawOverlay(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  layout: OverlayLayout,
  result: DrawableFrame | null,
  { clear = true, boxes = true, labels = true }: OverlayOptions = {},
): void {
  if (clear) ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!result) return;
  const { dpr } = layout;
  const fontPx = 14 * dpr;
  ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const face of result.faces) {
    const box = layout.mapBox(face.box);
    const { colour } = emotionStyle(face.smoothedLabel);
    if (boxes) {
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = colour;
      ctx.strokeRect(box.x, box.y, box.width, box.height);
    }
    if (!labels) continue;
    const text = `${face.trackId}: ${faceCaption(face.smoothedLabel, face.smoothedConfidence)}`;
    const pad = 4 * dpr;
    const textWidth = ctx.measureText(text).width + 2 * pad;
    const top = box.y - fontPx - 2 * pad < 0 ? box.y + box.height + fontPx + 2 * pad : box.y;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.7)';
    ctx.fillRect(box.x, top - fontPx - 2 * pad, textWidth, fontPx + 2 * pad);
    ctx.fillStyle = colour;
    ctx.fillText(text, box.x + pad, top - pad);
  }
}
