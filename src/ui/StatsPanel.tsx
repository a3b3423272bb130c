// Frame rate and the time of each pipeline stage.

import type { StatsSnapshot } from '../session/live/stats';

export function StatsPanel({
  stats,
  backend,
}: {
  readonly stats: StatsSnapshot | null;
  readonly backend: string;
}) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return (
    <dl className="stats" data-testid="stats">
      <dt>fps</dt>
      <dd data-testid="fps">{stats ? stats.fps.toFixed(1) : '–'}</dd>
      <dt>detect</dt>
      <dd>{stats ? ms(stats.detectMs) : '–'}</dd>
      <dt>crop</dt>
      <dd>{stats ? ms(stats.cropMs) : '–'}</dd>
      <dt>classify</dt>
      <dd>{stats ? ms(stats.classifyMs) : '–'}</dd>
      <dt>backend</dt>
      <dd data-testid="backend-name">{backend}</dd>
    </dl>
  );
}
