// A fake analysis worker that answers like the real one, and a page whose origin serves public/ (the shipped
// models): what the library's unit tests run createEmotionRecognizer against in Node.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { RecognizerError } from '../src/lib/errors';
import type { FrameResult } from '../src/pipeline/frameResult';
import type { VideoBox } from '../src/pipeline/geometry';
import type { FromWorker, ToWorker } from '../src/worker/protocol';

const PUBLIC = join(import.meta.dirname, '..', 'public');
export const ORIGIN = 'http://app.test';
export const LABELS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];

/** What the fake worker answers a frame or a still with: one happy face. */
export const FRAME_RESULT: FrameResult = {
  faces: [
    {
      trackId: 1,
      box: { x: 10, y: 20, width: 30, height: 40 } as VideoBox,
      detectionScore: 0.9,
      probabilities: Float32Array.from([0, 0, 0, 0.75, 0.25, 0, 0]),
      smoothedLabel: 'happy',
      smoothedConfidence: 0.75,
    },
  ],
  skippedFaces: 0,
  labels: LABELS,
  timings: { detectMs: 20, cropMs: 1, classifyMs: 2 },
  detected: true,
  frameWidth: 640,
  frameHeight: 480,
};

/**
 * Answers every request at once, as a worker that started; `refuse` names models it fails to load. Records
 * what it was sent, with what was transferred.
 */
export class AnsweringWorker extends EventTarget {
  /** In the order started: the client starts the analysis worker, then its detection worker. */
  static started: AnsweringWorker[] = [];
  /** The last analysis worker (the detection worker talks only to it, and is left silent here). */
  static get last(): AnsweringWorker {
    const worker = AnsweringWorker.started.at(-2);
    if (!worker) throw new Error('no worker started');
    return worker;
  }
  static refuse = new Set<string>();
  /** Frames are answered only by `answerFrames()`: the test sees what is in flight. */
  static holdFrames = false;
  private held: FromWorker[] = [];
  readonly requests: ToWorker[] = [];
  readonly transfers: unknown[][] = [];
  constructor() {
    super();
    AnsweringWorker.started.push(this);
  }
  postMessage(message: ToWorker, transfer: unknown[] = []): void {
    this.requests.push(message);
    this.transfers.push(transfer);
    const answer = this.answer(message);
    if (answer && message.type === 'frame' && AnsweringWorker.holdFrames) this.held.push(answer);
    else if (answer) queueMicrotask(() => this.send(answer));
  }
  /** Answers the frames held back, in the order they came. */
  answerFrames(): void {
    this.held.splice(0).forEach((answer) => this.send(answer));
  }
  send(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  terminate(): void {}
  die(): void {
    // Node has no ErrorEvent: an Event with the message the client reads from one.
    this.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
  }
  /** The requests of one type, in the order sent. */
  sent<T extends ToWorker['type']>(type: T): Extract<ToWorker, { type: T }>[] {
    return this.requests.filter((m): m is Extract<ToWorker, { type: T }> => m.type === type);
  }
  private answer(m: ToWorker): FromWorker | null {
    switch (m.type) {
      case 'init':
        return {
          type: 'ready',
          requestId: m.requestId,
          backends: [{ name: 'wasm', available: true, threads: 1, benchmarkMs: 2 }],
          choice: { name: 'wasm', reason: 'test' },
        };
      case 'loadModel':
        return AnsweringWorker.refuse.has(m.id)
          ? { type: 'modelFailed', requestId: m.requestId, id: m.id, message: 'weights.bin answered 404' }
          : { type: 'modelLoaded', requestId: m.requestId, id: m.id };
      case 'frame':
      case 'analyzeStill':
        return { type: 'result', requestId: m.requestId, result: FRAME_RESULT };
      case 'configure':
        return { type: 'configured', requestId: m.requestId };
      case 'memory':
        return { type: 'memoryReport', requestId: m.requestId, numTensors: 12, numBytes: 3400 };
      case 'classifyGrey': {
        const probabilities = Array.from({ length: m.count }, () => new Float32Array(LABELS.length));
        return { type: 'greyResult', requestId: m.requestId, probabilities };
      }
      default:
        return null;
    }
  }
}

/** Stands in for the browser's ImageBitmap, which Node lacks: `close` is watched. */
export class FakeBitmap {
  readonly width = 640;
  readonly height = 480;
  closed = false;
  close(): void {
    this.closed = true;
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

/** A page in Node: the fake worker, the origin serving public/, bitmaps that copy. */
export function stubBrowser(): void {
  AnsweringWorker.refuse = new Set();
  AnsweringWorker.holdFrames = false;
  vi.stubGlobal('Worker', AnsweringWorker);
  vi.stubGlobal('location', { href: `${ORIGIN}/page.html` });
  vi.stubGlobal('fetch', vi.fn(serveFromDisk));
  vi.stubGlobal('ImageBitmap', FakeBitmap);
  vi.stubGlobal(
    'createImageBitmap',
    vi.fn(async () => new FakeBitmap()),
  );
}

export function unstubBrowser(): void {
  vi.unstubAllGlobals();
}

/** The RecognizerError that `pending` rejects with (the test fails if it resolves or rejects otherwise). */
export async function rejection(pending: Promise<unknown>): Promise<RecognizerError> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecognizerError);
  return error as RecognizerError;
}
