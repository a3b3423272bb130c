// What is on the stage: a type of its own, so that the settings (a mirrored camera) and the app state can
// both name it without importing each other.

export type Source = 'none' | 'camera' | 'file' | 'photo';
