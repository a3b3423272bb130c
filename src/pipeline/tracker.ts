// Keeps an identity per face across frames by box overlap, with its own window of recent predictions.

import { iou, type Box } from './geometry';
import { majorityVote, type Vote } from './vote';

export interface TrackerConfig {
  /** Predictions kept per face for the vote. Default 10. */
  readonly windowLength: number;
  /** Minimum IoU between a track's last box and a detection to continue the track. Default 0.3. */
  readonly minIou: number;
  /** Frames a face may be missing before its track ends. Default 5. */
  readonly maxMissedFrames: number;
}

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = { windowLength: 10, minIou: 0.3, maxMissedFrames: 5 };

export interface FaceObservation {
  readonly box: Box;
  readonly probabilities: Float32Array;
}

export interface FaceTrack {
  readonly id: number;
  box: Box;
  /** This frame's probabilities (the last observation). */
  probabilities: Float32Array;
  /** Last `windowLength` probability vectors, oldest first. */
  readonly window: Float32Array[];
  smoothed: Vote;
  /** Frames since the track was last matched; 0 when seen in the latest frame. */
  missedFrames: number;
}

export class FaceTracker {
  private tracks: FaceTrack[] = [];
  private nextId = 1;
  private readonly config: TrackerConfig;

  constructor(config: Partial<TrackerConfig> = {}) {
    this.config = { ...DEFAULT_TRACKER_CONFIG, ...config };
    if (!Number.isInteger(this.config.windowLength) || this.config.windowLength < 1) {
      throw new RangeError(`window length must be a whole number ≥ 1, got ${this.config.windowLength}`);
    }
  }

  /** Matches this frame's faces to tracks (greedy, highest IoU first); returns the faces seen in this frame. */
  update(observations: readonly FaceObservation[]): FaceTrack[] {
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
      track.window.push(obs.probabilities);
      if (track.window.length > this.config.windowLength) track.window.shift();
      track.smoothed = majorityVote(track.window) ?? track.smoothed;
      track.missedFrames = 0;
      return track;
    });
    this.tracks = this.tracks.filter((t) => t.missedFrames <= this.config.maxMissedFrames);
    return seen;
  }

  /** Forget every face (new source, model switch, seek). */
  reset(): void {
    this.tracks = [];
  }

  private startTrack(obs: FaceObservation): FaceTrack {
    const track: FaceTrack = {
      id: this.nextId++,
      box: obs.box,
      probabilities: obs.probabilities,
      window: [],
      smoothed: { label: 0, votes: 0, confidence: 0 },
      missedFrames: 0,
    };
    this.tracks.push(track);
    return track;
  }
}
