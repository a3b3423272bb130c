// Our app as a benchmark target: injected into the app's own page, it drives `window.ferSession`
// (src/session/controller.ts), so frames go through the real worker pipeline. The app takes its backend
// and model from the page URL; `load` only waits for the session. Node reads the labels from spec.json.
import { install } from './harness.js';

const session = () => window.ferSession;

install({
  labels: [],
  async load() {
    while (!session() || session().state.get().phase === 'loading')
      await new Promise((resolve) => setTimeout(resolve, 50));
    const state = session().state.get();
    if (state.phase !== 'ready') throw new Error(state.status);
    return { backend: state.backend?.name ?? '?', model: state.selectedModel };
  },
  // A frame as the live view classifies it: each face once (a photo's views are averaged, below).
  async analyze(canvas) {
    const result = await session().analyzeStill(canvas, false);
    return { faces: result.faces.length, stages: result.timings };
  },
  classifyGrey: (pixels, count) => session().classifyGrey(pixels, count),
  // As the app labels an opened photo: the same worker call (detect, crop, classify each face's views and
  // average them) on the decoded image.
  async photo(canvas) {
    const result = await session().analyzeStill(canvas);
    return result.faces.map((f) => ({ box: f.box, scores: f.probabilities }));
  },
});
