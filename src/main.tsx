// Entry point: read URL settings, start the session, render the UI, release the camera on leave.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/register';
import { Session } from './session/controller';
import {
  DEFAULT_LAUNCH_OPTIONS,
  parseLaunchOptions,
  type LaunchOptions,
} from './session/state/launchOptions';
import { loadSettings } from './session/state/settings';
import { App } from './ui/App';
import './ui/styles.css';

const storage = (() => {
  try {
    return localStorage; // may throw where storage is blocked
  } catch {
    return null;
  }
})();
const settings = loadSettings(storage);
const { options, problems } = parseLaunchOptions(location.search, { ...DEFAULT_LAUNCH_OPTIONS, ...settings });
// URL parameters win for this visit; what the user sets in the page is stored.
const session = new Session(options, { ...settings, ...pick(options) }, storage);
// Exposed for the e2e tests and the benchmark, which read the same results the overlay draws.
(window as unknown as { ferSession: Session }).ferSession = session;
function pick({ windowLength, detectorRange, minConfidence }: LaunchOptions) {
  return { windowLength, detectorRange, minConfidence };
}

addEventListener('pagehide', () => session.dispose());
void session.init();
// Offline use and installing as an app: the service worker caches the built files (the dev server has none).
if (import.meta.env.PROD) registerServiceWorker();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App session={session} launchProblems={problems} />
  </StrictMode>,
);
