// The video (or the open photo) with its overlay canvas; the canvas is redrawn imperatively on every frame
// result. Full screen takes the whole stage, overlay included (the video element's own full screen would
// show it bare).

import { memo, useEffect, useRef, useState, type RefObject } from 'react';
import type { Source } from '../session/state/appState';
import type { Session } from '../session/controller';
import { shownMirrored, type Settings } from '../session/state/settings';
import { drawOverlay } from '../draw/drawOverlay';
import { overlayLayout } from '../draw/overlayGeometry';
import { stageImageSize } from '../draw/snapshot';
import { useStore } from './useStore';

interface Props {
  readonly session: Session;
  readonly source: Source;
  readonly settings: Settings;
}

export const VideoStage = memo(function VideoStage({ session, source, settings }: Props) {
  const mirrored = shownMirrored(source, settings);
  const { showBoxes: boxes, showLabels: labels } = settings;
  const stageRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const photoRef = useRef<HTMLCanvasElement>(null);
  const fullScreen = useFullScreen(stageRef);
  const photo = useStore(session.photo.state).bitmap;

  useEffect(() => {
    const canvas = photoRef.current;
    if (!canvas || !photo) return;
    canvas.width = photo.width;
    canvas.height = photo.height;
    canvas.getContext('2d')?.drawImage(photo, 0, 0);
  }, [photo]);

  useEffect(() => {
    session.attachVideo(videoRef.current);
    return () => session.attachVideo(null);
  }, [session]);

  useEffect(() => {
    const video = videoRef.current;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!video || !canvas || !ctx) return;
    const draw = () => {
      const layout = overlayLayout({
        video: stageImageSize(photo ?? video),
        element: canvas.getBoundingClientRect(),
        dpr: devicePixelRatio,
        mirrored,
      });
      if (canvas.width !== layout.canvasWidth) canvas.width = layout.canvasWidth;
      if (canvas.height !== layout.canvasHeight) canvas.height = layout.canvasHeight;
      drawOverlay(ctx, layout, session.frame.get().result, { boxes, labels });
    };
    const unsubscribe = session.frame.subscribe(draw);
    const resize = new ResizeObserver(draw);
    resize.observe(canvas);
    return () => {
      unsubscribe();
      resize.disconnect();
    };
  }, [session, mirrored, boxes, labels, photo]);

  return (
    <div className="stage" ref={stageRef}>
      <video
        ref={videoRef}
        hidden={photo !== null}
        className={mirrored ? 'mirrored' : ''}
        muted
        playsInline
        controls={source === 'file'}
        controlsList="nofullscreen"
        aria-label={source === 'file' ? 'Video file' : 'Camera view'}
      />
      {photo && <canvas ref={photoRef} data-testid="photo" role="img" aria-label="Photo" />}
      <canvas ref={canvasRef} className="overlay" data-testid="overlay" aria-hidden="true" />
      {source === 'none' && (
        <p className="stage-hint">Start the camera, or open (or drop) a video or photo.</p>
      )}
      {source !== 'none' && fullScreen.available && (
        <button type="button" className="full-screen" onClick={fullScreen.toggle}>
          {fullScreen.on ? 'Exit full screen' : 'Full screen'}
        </button>
      )}
    </div>
  );
});

/** Whether the element is shown full screen, and a toggle; Escape (the browser's own) leaves it too. */
function useFullScreen(ref: RefObject<HTMLElement | null>) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const changed = () =>
      setOn(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, [ref]);
  const toggle = () => {
    // A refusal (no user gesture, an iframe without permission) leaves the page as it was.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void ref.current?.requestFullscreen().catch(() => undefined);
  };
  return { on, toggle, available: document.fullscreenEnabled };
}
