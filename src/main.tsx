// Entry point: read URL settings, start the session, render the UI, release the camera on leave.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/register';
import { Session } from './session/controller';
import { parseLaunchOptions } from './session/launchOptions';
import { App } from './ui/App';
import './ui/styles.css';

const { options, problems } = parseLaunchOptions(location.search);
const session = new Session(options);
// Exposed for the e2e tests and the benchmark, which read the same results the overlay draws.
(window as unknown as { ferSession: Session }).ferSession = session;
addEventListener('pagehide', () => session.dispose());
void session.init();
// Offline use and installing as an app: the service worker caches the built files (the dev server has none).
if (import.meta.env.PROD) registerServiceWorker();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App session={session} launchProblems={problems} />
  </StrictMode>,
);
