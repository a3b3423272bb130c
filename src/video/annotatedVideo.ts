// The annotated video as WebM: every frame of the file decoded again, the analysis overlay of its
// latest analysed frame burned in, re-encoded with WebCodecs. Faster than real time, nothing uploaded.
// The sound track is not carried over.

import {
  BufferTarget,
  CanvasSink,
  CanvasSource,
  Output,
  QUALITY_MEDIUM,
  WebMOutputFormat,
  getFirstEncodableVideoCodec,
} from 'mediabunny';
import { drawOverlay } from '../draw/drawOverlay';
import { frameLayout } from '../draw/overlayGeometry';
import type { AnalysisResults } from './results';
import type { OpenedVideo } from './videoFile';

export interface ExportJob {
  readonly video: OpenedVideo;
  readonly results: AnalysisResults;
  /** Share of the frames encoded so far, 0..1. */
  readonly onProgress: (fraction: number) => void;
  readonly signal: AbortSignal;
}

/** Resolves with the WebM file, or null when cancelled. */
export async function renderAnnotatedWebm(job: ExportJob): Promise<Blob | null> {
  const { video, results, signal } = job;
  // Even sizes: VP8/VP9 encoders reject odd frame dimensions.
  const width = video.info.width & ~1;
  const height = video.info.height & ~1;
  const codec = await getFirstEncodableVideoCodec(['vp9', 'vp8'], { width, height });
  if (!codec) throw new Error('this browser cannot encode VP9 or VP8 video');
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for drawing frames');
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
  const source = new CanvasSource(canvas, { codec, quality: QUALITY_MEDIUM });
  output.addVideoTrack(source, { frameRate: video.info.frameRate });
  await output.start();
  const layout = frameLayout({ video: video.info, canvas: { width, height }, mirrored: false });
  const sink = new CanvasSink(video.track, { width, height, fit: 'fill', poolSize: 2 });
  let first: number | null = null;
  let encoded = 0;
  for await (const frame of sink.canvases()) {
    if (signal.aborted) {
      await output.cancel();
      return null;
    }
    first ??= frame.timestamp;
    ctx.drawImage(frame.canvas, 0, 0);
    drawOverlay(ctx, layout, results.frameAt(frame.timestamp), { clear: false });
    await source.add(frame.timestamp - first, frame.duration);
    encoded += 1;
    job.onProgress(Math.min(1, encoded / video.info.estimatedFrames));
  }
  await output.finalize();
  const buffer = (output.target as BufferTarget).buffer;
  if (!buffer) throw new Error('the encoder produced no data');
  return new Blob([buffer], { type: 'video/webm' });
}
