// A results table's two downloads, CSV and JSON, each saved on this machine (session/jobs/download.ts).

import type { TableFormat } from '../session/jobs/download';

export function TableDownloads({
  what,
  onSave,
}: {
  /** What the table holds, in the buttons' names ("photos": "Download photos CSV"); none: "Download CSV". */
  readonly what?: string;
  readonly onSave: (format: TableFormat) => void;
}) {
  const name = what ? `${what} ` : '';
  return (
    <>
      <button type="button" onClick={() => onSave('csv')}>
        {`Download ${name}CSV`}
      </button>
      <button type="button" onClick={() => onSave('json')}>
        {`Download ${name}JSON`}
      </button>
    </>
  );
}
