// The response headers that make the app's page cross-origin isolated, which lets TF.js run its wasm
// backend on several threads (src/pipeline/wasmThreads.ts). Sent by Vite's dev and preview servers and by
// the benchmark's server; a deployment should send them too (README). Without them the app still works,
// on one thread. Everything the app loads is its own origin's, so requiring CORP costs nothing.

export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
