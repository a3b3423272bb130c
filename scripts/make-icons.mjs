// Renders public/icons/icon.svg into the PNG sizes the web app manifest lists (some platforms take no SVG icon).
// Run after changing the SVG: node scripts/make-icons.mjs (uses Debian's Chromium; the PNGs are committed).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const icons = join(import.meta.dirname, '..', 'public', 'icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const SIZES = [192, 512];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<body style="margin:0"><img width="${size}" height="${size}" src="data:image/svg+xml,${encodeURIComponent(svg)}"></body>`,
    );
    await page.locator('img').screenshot({ path: join(icons, `icon-${size}.png`) });
    console.log(`public/icons/icon-${size}.png`);
  }
} finally {
  await browser.close();
}
