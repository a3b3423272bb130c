// Draws boxes and labels for one frame onto a canvas: the live overlay, and the frames of an annotated
// video export. A plain function, called outside React.

import type { FaceResult } from '../pipeline/frameResult';
import { emotionStyle } from './emotionStyle';
import type { CanvasBox, OverlayLayout } from './overlayGeometry';

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
  ctx: Context2D,
  layout: OverlayLayout,
  result: DrawableFrame | null,
  { clear = true, boxes = true, labels = true }: OverlayOptions = {},
): void {
  if (clear) ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!result) return;
  const { dpr } = layout;
  ctx.font = `600 ${FONT_PX * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const face of result.faces) {
    const box = layout.mapBox(face.box);
    const { colour } = emotionStyle(face.smoothedLabel);
    if (boxes) strokeBox(ctx, box, colour, dpr);
    if (labels) {
      const text = `${face.trackId}: ${faceCaption(face.smoothedLabel, face.smoothedConfidence)}`;
      drawCaption(ctx, box, text, colour, dpr);
    }
  }
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The caption's font size in CSS pixels. */
const FONT_PX = 14;

function strokeBox(ctx: Context2D, box: CanvasBox, colour: string, dpr: number): void {
  ctx.lineWidth = 2 * dpr;
  ctx.strokeStyle = colour;
  ctx.strokeRect(box.x, box.y, box.width, box.height);
}

/** The caption on a dark band above the box, or below it when there is no room above. */
function drawCaption(ctx: Context2D, box: CanvasBox, text: string, colour: string, dpr: number): void {
  const fontPx = FONT_PX * dpr;
  const pad = 4 * dpr;
  const textWidth = ctx.measureText(text).width + 2 * pad;
  const top = box.y - fontPx - 2 * pad < 0 ? box.y + box.height + fontPx + 2 * pad : box.y;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.7)';
  ctx.fillRect(box.x, top - fontPx - 2 * pad, textWidth, fontPx + 2 * pad);
  ctx.fillStyle = colour;
  ctx.fillText(text, box.x + pad, top - pad);
}
