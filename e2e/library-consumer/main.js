// A developer's page: fer-live installed from its npm tarball, bundled by the developer's own Vite
// (e2e/library.spec.ts builds it). It labels the photos it is given with the README's example code.
import { createEmotionRecognizer } from 'fer-live';

/** The photos at `urls`, each as its faces (label, box, probabilities); then what a disposed recognizer says. */
async function labelPhotos(urls) {
  const recognizer = await createEmotionRecognizer({ modelBaseUrl: '/fer/models/' });
  const photos = [];
  for (const url of urls) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const { faces } = await recognizer.analyze(img);
    photos.push(faces.map(({ label, box, probabilities }) => ({ label, box, probabilities })));
  }
  const model = recognizer.model.id;
  recognizer.dispose();
  const disposed = await recognizer.analyze(new ImageData(1, 1)).catch((error) => error.code);
  return { model, photos, disposed };
}

/** The clip at `url` analysed with a signal aborted before the start, or at the first progress report. */
async function abortedVideo(url, when) {
  const recognizer = await createEmotionRecognizer({ modelBaseUrl: '/fer/models/' });
  const file = new File([await (await fetch(url)).blob()], url.split('/').pop(), { type: 'video/mp4' });
  const abort = new AbortController();
  if (when === 'before') abort.abort();
  const onProgress = () => abort.abort();
  const video = await recognizer.analyzeVideo(file, { signal: abort.signal, onProgress });
  recognizer.dispose();
  return { outcome: video.outcome, frames: video.frames.length, message: video.message };
}

window.labelPhotos = labelPhotos;
window.abortedVideo = abortedVideo;
document.querySelector('#status').textContent = 'Ready';
