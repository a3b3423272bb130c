// How every tool here launches Debian's Chromium (Playwright cannot download its own browser here).
import { existsSync } from 'node:fs';

/** Where Chromium is usually installed; `CHROMIUM_PATH` in the environment comes first. */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** `CHROMIUM_PATH` from the environment, else the first of the usual paths that exists (else Debian's). */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return USUAL_PATHS.find((path) => existsSync(path)) ?? USUAL_PATHS[0];
}

export const CHROMIUM_PATH = findChromium();

/** Without the background-networking flags Chromium keeps trying Google hosts this machine cannot reach. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
