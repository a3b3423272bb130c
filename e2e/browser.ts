// Launch settings for Debian's Chromium (no Playwright browser download here) and shared test helpers.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Launch options for Chromium with a fake camera that loops `file` (y4m or mjpeg). */
export function fakeCameraLaunch(file: string) {
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  };
}

/**
 * Console errors we tolerate, each for a reason:
 * - tasks-vision logs "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." through console.error;
 *   it is an info line, not an error.
 */
const TOLERATED_CONSOLE_ERRORS = [
  /Created TensorFlow Lite XNNPACK delegate for CPU/,
  // Chromium's own line for an HTTP error; the response itself is recorded with its URL below.
  /^Failed to load resource: the server responded with a status of/,
];

/** Records console errors, page errors and every request's URL, for the privacy and hygiene checks. */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !TOLERATED_CONSOLE_ERRORS.some((r) => r.test(m.text())))
      errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return { errors, requests };
}

/** Every request went to the page's own origin (or stayed inside the browser: data:, blob:). */
export function expectOnlyOwnOrigin(requests: string[], origin: string): void {
  const foreign = requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
  expect(foreign).toEqual([]);
}

export async function waitUntilReady(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled({ timeout: 90_000 });
}

/** Opens the app, watching the page from the start, and waits until it is ready. */
export async function openApp(page: Page, search = ''): Promise<ReturnType<typeof watchPage>> {
  const watch = watchPage(page);
  await page.goto(`/${search}`);
  await waitUntilReady(page);
  return watch;
}

/** Frames the app has analysed since the page opened (`ferSession.frameCount`). */
export function frameCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { ferSession: { frameCount: number } }).ferSession.frameCount,
  );
}

/** Frames keep being analysed (three more within `framesMs`) and `faces` faces are listed (within `facesMs`). */
export async function expectLabelling(
  page: Page,
  faces: number,
  framesMs: number,
  facesMs: number,
): Promise<void> {
  const before = await frameCount(page);
  await expect.poll(() => frameCount(page), { timeout: framesMs }).toBeGreaterThan(before + 2);
  await expect(faceEntries(page)).toHaveCount(faces, { timeout: facesMs });
}

/** The face list entries ("Face 1: happy 87%"). */
/** Picks another usable model than the one in use in the Model menu, waits for it to load; returns its id. */
export async function pickAnotherModel(page: Page): Promise<string> {
  const select = page.getByLabel('Model');
  const current = await select.inputValue();
  const other = await select
    .locator('option:not([disabled])')
    .evaluateAll(
      (els, now) => els.map((e) => (e as HTMLOptionElement).value).find((v) => v !== now),
      current,
    );
  if (!other) throw new Error(`no model to switch to from ${current}`);
  await select.selectOption(other);
  await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
  return other;
}

export function faceEntries(page: Page) {
  return page.getByTestId('face-list').locator('li[data-label]');
}

type LostTrackWindow = { lostTrack: MediaStreamTrack };

/** The camera goes away as when unplugged: its video track fires 'ended'. The track is kept for `lostTrackState`. */
export async function unplugCamera(page: Page): Promise<void> {
  await page.evaluate(() => {
    const stream = document.querySelector('video')?.srcObject as MediaStream;
    const track = stream.getVideoTracks()[0] as MediaStreamTrack;
    (window as unknown as LostTrackWindow).lostTrack = track;
    track.dispatchEvent(new Event('ended'));
  });
}

/** The unplugged track's state: 'ended' once the app has stopped it (the camera light goes off). */
export function lostTrackState(page: Page): Promise<MediaStreamTrackState> {
  return page.evaluate(() => (window as unknown as LostTrackWindow).lostTrack.readyState);
}

/** Clicks the button named `name` and returns the file it downloads: its name, and its bytes as text and base64. */
export async function download(
  page: Page,
  name: string,
): Promise<{ file: string; text: string; base64: string }> {
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  const bytes = readFileSync(await saved.path());
  return { file: saved.suggestedFilename(), text: bytes.toString('utf8'), base64: bytes.toString('base64') };
}

const MIME: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** Drops a file on the page the way a user's drag-and-drop does (a DragEvent carrying the File). */
export async function dropFile(page: Page, path: string): Promise<void> {
  const name = basename(path);
  const type = MIME[name.split('.').pop() ?? ''] ?? '';
  await page.evaluate(
    ({ b64, name, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      for (const kind of ['dragenter', 'dragover', 'drop'])
        document.body.dispatchEvent(
          new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    },
    { b64: readFileSync(path).toString('base64'), name, type },
  );
}

/** axe-core finds no serious or critical violation on the page as it is (`view` names it in the failure). */
export async function expectNoSeriousA11yViolations(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}
