// createEmotionRecognizer against a fake worker that answers like the real one, and the shipped model
// files read from public/models: the errors a developer meets (bad model, disposed, bad input, a dead
// worker) are RecognizerErrors with a code and a message that says what to do.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecognizerError } from '../src/lib/errors';
import { createEmotionRecognizer } from '../src/lib/recognizer';
import { AnsweringWorker, ORIGIN, rejection, stubBrowser, unstubBrowser } from './answeringWorker';

describe('createEmotionRecognizer', () => {
  beforeEach(stubBrowser);
  afterEach(unstubBrowser);

  it('starts with the model asked for, its labels from its spec, and the worker told where its files are', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn', backend: 'wasm' });
    expect(r.model).toMatchObject({ id: 'cnn', name: 'CNN' });
    expect(r.model.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
    expect(r.backend).toEqual({ name: 'wasm', reason: 'test' });
    expect(r.models.map((m) => m.id)).toEqual(['cnn', 'vgg', 'resnet', 'all']);
    expect(r.backends).toEqual([{ name: 'wasm', available: true, threads: 1, benchmarkMs: 2 }]);
    const init = AnsweringWorker.last.requests.find((m) => m.type === 'init');
    expect(init).toMatchObject({
      config: {
        backend: 'wasm',
        tfjsWasmBaseUrl: `${ORIGIN}/generated/tfjs/`,
        mediapipeWasmBaseUrl: `${ORIGIN}/generated/mediapipe`,
        detectorModelBaseUrl: `${ORIGIN}/generated/models/`,
      },
    });
    r.dispose();
  });

  it('without a model, starts with the one the app starts with (best on the dev set)', async () => {
    const r = await createEmotionRecognizer();
    expect(r.model.id).toBe('vgg');
    r.dispose();
  });

  it("lists every model with its card's figures (the ensemble: its members' size, no figure until measured)", async () => {
    const r = await createEmotionRecognizer();
    const vgg = r.models.find((m) => m.id === 'vgg');
    expect(vgg?.accuracy).toBeGreaterThan(0.6);
    expect(vgg?.devAccuracy).toBeGreaterThan(0.5);
    expect(vgg?.sizeBytes).toBeGreaterThan(1e6);
    const all = r.models.find((m) => m.id === 'all');
    const members = r.models.filter((m) => m.id !== 'all').reduce((sum, m) => sum + (m.sizeBytes ?? 0), 0);
    expect(all?.sizeBytes).toBe(members);
    r.dispose();
  });

  it('with modelFallback, starts with the next model when the one asked for fails, and says why', async () => {
    AnsweringWorker.refuse.add('resnet');
    const refused = await rejection(createEmotionRecognizer({ model: 'resnet' }));
    expect(refused.code).toBe('model-unavailable');
    const r = await createEmotionRecognizer({ model: 'resnet', modelFallback: true });
    expect(r.model.id).toBe('vgg');
    expect(r.models.find((m) => m.id === 'resnet')?.unavailable).toBe('weights.bin answered 404');
    // A model that failed is not fetched again.
    const again = await rejection(r.setModel('resnet'));
    expect(again.message).toMatch(/ResNet cannot be used: weights.bin answered 404/);
    expect(AnsweringWorker.last.sent('loadModel').map((m) => m.id)).toEqual(['resnet', 'vgg']);
    r.dispose();
    // A model the manifest does not list is no fault with modelFallback: the default is used.
    const unknown = await createEmotionRecognizer({ model: 'vgg19', modelFallback: true });
    expect(unknown.model.id).toBe('vgg');
    unknown.dispose();
  });

  it('names the models there are when asked for one that is not in the manifest', async () => {
    const error = await rejection(createEmotionRecognizer({ model: 'vgg19' as 'vgg' }));
    expect(error.code).toBe('unknown-model');
    expect(error.message).toMatch(
      /no model 'vgg19' in http:\/\/app.test\/models\/manifest.json; it lists 'cnn', 'vgg'/,
    );
  });

  it('says which folder to check when the manifest cannot be read', async () => {
    const error = await rejection(createEmotionRecognizer({ modelBaseUrl: '/nowhere/' }));
    expect(error.code).toBe('start-failed');
    expect(error.message).toMatch(
      /manifest could not be read: .*404.*Check that http:\/\/app.test\/nowhere\/ serves/,
    );
  });

  it('keeps the model in use when another fails to load', async () => {
    AnsweringWorker.refuse.add('resnet');
    const r = await createEmotionRecognizer({ model: 'cnn' });
    const error = await rejection(r.setModel('resnet'));
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(/ResNet could not be loaded: weights.bin answered 404/);
    expect(r.model.id).toBe('cnn');
    await r.setModel('vgg');
    expect(r.model.id).toBe('vgg');
    expect((await rejection(r.setModel('nope' as 'vgg'))).code).toBe('unknown-model');
    r.dispose();
  });

  it('refuses bad input and bad steps before anything reaches the worker', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn' });
    const sent = AnsweringWorker.last.requests.length;
    expect((await rejection(r.analyze('face.jpg' as unknown as ImageBitmap))).code).toBe('invalid-input');
    const notAFile = await rejection(r.analyzeVideo({ name: 'clip.mp4' } as File));
    expect(notAFile.message).toMatch(/analyzeVideo\(\) takes a File; got Object/);
    const step = await rejection(r.analyzeVideo(new File(['x'], 'clip.mp4'), { every: 0 }));
    expect(step.code).toBe('invalid-option');
    expect(step.message).toMatch(/frame step must be a whole number from 1 to 100\. Got 0/);
    expect((await rejection(r.analyzePhotos('a.jpg' as unknown as File[]))).code).toBe('invalid-input');
    expect(AnsweringWorker.last.requests.length).toBe(sent);
    r.dispose();
  });

  it('a disposed recognizer rejects every call with code "disposed"', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn' });
    r.dispose();
    expect(AnsweringWorker.last.requests.at(-1)).toEqual({ type: 'dispose' });
    for (const call of [() => r.setModel('vgg'), () => r.analyzePhotos([])]) {
      const error = await rejection(call());
      expect(error.code).toBe('disposed');
      expect(error.message).toMatch(/disposed; create a new one with createEmotionRecognizer\(\)/);
    }
    expect(() => r.model).toThrow(/disposed/);
  });

  it('after the worker dies, calls fail with code "worker-failed" instead of waiting, and onFailure says so once', async () => {
    const failures: RecognizerError[] = [];
    const r = await createEmotionRecognizer({ model: 'cnn', onFailure: (e) => failures.push(e) });
    AnsweringWorker.last.die();
    AnsweringWorker.last.die();
    const error = await rejection(r.setModel('vgg'));
    expect(error.code).toBe('worker-failed');
    expect(error.message).toMatch(/the analysis worker stopped: .*out of memory.*create a new recognizer/);
    expect(failures).toEqual([error]);
    expect((error.cause as Error).message).toMatch(
      /^the analysis worker failed to load or crashed \(out of memory\)$/,
    );
  });

  it('a worker that dies during start-up: onFailure, and the start rejects with the same error', async () => {
    const failures: RecognizerError[] = [];
    const starting = createEmotionRecognizer({ onFailure: (e) => failures.push(e) });
    AnsweringWorker.started.at(-2)?.die();
    const error = await rejection(starting);
    expect(error.code).toBe('worker-failed');
    expect(failures).toEqual([error]);
  });
});
