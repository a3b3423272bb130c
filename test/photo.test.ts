// Photos opened instead of a video: which files count as photos, the size they are analysed at, and the
// photo source's analyses (the latest one wins; none before a model is loaded; the bitmap is released).

import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../src/pipeline/frameResult';
import { PhotoBatch } from '../src/session/jobs/photoBatch';
import { photoRowsToCsv, photoRowsToJson } from '../src/video/photoTable';
import { PhotoSource } from '../src/session/sources/photoSource';
import type { Problem } from '../src/session/state/problem';
import { analysedSize, isPhotoFile, MAX_PHOTO_SIDE } from '../src/video/photoFile';

describe('isPhotoFile', () => {
  it('takes image types, and image names when the type is unknown', () => {
    expect(isPhotoFile({ type: 'image/jpeg', name: 'a.jpg' })).toBe(true);
    expect(isPhotoFile({ type: 'image/png', name: 'no-extension' })).toBe(true);
    expect(isPhotoFile({ type: '', name: 'holiday.JPEG' })).toBe(true);
    expect(isPhotoFile({ type: '', name: 'clip.mp4' })).toBe(false);
    expect(isPhotoFile({ type: 'video/mp4', name: 'still.jpg' })).toBe(false);
    expect(isPhotoFile({ type: 'text/plain', name: 'notes.txt' })).toBe(false);
  });
});

describe('analysedSize', () => {
  it('keeps a photo that fits and scales a larger one to the longest side, keeping its shape', () => {
    expect(analysedSize(1280, 960)).toEqual({ width: 1280, height: 960 });
    expect(analysedSize(MAX_PHOTO_SIDE * 2, MAX_PHOTO_SIDE)).toEqual({
      width: MAX_PHOTO_SIDE,
      height: MAX_PHOTO_SIDE / 2,
    });
    expect(analysedSize(3000, 9000)).toEqual({ width: 1365, height: MAX_PHOTO_SIDE });
    expect(analysedSize(100_000, 10)).toEqual({ width: MAX_PHOTO_SIDE, height: 1 });
  });
});

function bitmap(): ImageBitmap & { closed: boolean } {
  const b = { width: 10, height: 10, closed: false, close: () => (b.closed = true) };
  return b as unknown as ImageBitmap & { closed: boolean };
}

const result = (faces: number) => ({ faces: new Array(faces).fill(null) }) as unknown as FrameResult;

