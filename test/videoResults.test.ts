// The result store of a whole-file analysis or a camera recording, its per-face summary and the CSV/JSON writers.

import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../src/pipeline/frameResult';
import { videoBox } from '../src/pipeline/geometry';
import { validateFrameStep } from '../src/video/results';
import { LiveRecorder, MAX_RECORDING_FRAMES, cameraName } from '../src/session/jobs/liveRecording';
import { exportName, resultsToCsv, resultsToJson } from '../src/video/exporters';
import { AnalysisResults, type ResultsMeta } from '../src/video/results';

const LABELS = ['angry', 'happy', 'neutral'];
const META: ResultsMeta = {
  source: 'file',
  fileName: 'party, "final".mp4',
  fileBytes: 1234,
  durationSeconds: 1,
  frameRate: 4,
  width: 640,
  height: 480,
  modelId: 'cnn',
  modelName: 'CNN',
  appVersion: '1.2.3',
  frameStep: 1,
  labels: LABELS,
};

/** A frame with faces given as [trackId, smoothed label]. */
function frame(faces: [number, string][]): FrameResult {
  return {
    faces: faces.map(([trackId, label]) => ({
      trackId,
      box: videoBox({ x: 10 * trackId, y: 5, width: 40, height: 40 }),
      detectionScore: 0.9,
      probabilities: Float32Array.from(LABELS.map((l) => (l === label ? 0.8 : 0.1))),
      smoothedLabel: label,
      smoothedConfidence: 0.8,
    })),
    skippedFaces: 0,
    labels: LABELS,
    timings: { detectMs: 1, cropMs: 1, classifyMs: 1 },
    detected: true,
    frameWidth: 640,
    frameHeight: 480,
  };
}

function sample(): AnalysisResults {
  const r = new AnalysisResults(META);
  r.add(0, 0, frame([[1, 'happy']]));
  r.add(
    1,
    0.25,
    frame([
      [1, 'happy'],
      [2, 'angry'],
    ]),
  );
  r.add(
    2,
    0.5,
    frame([
      [1, 'neutral'],
      [2, 'angry'],
    ]),
  );
  r.add(3, 0.75, frame([[1, 'happy']]));
  return r;
}

describe('AnalysisResults', () => {
  it('summarises each face: frames seen, time span, share per label, dominant label', () => {
    expect(sample().summary()).toEqual([
      { trackId: 1, frames: 4, firstTime: 0, lastTime: 0.75, share: [0, 0.75, 0.25], dominantLabel: 'happy' },
      { trackId: 2, frames: 2, firstTime: 0.25, lastTime: 0.5, share: [1, 0, 0], dominantLabel: 'angry' },
    ]);
  });

  it('finds the frame shown at a time: the last analysed one at or before it', () => {
    const r = sample();
    expect(r.frameAt(-0.1)).toBeNull();
    expect(r.frameAt(0)?.frameIndex).toBe(0);
    expect(r.frameAt(0.6)?.frameIndex).toBe(2);
    expect(r.frameAt(10)?.frameIndex).toBe(3);
  });

  it('refuses frames out of presentation order', () => {
    const r = sample();
    expect(() => r.add(4, 0.1, frame([]))).toThrow(/order/);
  });

  it('a frame stands for the time until the next (uneven camera frames), one nominal span before a pause', () => {
    // Nominal span 0.1 s; frames at uneven times, then a 2 s pause (a hidden tab), then two more.
    const r = new AnalysisResults({ ...META, source: 'camera', frameRate: 10, durationSeconds: 2.6 });
    const times = [0, 0.05, 0.3, 0.4, 2.4, 2.5];
    const label = ['happy', 'happy', 'angry', 'angry', 'angry', 'angry'];
    times.forEach((t, i) => r.add(i, t, frame([[1, label[i] as string]])));
    const spans = r.spans();
    [0.05, 0.25, 0.1, 0.1, 0.1, 0.1].forEach((s, i) => expect(spans[i]).toBeCloseTo(s, 9));
    // By time, not by frames: happy holds 0.3 s of 0.7 s (by frames it would be 2 of 6).
    const [face] = r.summary();
    expect(face?.share[1]).toBeCloseTo(0.3 / 0.7, 9);
    expect(face?.share[0]).toBeCloseTo(0.4 / 0.7, 9);
  });

  it('shares by frame count when the spans are unknown (one frame of a recording)', () => {
    const r = new AnalysisResults({ ...META, source: 'camera', frameRate: 0 });
    r.add(0, 0, frame([[1, 'happy']]));
    expect(r.spans()).toEqual([0]);
    expect(r.summary()[0]?.share).toEqual([0, 1, 0]);
  });

  it('has no tracks when no frame had a face', () => {
    const r = new AnalysisResults(META);
    r.add(0, 0, frame([]));
    expect(r.summary()).toEqual([]);
  });
});

