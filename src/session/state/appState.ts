// What the UI shows of the session, in one store: start-up, models, backend, source, camera, file,
// notices, settings. The session and its parts set it; React components subscribe to it.

import type { BackendInfo, BackendProbe, ModelInfo } from '../../lib';
import type { PhotoInfo } from '../../video/photoFile';
import type { VideoFileInfo } from '../../video/videoFile';
import type { CameraDevice, CameraError } from '../sources/camera';
import type { Problem } from './problem';
import type { Source } from './source';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { StatsSnapshot } from '../live/stats';

export type Phase = 'loading' | 'ready' | 'failed';
export type { Source } from './source';

export interface AppState {
  readonly phase: Phase;
  /** What is loading now. */
  readonly status: string;
  /** Why the app cannot analyse (start-up failed, the worker died): set with phase 'failed'. */
  readonly failure: Problem | null;
  readonly models: readonly ModelInfo[];
  readonly selectedModel: string | null;
  readonly modelLoading: boolean;
  /** The model being loaded, shown in the Model menu meanwhile (the menu stays usable: focus stays in it). */
  readonly loadingModel: string | null;
  readonly backends: readonly BackendProbe[];
  readonly backend: BackendInfo | null;
  readonly source: Source;
  readonly cameraError: CameraError | null;
  /** The cameras there are (labelled once access was granted); a choice is offered when several. */
  readonly cameras: readonly CameraDevice[];
  /** The camera chosen; null: the default (user-facing) one. */
  readonly cameraId: string | null;
  /** The open video file, while `source` is 'file'. */
  readonly file: VideoFileInfo | null;
  /** The open photo, while `source` is 'photo'. */
  readonly photo: PhotoInfo | null;
  /** Why the last file could not be opened, played or analysed; names the file. */
  readonly fileError: Problem | null;
  /** A non-fatal notice (a model that failed to load, a fallback taken). */
  readonly notice: string | null;
  readonly stats: StatsSnapshot | null;
  readonly settings: Settings;
  /** What the screen-reader live region says now: held label changes, a photo's result. */
  readonly announcement: string;
  /** The face whose last 30 seconds are charted. */
  readonly followedFace: number | null;
  /** Why a setting was refused or could not be applied. */
  readonly settingsMessage: string | null;
}

export const INITIAL_STATE: AppState = {
  phase: 'loading',
  status: 'Starting…',
  failure: null,
  models: [],
  selectedModel: null,
  modelLoading: false,
  loadingModel: null,
  backends: [],
  backend: null,
  source: 'none',
  cameraError: null,
  cameras: [],
  cameraId: null,
  file: null,
  photo: null,
  fileError: null,
  notice: null,
  stats: null,
  settings: DEFAULT_SETTINGS,
  settingsMessage: null,
  announcement: '',
  followedFace: null,
};
