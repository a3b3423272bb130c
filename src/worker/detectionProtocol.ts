// The messages between the analysis worker and its detection worker (detection.worker.ts), over the
// MessageChannel the page sets up between them. Each side handles them in a `switch` ending in `assertNever`.

import type { FrameFaces } from '../pipeline/analyzer';
import type { CropSpec } from '../pipeline/cropInput';
import type { DetectorConfig } from '../pipeline/faceDetector';
import type { DetectorRangeChoice } from '../pipeline/detectorRange';
import type { FrameImage } from './protocol';

/** Page → detection worker, once: the port it answers the analysis worker on. */
export interface ConnectDetection {
  readonly type: 'connect';
  readonly port: MessagePort;
}

/** Detection worker → page, once, answering 'connect' (its script has loaded). */
export interface DetectionConnected {
  readonly type: 'connected';
}

/** Analysis worker → detection worker. Requests carry a `requestId` that the answer repeats. */
export type ToDetection =
  /** Load the face detector; the detector runs on every `detectEvery`-th frame at least. */
  | {
      readonly type: 'init';
      readonly requestId: number;
      readonly config: DetectorConfig;
      readonly detectEvery: number;
    }
  /** Another detector range or threshold (a new detector; the old one stays if it fails to load). */
  | {
      readonly type: 'configure';
      readonly requestId: number;
      readonly range: DetectorRangeChoice;
      readonly minConfidence: number;
    }
  /**
   * Read a frame, find its faces and crop them for the classifier whose spec is `crop`; the image is
   * transferred and closed here. `time` in seconds, null for a still. Frames are located in the order sent:
   * the detector's schedule carries boxes between them. `scales`: each face's crops (cropFaces), one view
   * each, face by face.
   */
  | {
      readonly type: 'locate';
      readonly requestId: number;
      readonly image: FrameImage;
      readonly time: number | null;
      readonly crop: CropSpec;
      readonly scales: readonly number[];
    }
  /** The next frame runs the detector and carries no box (new source, seek, still, new model). No answer. */
  | { readonly type: 'reset' }
  /** Close the detector and end the worker. No answer. */
  | { readonly type: 'dispose' };

/** Detection worker → analysis worker. */
export type FromDetection =
  /** Answers 'init' and 'configure'. */
  | { readonly type: 'ready'; readonly requestId: number }
  /** Answers 'locate' with the frame's faces and their crops (the input's buffer is transferred), not its pixels. */
  | { readonly type: 'located'; readonly requestId: number; readonly frame: FrameFaces }
  /** A request failed; for 'configure', the previous detector keeps running. */
  | { readonly type: 'failed'; readonly requestId: number; readonly message: string };
