// The library's public entry: everything a developer imports from 'fer-live'. The app's pipeline stays
// internal; only this surface is promised (semver).

export { createEmotionRecognizer } from './recognizer';
export { RecognizerError } from './errors';
export { OPTION_LIMITS } from './options';
export { isBackendName } from '../pipeline/backend';
export { isDetectorRangeChoice as isDetectorRange } from '../pipeline/detectorRange';
export { isPhotoFile } from '../video/photoFile';
export type * from './types';
