import { IMAGE_TYPES, type ActorSummary, type Job } from '../api/types';
import { formatDateTime, plural, typeLabel } from '../format';
import { actorHref } from '../route';

export function ActorCard({ actor }: { actor: ActorSummary }) {
  return (
    <a className="card actor-card" href={actorHref(actor.id)} data-testid="actor-card" data-actor-id={actor.id}>
      <img className="actor-card-image" src={actor.baseImageUrl} alt={`Base image of ${actor.name}`} loading="lazy" />
      <div className="actor-card-body">
        <h2 className="actor-card-name">{actor.name}</h2>
        <p className="mono muted small">{actor.id}</p>
        <p className="small">{actor.descriptor}</p>
        <ul className="chips" aria-label="Images by type">
          {IMAGE_TYPES.map((type) => (
            <li key={type} className={`chip chip-${type}`}>
              {typeLabel(type)} <strong>{actor.countsByType[type]}</strong>
            </li>
          ))}
        </ul>
        <p className="small">
          <strong>{plural(actor.imageCount, 'training image')}</strong>
        </p>
        <p className="small muted">{lastJobLine(actor.lastJob)}</p>
      </div>
    </a>
  );
}

function lastJobLine(job: Job | null): string {
  if (!job) return 'No generation jobs yet';
  const images = `${job.completedImages}/${job.requestedImages} images`;
  if (job.status === 'queued') return `Last job queued (${images}), ${formatDateTime(job.createdAt)}`;
  if (job.status === 'processing') return `Generating now: ${images}`;
  return `Last job ${job.status}: ${images}, ${formatDateTime(job.finishedAt ?? job.createdAt)}`;
}
