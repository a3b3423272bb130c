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

/**
 * The clip at `url` played in a <video>, each frame it presents analysed by a video session as a live page
 * does (one in flight, the frames meanwhile skipped): each result's faces (number and label); then whether a
 * frame handed over ({ transfer: true }) went to the worker as it was (detached here: width 0).
 */
async function videoFrames(url) {
  const recognizer = await createEmotionRecognizer({ modelBaseUrl: '/fer/models/' });
  const session = recognizer.openVideoSession();
  const video = Object.assign(document.createElement('video'), { muted: true, src: url });
  document.body.append(video);
  const frames = [];
  let inFlight = null;
  await new Promise((resolve, reject) => {
    video.addEventListener('ended', resolve, { once: true });
    video.addEventListener('error', () => reject(new Error(`the clip did not play: ${url}`)), { once: true });
    video.requestVideoFrameCallback(function next(now) {
      video.requestVideoFrameCallback(next);
      // Skipped: a frame while the last one's result is not back, and one the video has not decoded yet (the
      // first callback can come while readyState is still HAVE_METADATA: measured, 2 starts in 6).
      if (inFlight || video.readyState < 2) return;
      inFlight = session
        .analyzeFrame(video, now)
        .then((result) =>
          frames.push(result.faces.map((f) => ({ trackId: f.trackId, label: f.smoothedLabel }))),
        )
        .catch(reject)
        .finally(() => (inFlight = null));
    });
    video.play().catch(reject);
  });
  await inFlight;
  const bitmap = await createImageBitmap(video);
  const last = await session.analyzeFrame(bitmap, video.duration * 1000 + 100, { transfer: true });
  const handedOver = bitmap.width === 0 && last.faces.length > 0;
  recognizer.dispose();
  video.remove();
  return { frames, handedOver };
}

window.labelPhotos = labelPhotos;
window.abortedVideo = abortedVideo;
window.videoFrames = videoFrames;
document.querySelector('#status').textContent = 'Ready';
