// The live view's analysis: each new frame of the stage's video (camera or file) through the recognizer's video
// session, one in flight, and what the page makes of the results: the latest frame for the overlay, frame rate and stage times,
// each face's history and what the screen reader is told.

import type { FrameResult } from '../../lib';
import { Store } from '../state/store';
import { AnnouncementLimiter } from './announcements';
import { FaceHistory, type HistoryPoint } from './faceHistory';
import { FrameLoop } from './frameLoop';
import { FrameStats, type StatsSnapshot } from './stats';

export interface LiveAnalysisDeps {
  /** The frame handed over (the worker closes it), at `timestampMs`: the time its faces are voted by. */
  analyze(image: ImageBitmap, timestampMs: number): Promise<FrameResult>;
  /** Whether the video shows the camera: its frames are timed by capture time, a file's by media time. */
  isCamera(): boolean;
  /** Each analysed frame, with its capture time (ms), for a recording. */
  record(result: FrameResult, now: number): void;
  announce(announcement: string): void;
  showStats(stats: StatsSnapshot): void;
}

export class LiveAnalysis {
  /** The latest frame's result, for the overlay and the live list; updated without React. */
  readonly frame = new Store<{ result: FrameResult | null }>({ result: null });
  /** Frames analysed since the page opened (read by the e2e tests and the benchmark). */
  frameCount = 0;
  private loop: FrameLoop | null = null;
  private readonly stats = new FrameStats();
  private readonly history = new FaceHistory();
  private readonly announcer = new AnnouncementLimiter();

  constructor(private readonly deps: LiveAnalysisDeps) {}

  /** Analyses `video`'s frames from now on, replacing any loop before. */
  start(video: HTMLVideoElement): void {
    this.loop?.stop();
    this.stats.reset();
    const loop = new FrameLoop(video, async ({ now, mediaTime }) => {
      if (video.videoWidth === 0) return;
      // Grabbed in the video-frame callback, so it is the frame that callback announced; the worker
      // closes it. The loop asks for the next frame only once this one's result is back.
      const bitmap = await createImageBitmap(video);
      // The vote spans seconds of the source's own time: media time for a file, capture time for a camera.
      const result = await this.deps.analyze(bitmap, this.deps.isCamera() ? now : mediaTime * 1000);
      if (this.loop !== loop) return; // the source stopped while this frame was analysed
      this.frameCount += 1;
      this.show(result);
      this.deps.record(result, now);
      const clock = performance.now();
      this.history.update(result, clock);
      const said = this.announcer.update(result.faces, clock);
      if (said.length > 0) this.deps.announce(said.join('. '));
      const snapshot = this.stats.add(result.timings);
      if (snapshot) this.deps.showStats(snapshot);
    });
    this.loop = loop;
    loop.start();
  }

  /** The source is gone: no more frames, nothing shown, no face remembered. */
  stop(): void {
    this.loop?.stop();
    this.loop = null;
    this.forgetFaces();
    this.show(null);
  }

  /** No frames for now (a hidden tab, a whole-file job); `resume` goes on with the same video. */
  pause(): void {
    this.loop?.stop();
  }

  resume(): void {
    this.stats.reset();
    this.loop?.start();
  }

  /** After a jump the next frames are another scene: faces are forgotten and the frame is analysed again. */
  restartAfterSeek(): void {
    this.forgetFaces();
    this.loop?.resetClock();
  }

  /** Shows a result that did not come from the loop (a photo's). */
  show(result: FrameResult | null): void {
    this.frame.set({ result });
  }

  /** Face memories (hold times, charts, what was announced) end with the tracks they belong to. */
  forgetFaces(): void {
    this.history.reset();
    this.announcer.reset();
  }

  heldSeconds(trackId: number, now: number): number {
    return this.history.heldSeconds(trackId, now);
  }

  faceHistory(trackId: number): readonly HistoryPoint[] {
    return this.history.history(trackId);
  }

  /** When the video last presented a frame (performance.now() ms), while the loop runs; null otherwise. */
  lastFrameAt(): number | null {
    return this.loop?.isRunning ? this.loop.lastFrameAt : null;
  }
}
