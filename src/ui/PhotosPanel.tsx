// Several photos labelled in turn: progress with Cancel, then one line per photo (its faces' labels, or why
// it has none) and the whole table as CSV or JSON.

import { emotionStyle } from '../draw/emotionStyle';
import type { Session } from '../session/controller';
import { TableDownloads } from './TableDownloads';
import { useStore } from './useStore';

export function PhotosPanel({ session }: { readonly session: Session }) {
  const batch = useStore(session.photos.state);
  if (batch.status === 'idle') return null;
  const labelling = batch.status === 'labelling';
  const faces = batch.rows.reduce((n, r) => n + r.faces.length, 0);
  return (
    <section className="file-panel" aria-label="Photos">
      <p role="status" data-testid="photos-progress">
        {labelling
          ? `Labelling photo ${Math.min(batch.rows.length + 1, batch.total)} of ${batch.total}…`
          : `${batch.status === 'cancelled' ? 'Cancelled: ' : ''}${batch.rows.length} of ${batch.total} photos, ${faces} faces${batch.model ? ` (${batch.model.name})` : ''}.`}
      </p>
      <div className="controls">
        {labelling ? (
          <button type="button" onClick={() => session.photos.cancel()}>
            Cancel
          </button>
        ) : (
          <TableDownloads what="photos" onSave={(format) => session.photos.save(format)} />
        )}
      </div>
      <table className="summary" data-testid="photos-table">
        <caption>Faces per photo</caption>
        <thead>
          <tr>
            <th scope="col">Photo</th>
            <th scope="col">Faces</th>
            <th scope="col">Labels</th>
          </tr>
        </thead>
        <tbody>
          {batch.rows.map((row, i) => (
            <tr key={`${i}-${row.name}`} data-faces={row.faces.length}>
              <th scope="row">{row.name}</th>
              <td>{row.error ? '–' : row.faces.length}</td>
              <td>
                {row.error ??
                  (row.faces.length === 0
                    ? 'no face found'
                    : row.faces.map((f) => `${emotionStyle(f.label).emoji} ${f.label}`).join(', '))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
