// Small helpers shared by the benchmark's suites and its report: numbers, and comma lists from the environment.

/** @param {readonly number[]} xs @param {number} q quantile in 0..1 (nearest rank) */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** @param {readonly number[]} xs */
export const median = (xs) => quantile(xs, 0.5);

/** @param {readonly number[]} xs */
export const p95 = (xs) => quantile(xs, 0.95);

/** A number for a table cell: fixed decimals, or '–' when there is none. @param {unknown} v */
export const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

/** @param {number} v a fraction */
export const pct = (v, digits = 1) => fmt(100 * v, digits) + '%';

/** `a, b,c` → ['a', 'b', 'c']; undefined when the variable is not set. @param {string | undefined} v */
export const list = (v) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The command that made a result, as one would type it again: those of `keys` set in the environment, then
 * `command`. @param {readonly string[]} keys @param {string} command
 */
export const commandLine = (keys, command) =>
  [...keys.filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`), command].join(' ');
