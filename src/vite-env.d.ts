/// <reference types="vite/client" />

/** package.json's version, set by vite.config.ts. */
declare const __APP_VERSION__: string;

/** The Emscripten factory of TF.js's threaded wasm build (a CommonJS module; see pipeline/wasmThreads). */
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js' {
  const factory: (config: object) => Promise<unknown>;
  export default factory;
}
