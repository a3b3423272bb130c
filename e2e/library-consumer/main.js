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

window.labelPhotos = labelPhotos;
document.querySelector('#status').textContent = 'Ready';
