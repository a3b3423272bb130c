// The page's side of the worker protocol, against a fake Worker: answers reach the request that asked,
// and a dead worker fails every request (and says so) instead of leaving the page waiting.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisClient } from '../src/worker/analysisClient';
import type { FromWorker, ToWorker, WorkerConfig } from '../src/worker/protocol';

class FakeWorker extends EventTarget {
  /** In the order started: the client starts the analysis worker, then its detection worker. */
  static started: FakeWorker[] = [];
  readonly posted: { message: ToWorker; transfer: unknown[] }[] = [];
  terminated = false;
  constructor(
    readonly url: string,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(message: ToWorker, transfer: unknown[] = []): void {
    this.posted.push({ message, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  requestId(index: number): number {
    const message = this.posted[index]?.message;
    if (!message || !('requestId' in message)) throw new Error(`no request at ${index}`);
    return message.requestId;
  }
}

/** Stands in for an ImageBitmap: only `close` is used on this side. */
const fakeBitmap = () => ({ close: vi.fn() }) as unknown as ImageBitmap & { close: ReturnType<typeof vi.fn> };

const config: WorkerConfig = {
  tfjsWasmBaseUrl: 'http://app.test/generated/tfjs/',
  mediapipeWasmBaseUrl: 'http://app.test/generated/mediapipe',
  detectorModelBaseUrl: 'http://app.test/generated/models/',
  detectorRange: 'full',
  minConfidence: 0.5,
  windowLength: 10,
  detectEvery: 3,
};

const emptyResult = {
  faces: [],
  skippedFaces: 0,
  labels: ['a', 'b'],
  timings: { detectMs: 1, cropMs: 0, classifyMs: 0 },
  detected: true,
  frameWidth: 4,
  frameHeight: 3,
};

function start() {
  const events = { onProgress: vi.fn(), onFatal: vi.fn(), onBackendChanged: vi.fn() };
  const client = new AnalysisClient(events);
  const [worker, detection] = FakeWorker.started.slice(-2) as [FakeWorker, FakeWorker];
  return { client, worker, detection, events };
}

describe('AnalysisClient', () => {
  beforeEach(() => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', { href: 'http://app.test/' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts a module worker and reports start-up progress, then the backend choice', async () => {
    const { client, worker, events } = start();
    // From a blob: bootstrap, so that the page's Content-Security-Policy governs the worker too.
    expect(worker.url).toMatch(/^blob:/);
    expect(worker.options).toEqual({ type: 'module' });
    const started = client.init(config);
    const id = worker.requestId(0);
    worker.reply({ type: 'progress', requestId: id, status: 'Loading the face detector…' });
    expect(events.onProgress).toHaveBeenCalledWith('Loading the face detector…');
    const choice = { name: 'wasm', reason: 'fastest' } as const;
    worker.reply({ type: 'ready', requestId: id, backends: [], choice });
    await expect(started).resolves.toEqual({ backends: [], choice });
  });

  it('passes on a backend change the worker made by itself (a lost GPU)', () => {
    const { worker, events } = start();
    const choice = { name: 'wasm', reason: 'WebGPU stopped (destroyed); switched to wasm' } as const;
    worker.reply({ type: 'backendChanged', choice });
    expect(events.onBackendChanged).toHaveBeenCalledWith(choice);
  });

  it('matches answers to requests by id, in any order, and transfers frame bitmaps', async () => {
    const { client, worker } = start();
    const bitmap = fakeBitmap();
    const frame = client.analyzeFrame(bitmap, 0);
    const grey = client.classifyGrey(new Uint8Array(48 * 48), 1, true);
    expect(worker.posted[0]?.transfer).toEqual([bitmap]);
    expect(worker.posted[1]?.message).toMatchObject({ type: 'classifyGrey', count: 1, mirror: true });
    expect(worker.posted[1]?.transfer).toEqual([]); // the caller's pixels are copied, not taken
    worker.reply({
      type: 'greyResult',
      requestId: worker.requestId(1),
      probabilities: [new Float32Array(2)],
    });
    worker.reply({ type: 'result', requestId: worker.requestId(0), result: emptyResult });
    await expect(frame).resolves.toEqual(emptyResult);
    await expect(grey).resolves.toHaveLength(1);
    expect(bitmap.close).not.toHaveBeenCalled(); // the worker closes it
  });

  it('rejects a failed model load with its reason, and sends the model URLs absolute', async () => {
    const { client, worker } = start();
    const spec = {} as Parameters<AnalysisClient['loadModel']>[1]['members'][0]['spec'];
    const member = (name: string) => ({ name, modelUrl: `/models/${name}/model.json`, spec });
    const load = client.loadModel('vgg', { members: [member('vgg'), member('cnn')], flipAverage: false });
    const sent = worker.posted[0]?.message;
    expect(sent?.type === 'loadModel' && sent.model.members.map((m) => m.modelUrl)).toEqual([
      'http://app.test/models/vgg/model.json',
      'http://app.test/models/cnn/model.json',
    ]);
    worker.reply({ type: 'modelFailed', requestId: worker.requestId(0), id: 'vgg', message: '404' });
    await expect(load).rejects.toThrow('404');
  });

  it('when the worker dies: pending and later requests fail, the worker ends, the session hears once', async () => {
    const { client, worker, events } = start();
    const pending = client.analyzeFrame(fakeBitmap(), 0);
    worker.dispatchEvent(
      Object.assign(new Event('error', { cancelable: true }), { message: 'out of memory' }),
    );
    await expect(pending).rejects.toThrow('the analysis worker failed to load or crashed (out of memory)');
    expect(worker.terminated).toBe(true);
    expect(events.onFatal).toHaveBeenCalledTimes(1);
    const later = fakeBitmap();
    await expect(client.analyzeFrame(later, 0)).rejects.toThrow('out of memory');
    expect(later.close).toHaveBeenCalled(); // never transferred, so closed here
    worker.dispatchEvent(new Event('error'));
    expect(events.onFatal).toHaveBeenCalledTimes(1);
  });

  it('starts the detection worker beside it and gives the two the ends of one channel', () => {
    const { client, worker, detection } = start();
    expect(detection.url).toMatch(/^blob:/);
    expect(detection.options).toEqual({ type: 'module' });
    void client.init(config).catch(() => undefined);
    const connect = detection.posted[0] as unknown as { message: { type: string; port: MessagePort } };
    expect(connect.message.type).toBe('connect');
    expect(detection.posted[0]?.transfer).toEqual([connect.message.port]);
    const init = worker.posted[0];
    expect(init?.message.type === 'init' && init.message.detectionPort).toBeInstanceOf(MessagePort);
    expect(init?.transfer).toHaveLength(1);
    expect(init?.transfer[0]).not.toBe(connect.message.port);
    for (const port of [connect.message.port, init?.transfer[0]]) (port as MessagePort).close();
  });

  it('when the detection worker dies, every request fails with its words and both workers end', async () => {
    const { client, worker, detection, events } = start();
    const pending = client.analyzeFrame(fakeBitmap(), 0);
    detection.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'boom' }));
    await expect(pending).rejects.toThrow('the detection worker failed to load or crashed (boom)');
    expect([worker.terminated, detection.terminated]).toEqual([true, true]);
    expect(events.onFatal).toHaveBeenCalledTimes(1);
  });

  it('a worker script that fails to load (a plain error Event) still gives a clear message', async () => {
    const { client, worker, events } = start();
    const started = client.init(config);
    worker.dispatchEvent(new Event('error'));
    await expect(started).rejects.toThrow('the analysis worker failed to load or crashed');
    expect(events.onFatal).toHaveBeenCalledWith('the analysis worker failed to load or crashed');
  });
});
