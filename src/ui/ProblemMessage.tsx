// One failure as the page shows it: the plain message, then the technical detail behind "Details"
// (closed: a URL or a parser's words never stand in the way of what to do).

import type { ReactNode } from 'react';
import type { Problem } from '../session/state/problem';

interface Props {
  readonly problem: Problem;
  readonly testId?: string;
  /** 'error' (red box) for what stopped something the person asked for; 'notice' for what they can ignore. */
  readonly tone?: 'error' | 'notice';
  /** Actions (a Retry button). */
  readonly children?: ReactNode;
}

export function ProblemMessage({ problem, testId, tone = 'error', children }: Props) {
  return (
    <div className={`problem ${tone}`} role="alert" data-testid={testId}>
      <p>{problem.advice ? `${problem.message} ${problem.advice}` : problem.message}</p>
      {problem.detail && (
        <details>
          <summary>Details</summary>
          <p className="detail">{problem.detail}</p>
        </details>
      )}
      {children}
    </div>
  );
}
