// Keeps an identity per face across frames by box overlap, each with its own smoothed label over time.
// Face numbers count from 1 again after `reset({ renumber: true })`: each analysis, camera session or
// photo numbers its own faces, so two analyses of one file can be joined by face number and time.

import { iou, type Box } from './geometry';
import { DEFAULT_SMOOTHING_CONFIG, LabelSmoother, type SmoothingConfig } from './smoothing';
import type { Vote } from './vote';

export interface TrackerConfig extends SmoothingConfig {
  /** Minimum IoU between a track's last box and a detection to continue the track. Default 0.3. */
  readonly minIou: number;
  /** Frames a face may be missing before its track ends. Default 5. */
  readonly maxMissedFrames: number;
}

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = {
  ...DEFAULT_SMOOTHING_CONFIG,
  minIou: 0.3,
  maxMissedFrames: 5,
};

export interface FaceObservation {
  readonly box: Box;
  readonly probabilities: Float32Array;
}

export interface FaceTrack {
  readonly id: number;
  box: Box;
  /** This frame's probabilities (the last observation). */
  probabilities: Float32Array;
  /** The vote over the face's recent predictions, with hysteresis (smoothing.ts). */
  readonly smoother: LabelSmoother;
  smoothed: Vote;
  /** Frames since the track was last matched; 0 when seen in the latest frame. */
  missedFrames: number;
}

export class FaceTracker {
  private tracks: FaceTrack[] = [];
  private nextId = 1;
  /** Frames seen, for the frame clock used when a frame comes without a time. */
  private frameNumber = 0;
  private config: TrackerConfig;

  constructor(config: Partial<TrackerConfig> = {}) {
    this.config = validated({ ...DEFAULT_TRACKER_CONFIG, ...config });
  }

  /** The time `update` gives a frame that comes without one. */
  get nextFrameTime(): number {
    return (this.frameNumber + 1) / this.config.nominalFps;
  }

  /** A new smoothing window (frames at the nominal rate): tracks restart, numbers go on. */
  setWindowLength(windowLength: number): void {
    this.config = validated({ ...this.config, windowLength });
    this.reset();
  }

  /** The faces tracked now (seen in the latest frame or missing for at most `maxMissedFrames`). */
  get current(): readonly FaceTrack[] {
    return this.tracks;
  }

  /**
   * Matches this frame's faces to tracks (greedy, highest IoU first); returns the faces seen in this frame.
   * `time`: the frame's time in seconds (media time for a file, capture time for a camera), which the
   * vote's span is measured in; without one, frames count as `1 / nominalFps` apart.
   */
  update(observations: readonly FaceObservation[], time?: number): FaceTrack[] {
    this.frameNumber += 1;
    const now = time ?? this.frameNumber / this.config.nominalFps;
    const pairs: { t: number; o: number; overlap: number }[] = [];
    this.tracks.forEach((track, t) =>
      observations.forEach((obs, o) => {
        const overlap = iou(track.box, obs.box);
        if (overlap >= this.config.minIou) pairs.push({ t, o, overlap });
      }),
    );
    pairs.sort((a, b) => b.overlap - a.overlap);
    const trackTaken = new Set<number>();
    const matchOf = new Map<number, FaceTrack>();
    for (const { t, o } of pairs) {
      const track = this.tracks[t];
      if (!track || trackTaken.has(t) || matchOf.has(o)) continue;
      trackTaken.add(t);
      matchOf.set(o, track);
    }
    for (const track of this.tracks) track.missedFrames += 1;
    const seen = observations.map((obs, o) => {
      const track = matchOf.get(o) ?? this.startTrack(obs);
      track.box = obs.box;
      track.probabilities = obs.probabilities;
      track.smoothed = track.smoother.push(now, obs.probabilities);
      track.missedFrames = 0;
      return track;
    });
    this.tracks = this.tracks.filter((t) => t.missedFrames <= this.config.maxMissedFrames);
    return seen;
  }

  /**
   * Forget every face (new source, model switch, seek). `renumber`: the next face is Face 1 again (a new
   * analysis, camera session or photo); without it numbers go on, so that a seek within one file does
   * not give a number to two different faces.
   */
  reset({ renumber = false }: { renumber?: boolean } = {}): void {
    this.tracks = [];
    if (renumber) this.nextId = 1;
  }

  private startTrack(obs: FaceObservation): FaceTrack {
    const track: FaceTrack = {
      id: this.nextId++,
      box: obs.box,
      probabilities: obs.probabilities,
      smoother: new LabelSmoother(this.config),
      smoothed: { label: 0, votes: 0, confidence: 0 },
      missedFrames: 0,
    };
    this.tracks.push(track);
    return track;
  }
}

function validated(config: TrackerConfig): TrackerConfig {
  if (!Number.isInteger(config.windowLength) || config.windowLength < 1)
    throw new RangeError(`window length must be a whole number ≥ 1, got ${config.windowLength}`);
  return config;
}
