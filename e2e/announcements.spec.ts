// Announcements that help (issue 18): on a shaky still face whose label flips, as a talking face's does, the
// live region speaks of each face at most once every 5 seconds; the cards keep the detail.

import { expect, test } from '@playwright/test';
import { faceEntries, fakeCameraLaunch, openApp } from './browser';
import { CAMERA_JITTER } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_JITTER) });

/** The limiter's per-face gap is 5 s; announcements are timed in the page, a little after their frame. */
const MIN_GAP_MS = 4500;
const WATCH_MS = 16_000;

test('each face is announced at most once per 5 seconds, however often its label flips', async ({ page }) => {
  // On the CNN: the default VGG, trained with camera effects, holds its label on this shaking face too well
  // (2 label changes in 16 s on 2026-12-02, where the VGG before it made 9 and 11) to exercise the limiter.
  await openApp(page, '?model=cnn');
  // No smoothing: the labels flip with the shaking from frame to frame, as raw labels of a talking face do.
  await page.getByText('Settings', { exact: true }).click();
  await page.getByLabel('Smoothing window (frames)').fill('1');
  // Every announcement, and every change of a face's label on screen, timed in the page.
  await page.evaluate(() => {
    type Log = { said: [number, string][]; flips: number; labels: Map<number, string> };
    const log: Log = { said: [], flips: 0, labels: new Map() };
    (window as unknown as { speech: Log }).speech = log;
    const region = document.querySelector('[data-testid="announcer"]') as HTMLElement;
    new MutationObserver(() => log.said.push([performance.now(), region.textContent ?? ''])).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    type Frame = { result: { faces: { trackId: number; smoothedLabel: string }[] } | null };
    const session = (
      window as unknown as { ferSession: { frame: { subscribe(l: (f: Frame) => void): void } } }
    ).ferSession;
    session.frame.subscribe(({ result }) => {
      for (const f of result?.faces ?? []) {
        const before = log.labels.get(f.trackId);
        if (before !== undefined && before !== f.smoothedLabel) log.flips += 1;
        log.labels.set(f.trackId, f.smoothedLabel);
      }
    });
  });
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page).first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(WATCH_MS); // a span of time is what is measured here, not a condition
  const { said, flips } = await page.evaluate(() => {
    const log = (window as unknown as { speech: { said: [number, string][]; flips: number } }).speech;
    return { said: log.said, flips: log.flips };
  });
  const byFace = new Map<string, number[]>();
  for (const [time, text] of said)
    for (const [, face] of text.matchAll(/Face (\d+)/g))
      byFace.set(face ?? '', [...(byFace.get(face ?? '') ?? []), time]);
  console.log(
    `${said.length} announcements, ${flips} label changes on screen:`,
    said.map(([, t]) => t),
  );
  // How often they flip depends on the model and on how many frames the machine analyses in the span (and,
  // since crops are levelled beyond 10°, a little less on this clip). Five or more exercise the limiter; none
  // would mean the clip no longer shakes the labels.
  expect(flips, 'the labels flipped, as the clip is made to do').toBeGreaterThanOrEqual(5);
  expect(byFace.size).toBeGreaterThan(0); // the faces were announced
  for (const [face, times] of byFace)
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0), `face ${face}`).toBeGreaterThanOrEqual(MIN_GAP_MS);
});
