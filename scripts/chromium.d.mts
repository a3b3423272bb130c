// Types for chromium.mjs (imported by the Playwright config and tests under strict TypeScript).
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
