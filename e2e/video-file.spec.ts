// Video files, end to end: drop or pick a file, watch it annotated, analyse it whole, export the results;
// files the app cannot use get a message naming them, and the app then still annotates a good file.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  download,
  dropFile,
  expectOnlyOwnOrigin,
  faceEntries,
  frameCount,
  openApp,
  pickAnotherModel,
} from './browser';
import {
  CAMERA_FACE_COUNT,
  CLIP_FPS,
  CLIP_SECONDS,
  CUT_WHOLE_SECONDS,
  HUGE_BYTES,
  makeSwitchClip,
  SWITCH_LABELS,
  SWITCH_SEGMENT_SECONDS,
  VIDEO_FILES,
} from './media';

interface JobsView {
  status: string;
  rows: number;
  tracks: number;
}

const jobsView = (page: Page) =>
  page.evaluate(() => {
    type Results = { frames: unknown[]; summary(): unknown[] };
    const s = (
      window as unknown as {
        ferSession: { jobs: { state: { get(): { status: string; results: Results | null } } } };
      }
    ).ferSession.jobs.state.get();
    return {
      status: s.status,
      rows: s.results?.frames.length ?? 0,
      tracks: s.results?.summary().length ?? 0,
    };
  }) as Promise<JobsView>;

async function expectLabelledFaces(page: Page, fileName: string): Promise<void> {
  await expect(page.getByTestId('file-info')).toContainText(fileName);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await expect(faceEntries(page).first().locator('.caption')).toHaveText(/Face \d+: [a-z]+ \d+%$/);
}

test('a dropped MP4 and a picked WebM play with every face labelled', async ({ page, baseURL }) => {
  const watch = await openApp(page);
  await dropFile(page, VIDEO_FILES.mp4);
  await expectLabelledFaces(page, basename(VIDEO_FILES.mp4));
  // The file button: an <input type=file accept=video/*> behind a visible button.
  await expect(page.getByRole('button', { name: 'Open video or photo' })).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(VIDEO_FILES.webm);
  await expectLabelledFaces(page, basename(VIDEO_FILES.webm));

  // Paused, then seeked, then with another model: the frame shown is analysed again each time.
  const video = page.getByLabel('Video file', { exact: true });
  for (const step of ['seek', 'model'] as const) {
    const before = await frameCount(page);
    if (step === 'seek') await video.evaluate((v: HTMLVideoElement) => (v.pause(), (v.currentTime = 0.55)));
    else {
      await pickAnotherModel(page);
      await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 1.25));
    }
    await expect.poll(() => frameCount(page), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT);
  }
  // A snapshot of a file is named after it and the position shown.
  const snapshot = await download(page, 'Snapshot');
  expect(snapshot.file).toBe(`${basename(VIDEO_FILES.webm, '.webm')}.1.25s.png`);
  expect(watch.errors).toEqual([]);
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});

