// createEmotionRecognizer against a fake worker that answers like the real one, and the shipped model
// files read from public/models: the errors a developer meets (bad model, disposed, bad input, a dead
// worker) are RecognizerErrors with a code and a message that says what to do.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmotionRecognizer } from '../src/lib/recognizer';
import { RecognizerError } from '../src/lib/errors';
import type { FromWorker, ToWorker } from '../src/worker/protocol';

const PUBLIC = join(import.meta.dirname, '..', 'public');
const ORIGIN = 'http://app.test';

/** Answers init and loadModel at once, as a worker that started; `refuse` names models it fails to load. */
class AnsweringWorker extends EventTarget {
  /** In the order started: the client starts the analysis worker, then its detection worker. */
  static started: AnsweringWorker[] = [];
  /** The last analysis worker (the detection worker talks only to it, and is left silent here). */
  static get last(): AnsweringWorker | null {
    return AnsweringWorker.started.at(-2) ?? null;
  }
  static refuse = new Set<string>();
  readonly requests: ToWorker[] = [];
  constructor() {
    super();
    AnsweringWorker.started.push(this);
  }
  postMessage(message: ToWorker): void {
    this.requests.push(message);
    const answer = this.answer(message);
    if (answer) queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: answer })));
  }
  terminate(): void {}
  die(): void {
    // Node has no ErrorEvent: an Event with the message the client reads from one.
    this.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
  }
  private answer(m: ToWorker): FromWorker | null {
    if (m.type === 'init')
      return {
        type: 'ready',
        requestId: m.requestId,
        backends: [],
        choice: { name: 'wasm', reason: 'test' },
      };
    if (m.type === 'loadModel')
      return AnsweringWorker.refuse.has(m.id)
        ? { type: 'modelFailed', requestId: m.requestId, id: m.id, message: 'weights.bin answered 404' }
        : { type: 'modelLoaded', requestId: m.requestId, id: m.id };
    return null;
  }
}

/** The page's origin serves public/ (models and all), as the app's server does. */
async function serveFromDisk(url: string | URL): Promise<Response> {
  const path = new URL(url).pathname;
  try {
    return new Response(await readFile(join(PUBLIC, path)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}

async function rejection(pending: Promise<unknown>): Promise<RecognizerError> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecognizerError);
  return error as RecognizerError;
}

describe('createEmotionRecognizer', () => {
  beforeEach(() => {
    AnsweringWorker.refuse = new Set();
    vi.stubGlobal('Worker', AnsweringWorker);
    vi.stubGlobal('location', { href: `${ORIGIN}/page.html` });
    vi.stubGlobal('fetch', vi.fn(serveFromDisk));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts with the model asked for, its labels from its spec, and the worker told where its files are', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn', backend: 'wasm' });
    expect(r.model).toMatchObject({ id: 'cnn', name: 'CNN' });
    expect(r.model.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
    expect(r.backend).toEqual({ name: 'wasm', reason: 'test' });
    expect(r.models.map((m) => m.id)).toEqual(['cnn', 'vgg', 'resnet', 'all']);
    const init = AnsweringWorker.last?.requests.find((m) => m.type === 'init');
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
    const sent = AnsweringWorker.last?.requests.length;
    expect((await rejection(r.analyze('face.jpg' as unknown as ImageBitmap))).code).toBe('invalid-input');
    const notAFile = await rejection(r.analyzeVideo({ name: 'clip.mp4' } as File));
    expect(notAFile.message).toMatch(/analyzeVideo\(\) takes a File; got Object/);
    const step = await rejection(r.analyzeVideo(new File(['x'], 'clip.mp4'), { every: 0 }));
    expect(step.code).toBe('invalid-option');
    expect(step.message).toMatch(/frame step must be a whole number from 1 to 100\. Got 0/);
    expect((await rejection(r.analyzePhotos('a.jpg' as unknown as File[]))).code).toBe('invalid-input');
    expect(AnsweringWorker.last?.requests.length).toBe(sent);
    r.dispose();
  });

  it('a disposed recognizer rejects every call with code "disposed"', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn' });
    r.dispose();
    expect(AnsweringWorker.last?.requests.at(-1)).toEqual({ type: 'dispose' });
    for (const call of [() => r.setModel('vgg'), () => r.analyzePhotos([])]) {
      const error = await rejection(call());
      expect(error.code).toBe('disposed');
      expect(error.message).toMatch(/disposed; create a new one with createEmotionRecognizer\(\)/);
    }
    expect(() => r.model).toThrow(/disposed/);
  });

  it('after the worker dies, calls fail with code "worker-failed" instead of waiting', async () => {
    const r = await createEmotionRecognizer({ model: 'cnn' });
    AnsweringWorker.last?.die();
    const error = await rejection(r.setModel('vgg'));
    expect(error.code).toBe('worker-failed');
    expect(error.message).toMatch(/the analysis worker stopped: .*out of memory.*create a new recognizer/);
  });
});
