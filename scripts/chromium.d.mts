// Types for chromium.mjs (imported by the Playwright config and tests under strict TypeScript).
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
/** `CHROMIUM_PATH` from the environment, else the first usual install path that exists. */
export declare function findChromium(): string;
