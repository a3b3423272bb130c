// @vladmandic/human as a benchmark target: its face detector (BlazeFace) and emotion model only, every
// other module off. Caching is off too (cacheSensitivity 0, skipAllowed false): each frame is analysed
// in full, as ours is. Models and wasm files come from node_modules through the bench server.
import { Human } from '/peers/human/dist/human.esm.js';
import { install } from './harness.js';

/** The grey emotion model's output order, from Human's src/gear/emotion.ts (it exports no list). */
const labels = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];
const off = { enabled: false };

/** @param {string} backend */
const config = (backend) => ({
  backend,
  modelBasePath: '/peers/human/models/',
  wasmPath: '/peers/tfjs-wasm/',
  warmup: 'none',
  debug: false,
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: off,
  gesture: off,
  body: off,
  hand: off,
  object: off,
  segmentation: off,
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 32 },
    mesh: off,
    attention: off,
    iris: off,
    description: off,
    antispoof: off,
    liveness: off,
    emotion: { enabled: true },
  },
});

/** @type {Human} */
let human;

install({
  labels,
  async load(backend) {
    human = new Human(config(backend));
    await human.load();
    if (human.tf.getBackend() !== backend)
      throw new Error(`Human runs '${human.tf.getBackend()}', not '${backend}'`);
    return { backend: human.tf.getBackend() };
  },
  async analyze(canvas) {
    const result = await human.detect(canvas);
    if (result.error) throw new Error(result.error);
    return { faces: result.face.length };
  },
  // Its whole pipeline: BlazeFace, then the emotion model on its crop; it reports the emotions above its
  // threshold, so the others score 0.
  async photo(canvas) {
    const result = await human.detect(canvas);
    if (result.error) throw new Error(result.error);
    return result.face.map((f) => ({
      box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] },
      scores: labels.map((label) => f.emotion?.find((e) => e.emotion === label)?.score ?? 0),
    }));
  },
  // Human's own emotion preprocessing (src/gear/emotion.ts, predict): the face as RGB in 0..1 (grey in
  // every channel), bilinear resize to the model's 64×64, weighted grey, then (grey − 0.5) × 2.
  async classifyGrey(pixels, count) {
    const { tf } = human;
    const model = human.models.models.emotion;
    const size = model.inputs[0].shape[2];
    const scores = tf.tidy(() => {
      const rgb = tf.tile(tf.div(tf.tensor4d(pixels, [count, 48, 48, 1], 'float32'), 255), [1, 1, 1, 3]);
      const resized = tf.image.resizeBilinear(rgb, [size, size], false);
      const grey = tf.sum(tf.mul(resized, [0.2989, 0.587, 0.114]), 3, true);
      return model.execute(tf.mul(tf.sub(grey, 0.5), 2));
    });
    const data = await scores.data();
    scores.dispose();
    const n = labels.length;
    return Array.from({ length: count }, (_, i) => data.subarray(i * n, (i + 1) * n));
  },
});
