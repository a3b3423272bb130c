import { describe, expect, it } from 'vitest';
import { DEFAULT_LAUNCH_OPTIONS, parseLaunchOptions } from '../src/session/state/launchOptions';

describe('parseLaunchOptions', () => {
  it('accepts valid settings', () => {
    const { options, problems } = parseLaunchOptions(
      '?model=vgg&backend=wasm&range=short&window=5&minConfidence=0.6&detectEvery=1&threads=2',
    );
    expect(problems).toEqual([]);
    expect(options).toEqual({
      model: 'vgg',
      backend: 'wasm',
      detectorRange: 'short',
      windowLength: 5,
      minConfidence: 0.6,
      detectEvery: 1,
      wasmThreads: 2,
    });
  });

  it('defaults to the automatic detector range; ?range= picks auto, short or full', () => {
    expect(DEFAULT_LAUNCH_OPTIONS.detectorRange).toBe('auto');
    expect(parseLaunchOptions('').options.detectorRange).toBe('auto');
    for (const range of ['auto', 'short', 'full'] as const) {
      const { options, problems } = parseLaunchOptions(`?range=${range}`, {
        ...DEFAULT_LAUNCH_OPTIONS,
        detectorRange: range === 'auto' ? 'full' : 'auto', // the URL wins over stored settings
      });
      expect(problems).toEqual([]);
      expect(options.detectorRange).toBe(range);
    }
    expect(parseLaunchOptions('?range=near').problems).toEqual(['range "near" must be auto, short or full']);
  });

  it('rejects out-of-range values with a message each and keeps the defaults', () => {
    const { options, problems } = parseLaunchOptions(
      '?model=../x&backend=metal&range=mid&window=0&minConfidence=abc&detectEvery=0&threads=9',
    );
    expect(options).toEqual(DEFAULT_LAUNCH_OPTIONS);
    expect(problems).toHaveLength(7);
    expect(problems.join(' ')).toContain('window "0"');
  });
});