test('whole-file analysis gives one result per frame, one track per face, and exports that agree', async ({
  page,
  baseURL,
}) => {
  const watch = await openApp(page);
  await dropFile(page, VIDEO_FILES.mp4);
  await expect(page.getByTestId('file-info')).toBeVisible();
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  const view = await jobsView(page);
  expect(view).toEqual({ status: 'done', rows: CLIP_SECONDS * CLIP_FPS, tracks: CAMERA_FACE_COUNT });
  await expect(page.getByTestId('summary').locator('tbody tr')).toHaveCount(CAMERA_FACE_COUNT);
  // A click on the timeline seeks the video there (the middle of the clip).
  const timeline = page.getByTestId('timeline');
  const box = await timeline.boundingBox();
  await timeline.click({ position: { x: (box?.width ?? 0) / 2, y: 5 } });
  await expect
    .poll(() =>
      page.getByLabel('Video file', { exact: true }).evaluate((v: HTMLVideoElement) => v.currentTime),
    )
    .toBeCloseTo(CLIP_SECONDS / 2, 0);

  const save = async (button: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  };
  const csv = await save('Download CSV');
  const json = await save('Download JSON');
  expect(csv.name).toBe('faces-h264.emotions.csv');
  expect(json.name).toBe('faces-h264.emotions.json');

  const data = JSON.parse(json.text) as {
    model: { id: string };
    app: { version: string };
    labels: string[];
    frames: { frameIndex: number; faces: { trackId: number; smoothedLabel: string }[] }[];
    summary: { trackId: number; dominantLabel: string; share: number[] }[];
  };
  expect(data.frames).toHaveLength(CLIP_SECONDS * CLIP_FPS);
  expect(data.app.version).toMatch(/^\d+\.\d+\.\d+/);
  const [header, ...lines] = csv.text.trim().split(/\r\n/);
  const columns = (header ?? '').split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
  // CSV and JSON: the same (frame, face, label) rows, the same model and version.
  expect(rows.map((r) => `${r['frame']}/${r['face']}/${r['label']}`)).toEqual(
    data.frames.flatMap((f) => f.faces.map((x) => `${f.frameIndex}/${x.trackId}/${x.smoothedLabel}`)),
  );
  expect(new Set(rows.map((r) => r['model']))).toEqual(new Set([data.model.id]));
  expect(new Set(rows.map((r) => r['app_version']))).toEqual(new Set([data.app.version]));
  expect(columns.filter((c) => c.startsWith('p_'))).toEqual(data.labels.map((l) => `p_${l}`));
  // The on-screen summary says what the JSON says.
  for (const track of data.summary) {
    const row = page.locator(`[data-testid=summary] tr[data-face="${track.trackId}"]`);
    await expect(row.locator('[data-dominant]')).toHaveAttribute('data-dominant', track.dominantLabel);
    for (const [i, label] of data.labels.entries())
      await expect(row.locator(`td[data-label="${label}"]`)).toHaveText(
        `${Math.round((track.share[i] ?? 0) * 100)}%`,
      );
  }

  // The annotated WebM plays back with the clip's duration.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('button', { name: 'Download annotated video (WebM)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('faces-h264.annotated.webm');
  const webm = readFileSync(await download.path()).toString('base64');
  const duration = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve;
      video.onerror = () => reject(new Error(video.error?.message ?? 'unplayable'));
    });
    await video.play();
    return video.duration;
  }, webm);
  expect(duration).toBeCloseTo(CLIP_SECONDS, 1);
  expect(watch.errors).toEqual([]);
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});

const BAD_FILES: [string, RegExp][] = [
  [VIDEO_FILES.notVideo, /not a video file/],
  [VIDEO_FILES.empty, /empty \(0 bytes\)/],
  [VIDEO_FILES.truncated, /damaged|incomplete/],
  [VIDEO_FILES.hevc, /HEVC.*cannot decode/],
  [VIDEO_FILES.theora, /codec/],
];

test('files the app cannot use are named with the reason, and a good file still works after each', async ({
  page,
}) => {
  await openApp(page);
  for (const [path, reason] of BAD_FILES) {
    await dropFile(page, path);
    const error = page.getByTestId('file-error');
    await expect(error).toContainText(basename(path));
    await expect(error).toContainText(reason);
    await dropFile(page, VIDEO_FILES.webm);
    await expect(error).toBeHidden();
    await expectLabelledFaces(page, basename(VIDEO_FILES.webm));
  }
});

test('a video without faces says so, live and after a whole-file analysis', async ({ page }) => {
  await openApp(page);
  await dropFile(page, VIDEO_FILES.noFace);
  await expect(page.getByTestId('face-list')).toContainText('No face found', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('no face was found', { timeout: 120_000 });
});

test('a second file dropped during an analysis cancels it cleanly: no results of one file mix with the other', async ({
  page,
}) => {
  await openApp(page);
  await dropFile(page, VIDEO_FILES.webm);
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect.poll(async () => (await jobsView(page)).rows, { timeout: 60_000 }).toBeGreaterThan(0);
  await dropFile(page, VIDEO_FILES.mp4);
  await expect(page.getByTestId('file-info')).toContainText(basename(VIDEO_FILES.mp4));
  expect(await jobsView(page)).toEqual({ status: 'idle', rows: 0, tracks: 0 });
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  expect(await jobsView(page)).toEqual({
    status: 'done',
    rows: CLIP_SECONDS * CLIP_FPS,
    tracks: CAMERA_FACE_COUNT,
  });
  await expect(page.getByRole('heading', { name: /Results: faces-h264\.mp4/ })).toBeVisible();
});

test('a 2 GiB file opens and plays like a small one: it is never read whole into memory', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(VIDEO_FILES.huge);
  await expectLabelledFaces(page, basename(VIDEO_FILES.huge));
  const heap = await page.evaluate(
    () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
  );
  expect(heap).toBeLessThan(HUGE_BYTES / 20);
});

