// The recognizer's frame-by-frame and live calls, against the fake worker: a video session sends frames at
// once (handed over without a copy, or copied), with times in seconds, several in flight, in order; it
// refuses what it cannot analyse with a RecognizerError; setOptions, classifyCrops, memory, the backend
// change and analyze()'s frame result.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmotionRecognizer } from '../src/lib/recognizer';
import type { BackendInfo } from '../src/lib/types';
import {
  AnsweringWorker,
  FakeBitmap,
  FRAME_RESULT,
  LABELS,
  rejection,
  stubBrowser,
  unstubBrowser,
} from './answeringWorker';

const start = () => createEmotionRecognizer({ model: 'cnn' });
const handedOver = { transfer: true };

describe('openVideoSession', () => {
  beforeEach(stubBrowser);
  afterEach(unstubBrowser);

  it('sends each frame handed over as it is, its time in seconds, several in flight, answered in order', async () => {
    const r = await start();
    const session = r.openVideoSession();
    const frames = [new FakeBitmap(), new FakeBitmap(), new FakeBitmap()];
    AnsweringWorker.holdFrames = true;
    const answers = frames.map((f, i) =>
      session.analyzeFrame(f as unknown as ImageBitmap, 1000 + 40 * i, handedOver),
    );
    const worker = AnsweringWorker.last;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(worker.sent('frame')).toHaveLength(3); // all three in flight, none answered yet
    worker.answerFrames();
    expect(await Promise.all(answers)).toEqual([FRAME_RESULT, FRAME_RESULT, FRAME_RESULT]);
    const sent = worker.sent('frame');
    expect(sent.map((m) => m.time)).toEqual([1, 1.04, 1.08]);
    sent.forEach((m, i) => expect(m.image).toBe(frames[i])); // the very frames: no copy
    const transferred = worker.transfers.flat().filter((t) => t instanceof FakeBitmap);
    transferred.forEach((t, i) => expect(t).toBe(frames[i]));
    expect(transferred).toHaveLength(3);
    r.dispose();
  });

  it("copies a frame that is not handed over: the caller's stays usable", async () => {
    const r = await start();
    const mine = new FakeBitmap();
    await r.openVideoSession().analyzeFrame(mine as unknown as ImageBitmap, 0);
    const [sent] = AnsweringWorker.last.sent('frame');
    expect(sent?.image).toBeInstanceOf(FakeBitmap);
    expect(sent?.image).not.toBe(mine);
    expect(mine.closed).toBe(false);
    r.dispose();
  });

  it('refuses a frame without a finite time or a readable image, and closes a frame handed over', async () => {
    const r = await start();
    const session = r.openVideoSession();
    const frame = new FakeBitmap();
    const noTime = await rejection(
      session.analyzeFrame(frame as unknown as ImageBitmap, Number.NaN, handedOver),
    );
    expect(noTime.code).toBe('invalid-input');
    expect(noTime.message).toMatch(/the frame's time in milliseconds as a finite number; got NaN/);
    expect(frame.closed).toBe(true);
    const noImage = await rejection(session.analyzeFrame('frame.png' as unknown as ImageBitmap, 0));
    expect(noImage.code).toBe('invalid-input');
    expect(AnsweringWorker.last.sent('frame')).toEqual([]);
    r.dispose();
  });

  it('starts fresh faces numbered from 1; resetFaces forgets them; another session closes this one', async () => {
    const r = await start();
    const worker = AnsweringWorker.last;
    const first = r.openVideoSession();
    first.resetFaces();
    first.resetFaces({ renumber: true });
    expect(worker.sent('resetTracks').map((m) => m.renumber)).toEqual([true, false, true]);
    const second = r.openVideoSession();
    const closed = await rejection(first.analyzeFrame(new FakeBitmap() as unknown as ImageBitmap, 0));
    expect(closed.code).toBe('session-closed');
    expect(closed.message).toMatch(/closed .*another openVideoSession\(\).*; open a new one/);
    first.resetFaces(); // a closed session's reset is a no-op
    expect(worker.sent('resetTracks')).toHaveLength(4);
    await second.analyzeFrame(new FakeBitmap() as unknown as ImageBitmap, 0);
    second.close();
    expect((await rejection(second.analyzeFrame(new FakeBitmap() as unknown as ImageBitmap, 0))).code).toBe(
      'session-closed',
    );
    r.dispose();
  });

  it('after dispose, or once the worker died, frames reject with that error and frames handed over are closed', async () => {
    const r = await start();
    const session = r.openVideoSession();
    r.dispose();
    const frame = new FakeBitmap();
    const disposed = await rejection(session.analyzeFrame(frame as unknown as ImageBitmap, 0, handedOver));
    expect(disposed.code).toBe('disposed');
    expect(frame.closed).toBe(true);
    expect(() => r.openVideoSession()).toThrow(/disposed/);

    const other = await start();
    const live = other.openVideoSession();
    AnsweringWorker.last.die();
    expect((await rejection(live.analyzeFrame(new FakeBitmap() as unknown as ImageBitmap, 0))).code).toBe(
      'worker-failed',
    );
  });
});

describe('the recognizer while it runs', () => {
  beforeEach(stubBrowser);
  afterEach(unstubBrowser);

  it('setOptions sends the merged settings to the worker; a bad value changes nothing', async () => {
    const r = await start();
    await r.setOptions({ windowLength: 30 });
    await r.setOptions({ detectorRange: 'short' });
    const worker = AnsweringWorker.last;
    expect(worker.sent('configure').map((m) => m.settings)).toEqual([
      { detectorRange: 'auto', minConfidence: 0.5, windowLength: 30 },
      { detectorRange: 'short', minConfidence: 0.5, windowLength: 30 },
    ]);
    const bad = await rejection(r.setOptions({ minConfidence: 2 }));
    expect(bad.code).toBe('invalid-option');
    const fixed = await rejection(r.setOptions({ backend: 'cpu' } as never));
    expect(fixed.message).toMatch(/'backend' cannot change on a running recognizer/);
    expect(worker.sent('configure')).toHaveLength(2);
    r.dispose();
  });

  it('classifyCrops takes count × 48×48 grey pixels and answers per crop; other sizes are refused', async () => {
    const r = await start();
    const crops = await r.classifyCrops(new Uint8Array(2 * 48 * 48), 2);
    expect(crops).toHaveLength(2);
    expect(crops[0]).toHaveLength(LABELS.length);
    const short = await rejection(r.classifyCrops(new Uint8Array(100), 1));
    expect(short.code).toBe('invalid-input');
    expect(short.message).toMatch(
      /1 crop\(s\) of 48×48 grey pixels: a Uint8Array of 2304 bytes; got 100 bytes/,
    );
    expect((await rejection(r.classifyCrops(new Uint8Array(0), 0))).message).toMatch(
      /whole count ≥ 1; got 0/,
    );
    await r.classifyCrops(new Uint8Array(48 * 48), 1, { mirror: true });
    // Once each by default, as the cards' main figures; mirrored too when asked.
    expect(AnsweringWorker.last.sent('classifyGrey').map((m) => m.mirror)).toEqual([false, true]);
    r.dispose();
  });

  it("reports the worker's memory, and a backend change (after a GPU loss) through onBackendChange", async () => {
    const changes: BackendInfo[] = [];
    const r = await createEmotionRecognizer({ onBackendChange: (b) => changes.push(b) });
    expect(await r.memory()).toEqual({ numTensors: 12, numBytes: 3400 });
    r.simulateGpuLoss();
    const worker = AnsweringWorker.last;
    expect(worker.sent('simulateGpuLoss')).toHaveLength(1);
    const choice = { name: 'wasm', reason: 'WebGPU stopped (destroyed); switched to wasm' } as const;
    worker.send({ type: 'backendChanged', choice });
    expect(changes).toEqual([choice]);
    expect(r.backend).toEqual(choice);
    r.dispose();
  });

  it('analyze() gives the friendly view and the frame result behind it', async () => {
    const r = await start();
    const analysis = await r.analyze(new FakeBitmap() as unknown as ImageBitmap);
    expect(analysis.frameResult).toBe(FRAME_RESULT);
    expect(analysis.faces[0]).toMatchObject({ trackId: 1, label: 'happy', confidence: 0.75 });
    expect(analysis.faces[0]?.probabilities['happy']).toBe(0.75);
    expect(AnsweringWorker.last.sent('analyzeStill')).toHaveLength(1);
    r.dispose();
  });

  it("analyze() averages a still's views unless told not to; a tracked frame is classified once", async () => {
    const r = await start();
    const image = () => new FakeBitmap() as unknown as ImageBitmap;
    await r.analyze(image());
    await r.analyze(image(), { averageViews: false });
    await r.analyze(image(), { tracking: true, time: 1 });
    const worker = AnsweringWorker.last;
    expect(worker.sent('analyzeStill').map((m) => m.averageViews)).toEqual([true, false]);
    expect(worker.sent('frame')).toHaveLength(1);
    const both = await rejection(r.analyze(image(), { tracking: true, averageViews: true }));
    expect(both.code).toBe('invalid-option');
    expect(both.message).toMatch(/averageViews is for stills/);
    expect(worker.sent('frame')).toHaveLength(1);
    r.dispose();
  });
});
