// The library's option checks (src/lib/options.ts) and input checks (src/lib/input.ts): every mistake a
// developer can make in the options is a RecognizerError naming the field, what is allowed and what was given.

import { describe, expect, it } from 'vitest';
import { RecognizerError } from '../src/lib/errors';
import { imageSize } from '../src/lib/input';
import { OPTION_LIMITS, resolveOptions, resolveSettings } from '../src/lib/options';
import type { RecognizerOptions } from '../src/lib/types';

const PAGE = 'https://example.test/app/index.html';

function rejection(options: unknown): RecognizerError {
  try {
    resolveOptions(options as RecognizerOptions, PAGE);
  } catch (error) {
    expect(error).toBeInstanceOf(RecognizerError);
    return error as RecognizerError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('resolveOptions', () => {
  it('fills every default, the wasm and detector folders beside the models folder', () => {
    expect(resolveOptions(undefined, PAGE)).toEqual({
      model: undefined,
      modelFallback: false,
      backend: 'auto',
      modelBaseUrl: 'https://example.test/models/',
      tfjsWasmBaseUrl: 'https://example.test/generated/tfjs/',
      mediapipeWasmBaseUrl: 'https://example.test/generated/mediapipe',
      detectorModelBaseUrl: 'https://example.test/generated/models/',
      detectorRange: 'auto',
      minConfidence: 0.5,
      windowLength: 10,
      detectEvery: 8,
    });
  });

  it('resolves relative URLs against the page and the models folder, and adds the trailing slash', () => {
    const r = resolveOptions({ modelBaseUrl: 'vendor/fer/models', tfjsWasmBaseUrl: '/wasm' }, PAGE);
    expect(r.modelBaseUrl).toBe('https://example.test/app/vendor/fer/models/');
    expect(r.tfjsWasmBaseUrl).toBe('https://example.test/wasm/');
    expect(r.mediapipeWasmBaseUrl).toBe('https://example.test/app/vendor/fer/generated/mediapipe');
    expect(r.detectorModelBaseUrl).toBe('https://example.test/app/vendor/fer/generated/models/');
  });

  it('keeps what is given within bounds', () => {
    const r = resolveOptions(
      {
        model: 'vgg',
        backend: 'wasm',
        detectorRange: 'short',
        minConfidence: 0.05,
        windowLength: 60,
        detectEvery: 1,
        wasmThreads: 2,
      },
      PAGE,
    );
    expect(r).toMatchObject({ model: 'vgg', backend: 'wasm', detectorRange: 'short', minConfidence: 0.05 });
    expect(r.windowLength).toBe(60);
    expect(r.detectEvery).toBe(1);
    expect(r.wasmThreads).toBe(2);
    expect(resolveOptions({}, PAGE).wasmThreads).toBeUndefined(); // the machine's choice
  });

  it.each([
    [{ backend: 'gpu' }, /backend must be one of 'auto', 'webgpu', 'webgl', 'wasm', 'cpu'; got "gpu"/],
    [{ detectorRange: 'near' }, /detectorRange must be one of 'auto', 'short', 'full'; got "near"/],
    [{ minConfidence: 1 }, /minConfidence must be a number from 0.05 to 0.95; got 1/],
    [{ minConfidence: Number.NaN }, /minConfidence .* got NaN/],
    [{ windowLength: 2.5 }, /windowLength must be a whole number from 1 to 60; got 2.5/],
    [{ windowLength: '10' }, /windowLength .* got "10"/],
    [{ detectEvery: 31 }, /detectEvery must be a whole number from 1 to 30; got 31/],
    [{ wasmThreads: 0 }, /wasmThreads must be a whole number from 1 to 8; got 0/],
    [{ wasmThreads: 1.5 }, /wasmThreads must be a whole number from 1 to 8; got 1.5/],
    [{ model: 'VGG 16!' }, /model must be a model id such as 'vgg'; got "VGG 16!"/],
    [{ model: 3 }, /model must be a model id .* got 3/],
    [{ modelBaseUrl: '' }, /modelBaseUrl must be a URL string; got ""/],
    [{ modelBaseUrl: 'http://[bad' }, /modelBaseUrl is not a URL: "http:\/\/\[bad"/],
    [{ onStatus: 'log' }, /onStatus must be a function; got "log"/],
    [{ onFailure: true }, /onFailure must be a function; got true/],
    [{ modelFallback: 'yes' }, /modelFallback must be true or false; got "yes"/],
    [{ modelUrl: '/m/' }, /unknown option 'modelUrl'; known: model, modelFallback, backend, modelBaseUrl/],
    ['vgg', /the options must be an object; got "vgg"/],
  ])('rejects %j with a message that says what is allowed', (options, message) => {
    const error = rejection(options);
    expect(error.code).toBe('invalid-option');
    expect(error.name).toBe('RecognizerError');
    expect(error.message).toMatch(message);
  });
});

describe('OPTION_LIMITS', () => {
  it('holds the defaults resolveOptions fills in, and the bounds it checks', () => {
    const filled = resolveOptions(undefined, PAGE);
    for (const name of ['minConfidence', 'windowLength', 'detectEvery'] as const) {
      const { min, max } = OPTION_LIMITS[name];
      expect(filled[name]).toBe(OPTION_LIMITS[name].default);
      expect(resolveOptions({ [name]: min }, PAGE)[name]).toBe(min);
      expect(resolveOptions({ [name]: max }, PAGE)[name]).toBe(max);
      expect(() => resolveOptions({ [name]: max + 1 }, PAGE)).toThrow(RecognizerError);
    }
    expect(OPTION_LIMITS.windowLength.framesPerSecond).toBe(10); // the default window is the last second
  });
});

describe('resolveSettings (setOptions)', () => {
  const current = { detectorRange: 'auto', minConfidence: 0.5, windowLength: 10 } as const;

  it('changes what is given and keeps the rest', () => {
    expect(resolveSettings({ windowLength: 30 }, current)).toEqual({ ...current, windowLength: 30 });
    expect(resolveSettings({}, current)).toEqual(current);
  });

  it.each([
    [{ minConfidence: 0 }, /minConfidence must be a number from 0.05 to 0.95; got 0/],
    [{ detectorRange: 'far' }, /detectorRange must be one of 'auto', 'short', 'full'; got "far"/],
    [
      { backend: 'cpu' },
      /'backend' cannot change on a running recognizer .*setOptions\(\) takes detectorRange/,
    ],
    [{ model: 'cnn' }, /'model' cannot change .*setModel\(\) changes the model/],
    [{ window: 3 }, /unknown setting 'window'; known: detectorRange, minConfidence, windowLength/],
    [null, /the settings must be an object; got null/],
  ])('rejects %j, changing nothing', (settings, message) => {
    expect(() => resolveSettings(settings, current)).toThrow(message);
  });
});

describe('imageSize', () => {
  it.each([null, undefined, 'photo.jpg', 42, {}, [1, 2]])(
    'refuses %j as an image, listing what it takes',
    (input) => {
      expect(() => imageSize(input)).toThrow(RecognizerError);
      expect(() => imageSize(input)).toThrow(/analyze\(\) takes an ImageBitmap, <img>, <video>, .* got /);
    },
  );

  it('says an <img> that has not loaded must be awaited, instead of reporting no face', () => {
    class HTMLImageElement {
      complete = false;
      naturalWidth = 0;
      naturalHeight = 0;
    }
    (globalThis as Record<string, unknown>)['HTMLImageElement'] = HTMLImageElement;
    try {
      const img = new HTMLImageElement();
      expect(() => imageSize(img)).toThrow(/the <img> has not loaded .*: await img.decode\(\) first/);
      Object.assign(img, { complete: true, naturalWidth: 1920, naturalHeight: 1080 });
      expect(imageSize(img)).toEqual({ width: 1920, height: 1080 });
    } finally {
      delete (globalThis as Record<string, unknown>)['HTMLImageElement'];
    }
  });

  it('reads the size of an ImageData (the classes Node has are checked like the browser ones)', () => {
    class ImageData {
      constructor(
        readonly width: number,
        readonly height: number,
      ) {}
    }
    (globalThis as Record<string, unknown>)['ImageData'] = ImageData;
    try {
      expect(imageSize(new ImageData(640, 480))).toEqual({ width: 640, height: 480 });
    } finally {
      delete (globalThis as Record<string, unknown>)['ImageData'];
    }
  });
});
