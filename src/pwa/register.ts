// Registers the service worker that lets the app start offline (production builds only: see src/main.tsx).

/**
 * Registers sw.js once the page has loaded, so that its downloads queue behind the page's own. Failing costs
 * offline use only, so it is a warning, not an error the page shows.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`)
      .catch((error: unknown) => console.warn('The app will not work offline: no service worker.', error));
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}
