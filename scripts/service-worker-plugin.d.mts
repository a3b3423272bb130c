// Types for service-worker-plugin.mjs (imported by vite.config.ts and the unit test under strict TypeScript).
import type { Plugin } from 'vite';

export declare const SERVICE_WORKER_FILE: 'sw.js';

export interface PrecacheEntry {
  /** Path relative to the app's base URL: 'models/cnn/weights.bin'. */
  readonly url: string;
  /** First 16 hex digits of the file's SHA-256. */
  readonly revision: string;
}

export declare function precacheEntries(outDir: string): PrecacheEntry[];

/** `source` defaults to 'src/pwa/sw.ts'. */
export declare function serviceWorkerPlugin(source?: string): Plugin;
