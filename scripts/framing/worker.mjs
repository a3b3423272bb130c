// Module worker for scripts/measure-framing.mjs: checks that tasks-vision loads and detects off the main thread.
import { FaceDetector, FilesetResolver } from '/tasks-vision/vision_bundle.mjs';

self.onmessage = async ({ data: { model, bitmap, useModule } }) => {
  try {
    const fileset = await FilesetResolver.forVisionTasks('/generated/mediapipe', useModule);
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: `/generated/models/${model}.tflite`, delegate: 'CPU' },
      runningMode: 'IMAGE',
    });
    detector.detect(bitmap); // first call warms the graph up
    const started = performance.now();
    const { detections } = detector.detect(bitmap);
    self.postMessage({ ok: true, faces: detections.length, ms: performance.now() - started });
    detector.close();
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  } finally {
    bitmap.close();
  }
};
