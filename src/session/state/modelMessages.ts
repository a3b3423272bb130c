// What the page says about the models: a dropdown entry with the card's figures, and the one message for the
// models that cannot be used.

import type { ModelInfo } from '../../lib';
import { problem, type Problem } from './problem';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** "VGG — FER2013 69.5% · other photos 54.0% · 2.3 MB" for the dropdown; a figure not measured is left out. */
export function describeModel(option: ModelInfo): string {
  if (option.unavailable) return `${option.name} — unavailable`;
  const shown = [
    option.accuracy !== undefined ? `FER2013 ${percent(option.accuracy)}` : '',
    option.devAccuracy !== undefined ? `other photos ${percent(option.devAccuracy)}` : '',
    option.sizeBytes !== undefined ? `${(option.sizeBytes / 1e6).toFixed(1)} MB` : '',
  ].filter(Boolean);
  return shown.length > 0 ? `${option.name} — ${shown.join(' · ')}` : option.name;
}

/**
 * The one message for the models that cannot be used (an ensemble fails with its member: one message, not
 * two): which, which model labels instead, what to do; each loader's reason (often a URL and a parser's
 * words) goes to the detail. Null when every model is usable.
 */
export function modelsProblem(models: readonly ModelInfo[], inUse: ModelInfo | undefined): Problem | null {
  const broken = models.filter((m) => m.unavailable);
  if (broken.length === 0) return null;
  const names = broken.map((m) => m.name);
  const which = names.length === 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const instead = inUse ? `${inUse.name} is in use instead` : 'no other model is in use yet';
  return problem(
    `${which} could not be loaded; ${instead}. Reload the page to try again.`,
    broken.map((m) => `${m.name}: ${m.unavailable}`).join('\n'),
  );
}