test('a file cut short (its index intact, its frames stopping early) is reported as ended early', async ({
  page,
}) => {
  await openApp(page);
  await dropFile(page, VIDEO_FILES.cut);
  await expect(page.getByTestId('file-info')).toContainText(basename(VIDEO_FILES.cut));
  // Played up to the cut, the <video> fails and the file closes; the analysis reads the file itself.
  await page.getByLabel('Video file', { exact: true }).evaluate((v: HTMLVideoElement) => v.pause());
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  const message = page.getByTestId('analysis-message');
  await expect(message).toContainText('ended early', { timeout: 120_000 });
  await expect(message).toContainText(`of the ${CUT_WHOLE_SECONDS.toFixed(2)} s it states`);
  const coverage = await page.evaluate(
    () =>
      (
        window as unknown as {
          ferSession: { jobs: { state: { get(): { results: { meta: { coverage?: object } } | null } } } };
        }
      ).ferSession.jobs.state.get().results?.meta.coverage,
  );
  expect(coverage).toMatchObject({ endedEarly: true, incomplete: true, statedSeconds: CUT_WHOLE_SECONDS });
  const decoded = (coverage as { decodedSeconds: number }).decodedSeconds;
  expect(decoded).toBeGreaterThan(0.5);
  expect(decoded).toBeLessThan(CUT_WHOLE_SECONDS * 0.9);
  // A whole file says nothing of the kind.
  await dropFile(page, VIDEO_FILES.mp4);
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(message).toContainText('Analysed', { timeout: 120_000 });
  await expect(message).not.toContainText('ended early');
});

test('each analysis numbers its faces from 1: two analyses of one file can be joined by face number', async ({
  page,
}) => {
  await openApp(page);
  await dropFile(page, VIDEO_FILES.mp4);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  const faceNumbers = () =>
    page.evaluate(() => {
      type Results = { summary(): { trackId: number }[] };
      const s = (
        window as unknown as { ferSession: { jobs: { state: { get(): { results: Results | null } } } } }
      ).ferSession.jobs.state.get();
      return (s.results?.summary() ?? []).map((t) => t.trackId).sort((a, b) => a - b);
    });
  const expected = Array.from({ length: CAMERA_FACE_COUNT }, (_, i) => i + 1);
  for (let run = 0; run < 2; run++) {
    await page.getByRole('button', { name: 'Analyse whole file' }).click();
    await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
    expect(await faceNumbers()).toEqual(expected);
    await expect(page.getByTestId('analysis-message')).not.toHaveText(/cancelled/);
  }
  // The live overlay after the analyses numbers its own faces from 1 too.
  await expect(faceEntries(page).first().locator('.caption')).toHaveText(/Face [1-3]: /, { timeout: 30_000 });
});

test('a face that changes expression is followed within a second, and holds its label in between', async ({
  page,
}) => {
  const clip = makeSwitchClip();
  await openApp(page, '?model=cnn');
  await dropFile(page, clip);
  await page.getByLabel('Video file', { exact: true }).evaluate((v: HTMLVideoElement) => v.pause());
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  const labels = await page.evaluate(() => {
    type Row = { mediaTime: number; faces: { smoothedLabel: string }[] };
    const s = (
      window as unknown as {
        ferSession: { jobs: { state: { get(): { results: { frames: readonly Row[] } | null } } } };
      }
    ).ferSession.jobs.state.get();
    return (s.results?.frames ?? []).map((r) => ({ time: r.mediaTime, label: r.faces[0]?.smoothedLabel }));
  });
  expect(labels.length).toBe(SWITCH_LABELS.length * SWITCH_SEGMENT_SECONDS * 10);
  // The label changes exactly at each switch, within 1 s of it, and never in between.
  const changes = labels.filter((l, i) => i > 0 && l.label !== labels[i - 1]?.label);
  expect(changes.map((c) => c.label)).toEqual(SWITCH_LABELS.slice(1));
  changes.forEach((change, i) => {
    const switchedAt = (i + 1) * SWITCH_SEGMENT_SECONDS;
    expect(change.time).toBeGreaterThanOrEqual(switchedAt);
    expect(change.time - switchedAt).toBeLessThanOrEqual(1.0);
  });
  expect(labels[0]?.label).toBe(SWITCH_LABELS[0]);
});
