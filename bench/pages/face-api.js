// @vladmandic/face-api as a benchmark target: tiny face detector + expression net, as its README shows
// (`detectAllFaces(input, new TinyFaceDetectorOptions()).withFaceExpressions()`, default options).
// Models and wasm files come from node_modules through the bench server.
import * as faceapi from '/peers/face-api/dist/face-api.esm.js';
import { install } from './harness.js';

const { tf } = faceapi;
const labels = [...faceapi.FACE_EXPRESSION_LABELS];
const FACE = 48 * 48;

install({
  labels,
  async load(backend) {
    if (backend === 'wasm') tf.setWasmPaths('/peers/tfjs-wasm/');
    if (!(await tf.setBackend(backend)))
      throw new Error(`face-api could not start TF.js's '${backend}' backend`);
    await tf.ready();
    await faceapi.nets.tinyFaceDetector.loadFromUri('/peers/face-api/model');
    await faceapi.nets.faceExpressionNet.loadFromUri('/peers/face-api/model');
    return { backend: tf.getBackend() };
  },
  // Its two whole pipelines for photos, as its README shows them: the SSD detector's box straight into the
  // expression net ('ssd'), and the same box aligned by the 68-point landmarks first ('aligned').
  async photo(canvas, variant) {
    if (!faceapi.nets.ssdMobilenetv1.isLoaded) {
      await faceapi.nets.ssdMobilenetv1.loadFromUri('/peers/face-api/model');
      await faceapi.nets.faceLandmark68Net.loadFromUri('/peers/face-api/model');
    }
    const found = faceapi.detectAllFaces(canvas, new faceapi.SsdMobilenetv1Options());
    const faces =
      variant === 'aligned'
        ? await found.withFaceLandmarks().withFaceExpressions()
        : await found.withFaceExpressions();
    return faces.map((f) => ({
      box: f.detection.box,
      scores: labels.map((label) => f.expressions[label]),
    }));
  },
  async analyze(canvas) {
    const faces = await faceapi
      .detectAllFaces(canvas, new faceapi.TinyFaceDetectorOptions())
      .withFaceExpressions();
    return { faces: faces.length };
  },
  // Its own preprocessing: each 48×48 face as an RGB image (grey in every channel); the net pads it to a
  // square, resizes it to 112×112, subtracts its mean RGB and divides by 255 (FaceFeatureExtractor.ts).
  async classifyGrey(pixels, count) {
    const faces = Array.from({ length: count }, (_, i) =>
      tf.tidy(() =>
        tf.tile(tf.tensor3d(pixels.subarray(i * FACE, (i + 1) * FACE), [48, 48, 1], 'float32'), [1, 1, 3]),
      ),
    );
    const expressions = await faceapi.nets.faceExpressionNet.predictExpressions(faces);
    tf.dispose(faces);
    return expressions.map((e) => labels.map((label) => e[label]));
  },
});