describe('exports', () => {
  it('CSV: a header with one probability column per label, one row per frame per face, quoted names', () => {
    const lines = resultsToCsv(sample()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    expect(lines[0]).toBe(
      'file,model,app_version,frame,time_s,face,label,confidence,x,y,width,height,detection_score,p_angry,p_happy,p_neutral',
    );
    expect(lines[2]).toBe('"party, ""final"".mp4",cnn,1.2.3,1,0.25,1,happy,0.8,10,5,40,40,0.9,0.1,0.8,0.1');
  });

  it('JSON: model, version, labels, summary and every frame, agreeing with the CSV', () => {
    const r = sample();
    const data = JSON.parse(resultsToJson(r));
    expect(data.model).toEqual({ id: 'cnn', name: 'CNN' });
    expect(data.app.version).toBe('1.2.3');
    expect(data.labels).toEqual(LABELS);
    expect(data.frames).toHaveLength(4);
    expect(data.summary).toEqual(r.summary());
    const csvFaces = resultsToCsv(r).trimEnd().split('\r\n').length - 1;
    expect(data.frames.reduce((n: number, f: { faces: unknown[] }) => n + f.faces.length, 0)).toBe(csvFaces);
  });

  it('JSON of a camera recording describes the camera, not a file', () => {
    const data = JSON.parse(resultsToJson(sample().withMeta({ source: 'camera', fileName: 'camera-x' })));
    expect(data.source).toBe('camera');
    expect(data.file).toBeUndefined();
    expect(data.camera).toMatchObject({ recording: 'camera-x', width: 640, height: 480 });
  });

  it('names exports after the input file', () => {
    expect(exportName('holiday.mp4', 'emotions.csv')).toBe('holiday.emotions.csv');
    expect(exportName('a.b.webm', 'annotated.webm')).toBe('a.b.annotated.webm');
    expect(exportName('noext', 'emotions.json')).toBe('noext.emotions.json');
  });
});

describe('validateFrameStep', () => {
  it('accepts whole numbers from 1 to 100 and explains anything else', () => {
    expect(validateFrameStep(1)).toBeNull();
    expect(validateFrameStep(100)).toBeNull();
    for (const bad of [0, -1, 1.5, 101, Number.NaN]) expect(validateFrameStep(bad)).toMatch(/whole number/);
  });
});

describe('LiveRecorder', () => {
  const SETUP = {
    model: { id: 'cnn', name: 'CNN', labels: LABELS },
    width: 640,
    height: 480,
    appVersion: '1.2.3',
  };

  it('records frames with their time since the start, and keeps them when the user stops', () => {
    const rec = new LiveRecorder();
    rec.add(frame([[1, 'happy']]), 500); // not recording: ignored
    rec.start(SETUP, 1000, new Date(2026, 10, 27, 14, 5, 9));
    expect(rec.recording).toBe(true);
    rec.add(frame([[1, 'happy']]), 1100);
    rec.add(frame([[1, 'angry']]), 1200);
    rec.add(frame([[1, 'angry']]), 1300);
    rec.stop('user');
    const state = rec.state.get();
    expect(state.recording).toBe(false);
    expect(state.message).toBe('Recorded 3 frames, 0.3 s.');
    const results = state.results;
    expect(results?.meta).toMatchObject({
      source: 'camera',
      fileName: 'camera-2026-11-27_14-05-09',
      width: 640,
    });
    expect(results?.frames.map((f) => [f.frameIndex, f.mediaTime])).toEqual([
      [0, 0.1],
      [1, 0.2],
      [2, 0.3],
    ]);
    // Three frames 0.1 s apart stand for 0.45 s: the last one for one more average frame.
    expect(results?.meta.durationSeconds).toBeCloseTo(0.45);
    expect(results?.meta.frameRate).toBeCloseTo(3 / 0.45);
    expect(results?.summary()[0]?.dominantLabel).toBe('angry');
    rec.add(frame([[1, 'happy']]), 1400); // stopped: ignored
    expect(rec.state.get().results?.frames).toHaveLength(3);
  });

  it('keeps the recording when the camera stops, and says so', () => {
    const rec = new LiveRecorder();
    rec.start(SETUP, 0);
    rec.add(frame([[1, 'happy']]), 40);
    rec.stop('camera');
    expect(rec.state.get().message).toMatch(/camera stopped.*1 frames.*kept/);
    expect(rec.state.get().results?.frames).toHaveLength(1);
    expect(rec.state.get().saved).toBe(false);
    rec.markSaved();
    expect(rec.state.get().saved).toBe(true);
  });

  it('a recording without frames keeps nothing and says why', () => {
    const rec = new LiveRecorder();
    rec.start(SETUP, 0);
    rec.stop('camera');
    expect(rec.state.get().results).toBeNull();
    expect(rec.state.get().message).toMatch(/nothing was recorded/);
  });

  it('ends at its frame limit, keeping every frame', () => {
    const rec = new LiveRecorder();
    rec.start(SETUP, 0);
    for (let i = 1; i <= MAX_RECORDING_FRAMES + 5; i++) rec.add(frame([]), i * 10);
    expect(rec.recording).toBe(false);
    expect(rec.state.get().results?.frames).toHaveLength(MAX_RECORDING_FRAMES);
    expect(rec.state.get().message).toMatch(/limit/);
  });

  it('names what the camera made after its local time, with no dot for the exports to cut', () => {
    expect(cameraName(new Date(2026, 0, 2, 3, 4, 5))).toBe('camera-2026-01-02_03-04-05');
    expect(exportName(cameraName(new Date(2026, 0, 2)), 'emotions.csv')).toBe(
      'camera-2026-01-02_00-00-00.emotions.csv',
    );
  });
});
