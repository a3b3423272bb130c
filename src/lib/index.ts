// The library's public entry: everything a developer imports from 'fer-live', and everything the app itself
// takes from the engine (a lint rule keeps the app off every other module of src/lib, src/pipeline and
// src/worker, type imports included). Only this surface is promised (semver).

export { createEmotionRecognizer } from './recognizer';
export { RecognizerError } from './errors';
export { OPTION_LIMITS } from './options';
export { isBackendName } from '../pipeline/backend';
export { isDetectorRangeChoice as isDetectorRange } from '../pipeline/detectorRange';
export { isModelId } from '../pipeline/modelSpec';
export { isPhotoFile } from '../video/photoFile';
export type * from './types';
