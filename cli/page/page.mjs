// The page the CLI drives in headless Chromium: the packaged library (served at /lib/) analyses the file
// put in the page's file input, and hands back the app's exports and the figures of the run's summary.
import { createEmotionRecognizer, isPhotoFile, RecognizerError } from '/lib/fer-live.js';

/** @type {import('../../dist-lib/types/lib/index').EmotionRecognizer | null} */
let recognizer = null;

/** Face rows per label: what the summary's shares are made of. @param {readonly string[]} labels @param {string[]} seen */
function counts(labels, seen) {
  return labels.map((label) => seen.filter((l) => l === label).length);
}

async function start({ model, backend }) {
  recognizer = await createEmotionRecognizer({
    ...(model ? { model } : {}),
    backend,
    modelBaseUrl: new URL('/lib/models/', location.href).href,
  });
  return { model: recognizer.model, backend: recognizer.backend };
}

async function analyzeOne({ every }) {
  const file = document.querySelector('#file').files[0];
  if (!recognizer || !file) throw new Error('not started, or no file given');
  if (isPhotoFile(file)) {
    const table = await recognizer.analyzePhotos([file]);
    const row = table.rows[0];
    const labels = row.faces.map((f) => f.label);
    return {
      kind: 'photo',
      status: row.error ? 'failed' : 'ok',
      reason: row.error ?? (row.faces.length === 0 ? 'no face found' : ''),
      frames: 1,
      faces: row.faces.length,
      labelCounts: counts(table.labels, labels),
      csv: table.toCsv(),
      json: table.toJson(),
    };
  }
  try {
    const video = await recognizer.analyzeVideo(file, {
      every,
      onProgress: (p) => window.ferCliProgress?.(p.processed, p.total),
    });
    const labels = video.frames.flatMap((f) => f.faces.map((x) => x.smoothedLabel));
    return {
      kind: 'video',
      status: video.outcome === 'done' ? 'ok' : 'failed',
      reason: video.outcome === 'done' && video.summary.length > 0 ? '' : video.message,
      frames: video.frames.length,
      faces: video.summary.length,
      labelCounts: counts(video.meta.labels, labels),
      csv: video.toCsv(),
      json: video.toJson(),
    };
  } catch (error) {
    if (!(error instanceof RecognizerError) || error.code !== 'unreadable-file') throw error;
    return {
      kind: 'video',
      status: 'failed',
      reason: error.message,
      frames: 0,
      faces: 0,
      labelCounts: [],
      csv: '',
      json: '',
    };
  }
}

window.ferCli = { start, analyzeOne };