/** A photo source whose analyses wait until `finish(i, faces)` is called for the i-th one. */
function harness(ready = true) {
  const pending: ((r: FrameResult) => void)[] = [];
  const shown: number[] = [];
  const failures: Problem[] = [];
  const photo = new PhotoSource({
    analyze: () => new Promise((resolve) => pending.push(resolve)),
    ready: () => ready,
    show: (r) => shown.push(r.faces.length),
    fail: (why) => failures.push(why),
    name: () => 'smile.jpg',
  });
  const finish = async (i: number, faces: number) => {
    pending[i]?.(result(faces));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { photo, pending, shown, failures, finish };
}

describe('PhotoSource', () => {
  it('shows the latest analysis only: a late result of an earlier one is dropped', async () => {
    const h = harness();
    h.photo.open(bitmap());
    void h.photo.analyse();
    void h.photo.analyse(); // the model changed meanwhile
    await h.finish(1, 2);
    await h.finish(0, 5);
    expect(h.shown).toEqual([2]);
  });

  it('drops the result of a photo that was replaced or closed, and releases its bitmap', async () => {
    const h = harness();
    const first = bitmap();
    h.photo.open(first);
    void h.photo.analyse();
    h.photo.open(bitmap());
    expect(first.closed).toBe(true);
    await h.finish(0, 3);
    expect(h.shown).toEqual([]);
    h.photo.close();
    expect(h.photo.bitmap).toBeNull();
  });

  it('waits for a model: no analysis before the app is ready, and none without a photo', async () => {
    const waiting = harness(false);
    waiting.photo.open(bitmap());
    await waiting.photo.analyse();
    expect(waiting.pending).toHaveLength(0);
    const empty = harness();
    await empty.photo.analyse();
    expect(empty.pending).toHaveLength(0);
  });

  it('reports a failed analysis: the photo named, the reason apart, and what still works', async () => {
    const failures: Problem[] = [];
    const photo = new PhotoSource({
      analyze: () => Promise.reject(new Error('the worker stopped')),
      ready: () => true,
      show: () => undefined,
      fail: (why) => failures.push(why),
      name: () => 'smile.jpg',
    });
    photo.open(bitmap());
    await photo.analyse();
    expect(failures).toEqual([
      {
        message: '“smile.jpg” could not be analysed.',
        detail: 'the worker stopped',
        advice: 'Try it again or open another photo; the camera and video files still work.',
      },
    ]);
  });
});

describe('PhotoBatch', () => {
  const LABELS = ['angry', 'happy'];
  const MODEL = { id: 'cnn', name: 'CNN', labels: LABELS };
  const face = (label: string) => ({
    trackId: 1,
    box: { x: 1.25, y: 2, width: 30, height: 40 },
    detectionScore: 0.9,
    probabilities: Float32Array.from(LABELS.map((l) => (l === label ? 0.75 : 0.25))),
    smoothedLabel: label,
    smoothedConfidence: 0.75,
  });
  const file = (name: string) => ({ name }) as File;

  /** A batch whose photo i gets faces[i] (a label per face), or fails with `error` when faces[i] is a string. */
  function batchOf(faces: (string[] | string)[]) {
    return new PhotoBatch({
      label: async (f) => {
        const i = Number(f.name.replace(/\D/g, ''));
        const found = faces[i];
        if (typeof found === 'string') throw new Error(found);
        return {
          width: 640,
          height: 480,
          result: { faces: (found ?? []).map(face) } as unknown as FrameResult,
        };
      },
      model: () => MODEL,
      appVersion: '1.2.3',
    });
  }

  it('labels every photo in turn; one that fails is kept with its reason and the rest go on', async () => {
    const batch = batchOf([['happy', 'angry'], '“p1.jpg” cannot be opened: it is damaged.', []]);
    await batch.label([file('p0.jpg'), file('p1.jpg'), file('p2.jpg')]);
    const state = batch.state.get();
    expect(state.status).toBe('done');
    expect(state.rows.map((r) => [r.name, r.faces.map((f) => f.label), r.error])).toEqual([
      ['p0.jpg', ['happy', 'angry'], null],
      ['p1.jpg', [], '“p1.jpg” cannot be opened: it is damaged.'],
      ['p2.jpg', [], null],
    ]);

    const csv = photoRowsToCsv(state, '1.2.3').trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'photo,model,app_version,width,height,face,label,confidence,x,y,box_width,box_height,detection_score,p_angry,p_happy,note',
    );
    expect(csv.slice(1)).toEqual([
      'p0.jpg,cnn,1.2.3,640,480,1,happy,0.75,1.3,2,30,40,0.9,0.25,0.75,',
      'p0.jpg,cnn,1.2.3,640,480,2,angry,0.75,1.3,2,30,40,0.9,0.75,0.25,',
      'p1.jpg,cnn,1.2.3,0,0,,,,,,,,,,,“p1.jpg” cannot be opened: it is damaged.',
      'p2.jpg,cnn,1.2.3,640,480,,,,,,,,,,,no face found',
    ]);
    for (const line of csv) expect(line.split(',')).toHaveLength(16);
    const json = JSON.parse(photoRowsToJson(state, '1.2.3'));
    expect(json.model).toEqual({ id: 'cnn', name: 'CNN' });
    expect(json.labels).toEqual(LABELS);
    expect(json.photos).toHaveLength(3);
    expect(json.photos[0].faces[1].probabilities).toEqual([0.75, 0.25]);
  });

  it('cancel stops after the photo in progress and keeps the rows so far', async () => {
    let release: () => void = () => undefined;
    const batch = new PhotoBatch({
      label: () =>
        new Promise((resolve) => {
          release = () => resolve({ width: 1, height: 1, result: { faces: [] } as unknown as FrameResult });
        }),
      model: () => MODEL,
      appVersion: '1.2.3',
    });
    const done = batch.label([file('p0.jpg'), file('p1.jpg'), file('p2.jpg')]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(batch.busy).toBe(true);
    batch.cancel();
    release();
    await done;
    expect(batch.state.get().status).toBe('cancelled');
    expect(batch.state.get().rows.map((r) => r.name)).toEqual(['p0.jpg']);
  });
});
