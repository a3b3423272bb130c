import { describe, expect, it } from 'vitest';
import { ordinal, stepHint } from '../src/session/jobs/fileJobs';

describe('frame step wording', () => {
  it('writes ordinals as English does', () => {
    const cases = {
      1: '1st',
      2: '2nd',
      3: '3rd',
      4: '4th',
      11: '11th',
      12: '12th',
      13: '13th',
      21: '21st',
      22: '22nd',
      100: '100th',
      101: '101st',
      111: '111th',
    };
    for (const [n, text] of Object.entries(cases)) expect(ordinal(Number(n))).toBe(text);
  });

  it('says “every frame” for 1 and never “1 th”', () => {
    expect(stepHint(1)).toMatch(/^Every frame is analysed/);
    expect(stepHint(2)).toMatch(/^Every 2nd frame is analysed/);
    expect(stepHint(1) + stepHint(3)).not.toMatch(/\d th/);
  });
});
