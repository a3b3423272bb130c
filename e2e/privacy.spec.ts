// Privacy: the page contacts no origin but its own, and the CSP blocks any attempt to.

import { expect, test } from '@playwright/test';
import { expectOnlyOwnOrigin, waitUntilReady, watchPage } from './browser';

test('a request to another origin is blocked by the Content-Security-Policy', async ({ page, baseURL }) => {
  const watch = watchPage(page);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await waitUntilReady(page);
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'face' });
      return 'sent';
    } catch (e) {
      return `blocked: ${(e as Error).message}`;
    }
  });
  expect(outcome).toMatch(/^blocked/);
  expect(violations.join('\n')).toContain('connect-src');
  const foreign = watch.requests.filter((u) => u.includes('127.0.0.2'));
  expect(foreign).toEqual([]); // blocked before it became a request
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});
