import type { Attempt } from '../api/types';
import { formatUsd, typeLabel } from '../format';

const PROMPT_PREVIEW_CHARS = 60;

export function AttemptList({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) return <p className="muted small">No attempts yet.</p>;
  return (
    <div className="table-scroll">
      <table className="attempts">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Prompt</th>
            <th scope="col">Type</th>
            <th scope="col">Outcome</th>
            <th scope="col">Failure</th>
            <th scope="col">Code</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.id} data-testid="attempt-row" data-status={attempt.status}>
              <td className="num">{attempt.number}</td>
              <td title={attempt.prompt}>
                <span className="mono small">{attempt.promptId}</span> {truncate(attempt.prompt)}
              </td>
              <td>{typeLabel(attempt.type)}</td>
              <td>
                <span className={`outcome outcome-${attempt.status}`}>{attempt.status}</span>
                {attempt.costUsd > 0 && <span className="muted small"> {formatUsd(attempt.costUsd)}</span>}
              </td>
              <td>{attempt.failureClass ?? ''}</td>
              <td className="mono small">{attempt.failureCode ?? ''}</td>
              <td className="small">{attempt.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function truncate(text: string): string {
  return text.length <= PROMPT_PREVIEW_CHARS ? text : `${text.slice(0, PROMPT_PREVIEW_CHARS - 1)}…`;
}
