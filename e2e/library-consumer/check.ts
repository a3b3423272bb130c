// The README's example as a TypeScript developer writes it, compiled by e2e/library.spec.ts against the packed
// library's declarations (strict, skipLibCheck off): the public types stand on their own, and the example
// matches the API. Never run.

import { createEmotionRecognizer, OPTION_LIMITS, RecognizerError, type FrameResult } from 'fer-live';

export async function example(img: HTMLImageElement, file: File, video: HTMLVideoElement): Promise<void> {
  const recognizer = await createEmotionRecognizer({ model: 'vgg', modelBaseUrl: '/fer/models/' });
  await img.decode();
  const { faces } = await recognizer.analyze(img); // one photo
  for (const face of faces) console.log(face.trackId, face.box, face.label, face.probabilities['happy']);

  const table = await recognizer.analyzeVideo(file, {
    every: 5,
    onProgress: (p) => console.log(p.processed),
  });
  console.log(table.summary, table.toCsv()); // the app's CSV (and toJson(): its JSON), byte for byte

  const session = recognizer.openVideoSession(); // faces tracked, each voted over its last second
  video.requestVideoFrameCallback(async function next(now) {
    if (video.readyState >= 2) {
      const { faces }: FrameResult = await session.analyzeFrame(video, now);
      for (const face of faces) console.log(face.trackId, face.smoothedLabel, face.smoothedConfidence);
    }
    video.requestVideoFrameCallback(next); // one frame in flight: those presented meanwhile are skipped
  });
}

/** The rest of the surface a page uses: settings within OPTION_LIMITS, errors by code. */
export async function settings(window: number): Promise<string> {
  const recognizer = await createEmotionRecognizer({
    modelFallback: true,
    onFailure: (e) => console.log(e.code),
  });
  try {
    await recognizer.setOptions({ windowLength: Math.min(window, OPTION_LIMITS.windowLength.max) });
  } catch (error) {
    if (error instanceof RecognizerError && error.code === 'invalid-option') return error.message;
  }
  const usable = recognizer.models
    .filter((m) => !m.unavailable)
    .map((m) => `${m.name} ${m.devAccuracy ?? ''}`);
  return `${usable.join(', ')}; ${recognizer.backends.map((b) => b.name).join(', ')}`;
}
