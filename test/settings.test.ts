// Settings kept between visits: validated on the way in, defaults for anything damaged, reset clears.

import { describe, expect, it } from 'vitest';
import {
  clearSettings,
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  settingProblem,
  SETTINGS_KEY,
  V1_SETTINGS_KEY,
} from '../src/session/state/settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('settings', () => {
  it('defaults to a 10-frame window, mirrored camera, everything shown', () => {
    expect(loadSettings(memoryStorage())).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.windowLength).toBe(10);
    expect(DEFAULT_SETTINGS.mirror).toBe(true);
  });

  it('survives a save and a load (a reload of the page)', () => {
    const storage = memoryStorage();
    const mine = { ...DEFAULT_SETTINGS, windowLength: 5, mirror: false, detectorRange: 'short' as const };
    saveSettings(storage, mine);
    expect(loadSettings(storage)).toEqual(mine);
  });

  it('replaces damaged or out-of-range stored values with defaults, keeping the good ones', () => {
    const storage = memoryStorage({
      [SETTINGS_KEY]: JSON.stringify({
        windowLength: 500,
        minConfidence: 0.7,
        mirror: 'yes',
        showBoxes: false,
      }),
    });
    expect(loadSettings(storage)).toEqual({ ...DEFAULT_SETTINGS, minConfidence: 0.7, showBoxes: false });
    expect(loadSettings(memoryStorage({ [SETTINGS_KEY]: '{not json' }))).toEqual(DEFAULT_SETTINGS);
  });

  it('validates each value with a message', () => {
    expect(settingProblem('windowLength', 1)).toBeNull();
    expect(settingProblem('windowLength', 0)).toMatch(/1 to 60/);
    expect(settingProblem('windowLength', 2.5)).toMatch(/whole number/);
    expect(settingProblem('minConfidence', 0.99)).toMatch(/0.05 to 0.95/);
    expect(settingProblem('detectorRange', 'far' as never)).toMatch(/automatic, near or far/);
    expect(settingProblem('detectorRange', 'auto')).toBeNull();
  });

  it('finds faces near and far by default; a chosen range survives a reload', () => {
    expect(DEFAULT_SETTINGS.detectorRange).toBe('auto');
    for (const detectorRange of ['auto', 'short', 'full'] as const) {
      const storage = memoryStorage();
      saveSettings(storage, { ...DEFAULT_SETTINGS, detectorRange });
      expect(loadSettings(storage).detectorRange).toBe(detectorRange);
    }
  });

  it('loads settings stored before the automatic range: their far range was the old default', () => {
    const old = { windowLength: 7, mirror: false, minConfidence: 0.6, showBoxes: true };
    const v1 = (detectorRange: string) =>
      memoryStorage({ [V1_SETTINGS_KEY]: JSON.stringify({ ...old, detectorRange }) });
    expect(loadSettings(v1('full'))).toEqual({ ...DEFAULT_SETTINGS, ...old, detectorRange: 'auto' });
    expect(loadSettings(v1('short'))).toEqual({ ...DEFAULT_SETTINGS, ...old, detectorRange: 'short' });
    // Once saved again, the new entry replaces the old one.
    const storage = v1('short');
    saveSettings(storage, loadSettings(storage));
    expect([...storage.data.keys()]).toEqual([SETTINGS_KEY]);
    expect(loadSettings(storage).detectorRange).toBe('short');
  });

  it('reset clears what was stored; a storage that throws is not fatal', () => {
    const storage = memoryStorage();
    saveSettings(storage, { ...DEFAULT_SETTINGS, windowLength: 3 });
    clearSettings(storage);
    expect(storage.data.size).toBe(0);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveSettings(broken, DEFAULT_SETTINGS)).not.toThrow();
    expect(() => clearSettings(broken)).not.toThrow();
    expect(loadSettings(broken)).toEqual(DEFAULT_SETTINGS);
  });
});
