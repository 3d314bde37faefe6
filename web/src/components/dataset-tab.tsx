import { useState } from 'react';
import { api } from '../api/client';
import { IMAGE_TYPES, type ActorImage, type ImageSort, type ImageType } from '../api/types';
import { typeLabel } from '../format';
import { actorHref } from '../route';
import { useLoad } from '../use-load';
import { ErrorMessage } from './error-message';
import { Lightbox } from './lightbox';
import { CaptionEditor } from './caption-editor';
import { DatasetSelectionBar } from './dataset-selection-bar';
import { ExportPanel } from './export-panel';
import { useCaptions } from '../use-captions';
import '../dataset-tools.css';
import { FaceCompare } from '../identity/face-compare';
import { IdentityBadge } from '../identity/identity-badge';
import { OffModelReview } from '../identity/off-model-review';
import { useActorIdentity } from '../identity/use-actor-identity';
import { VerdictFilter, type VerdictFilterValue } from '../identity/verdict-filter';

type TypeFilter = 'all' | ImageType;

export function DatasetTab({ actorId, onImageDeleted }: { actorId: string; onImageDeleted: () => void }) {
  const [sort, setSort] = useState<ImageSort>('number');
  const [filter, setFilter] = useState<TypeFilter>('all');
  const [openId, setOpenId] = useState<string | undefined>();
  const images = useLoad(
    (signal) => api.listImages(actorId, { sort }, signal).then((r) => r.images),
    `${actorId}:${sort}`,
  );
  const identity = useActorIdentity(actorId, images.data?.length);
  const verdicts = identity.data?.verdicts ?? {};
  const [verdictFilter, setVerdictFilter] = useState<VerdictFilterValue>('all');
  const all = images.data ?? [];
  const shown = (filter === 'all' ? all : all.filter((image) => image.type === filter)).filter(
    (image) => verdictFilter === 'all' || verdicts[image.id]?.verdict === verdictFilter,
  );
  const openIndex = shown.findIndex((image) => image.id === openId);
  const captions = useCaptions(actorId, String(all.length));
  const [isSelecting, setIsSelecting] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((ids) => (ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]));

  function removedMany(ids: string[]): void {
    images.update((list) => list.filter((i) => !ids.includes(i.id)));
    setSelected((current) => current.filter((id) => !ids.includes(id)));
    onImageDeleted();
  }

  function removed(image: ActorImage): void {
    const next = shown[openIndex + 1] ?? shown[openIndex - 1];
    images.update((list) => list.filter((i) => i.id !== image.id));
    setOpenId(next?.id);
    onImageDeleted();
  }

  return (
    <>
      <ExportPanel actorId={actorId} trigger={captions.listing?.trigger} />
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Filter by type" data-testid="type-filter">
          {(['all', ...IMAGE_TYPES] as const).map((type) => (
            <button
              key={type}
              type="button"
              className="segment"
              aria-pressed={filter === type}
              data-type={type}
              onClick={() => setFilter(type)}
            >
              {type === 'all' ? 'All' : typeLabel(type)}{' '}
              <span className="count">{type === 'all' ? all.length : all.filter((i) => i.type === type).length}</span>
            </button>
          ))}
        </div>
        <VerdictFilter
          verdicts={all.map((image) => verdicts[image.id])}
          value={verdictFilter}
          onChange={setVerdictFilter}
        />
        <label className="field inline">
          <span>Sort</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as ImageSort)} data-testid="sort-select">
            <option value="number">Number, first to last</option>
            <option value="-number">Number, last to first</option>
          </select>
        </label>
        <button
          type="button"
          className="button"
          aria-pressed={isSelecting}
          onClick={() => {
            setIsSelecting(!isSelecting);
            setSelected([]);
          }}
          data-testid="select-mode"
        >
          {isSelecting ? 'Done selecting' : 'Select'}
        </button>
      </div>
      {isSelecting && (
        <DatasetSelectionBar
          actorId={actorId}
          selected={selected}
          onClear={() => setSelected([])}
          onListing={captions.accept}
          onDeleted={removedMany}
        />
      )}
      <ErrorMessage message={images.error} />
      <OffModelReview
        actorId={actorId}
        items={identity.data?.setAside ?? []}
        onChanged={() => {
          images.reload();
          identity.reload();
        }}
      />
      {images.isLoading && all.length === 0 && <p className="muted">Loading images…</p>}
      {!images.isLoading && !images.error && shown.length === 0 && (
        <section className="empty-state">
          <h2>{all.length === 0 ? 'No training images yet' : `No ${typeLabel(filter)} images`}</h2>
          <p>
            {all.length === 0 ? 'Generated images land here.' : 'Pick another type, or make some more.'}{' '}
            <a href={actorHref(actorId, 'generate')}>Generate images</a>.
          </p>
        </section>
      )}
      <ul className="gallery" aria-label="Training images">
        {shown.map((image) => (
          <li key={image.id}>
            <button
              type="button"
              className="gallery-item"
              onClick={() => (isSelecting ? toggle(image.id) : setOpenId(image.id))}
              aria-pressed={isSelecting ? selected.includes(image.id) : undefined}
              data-testid="gallery-image"
              data-image-id={image.id}
              data-pinned={captions.byImage(image.id)?.isPinned ? 'true' : undefined}
            >
              <img
                src={image.thumbnailUrl}
                alt={image.fileName}
                loading="lazy"
                width={image.width}
                height={image.height}
              />
              <span className="gallery-caption">
                <span>#{image.number ?? '—'}</span>
                <span className={`type-dot type-${image.type ?? 'none'}`}>{typeLabel(image.type)}</span>
                {captions.byImage(image.id)?.isPinned && <span className="pin-badge">Pinned</span>}
              </span>
              <IdentityBadge verdict={verdicts[image.id]} />
            </button>
          </li>
        ))}
      </ul>
      {openIndex >= 0 && (
        <Lightbox
          actorId={actorId}
          images={shown}
          index={openIndex}
          onNavigate={(index) => setOpenId(shown[index]?.id)}
          onClose={() => setOpenId(undefined)}
          onDeleted={removed}
          renderDetails={(image) => (
            <>
              <FaceCompare identity={identity.data} verdict={verdicts[image.id]} image={image} />
              {captions.listing && captions.byImage(image.id) && (
                <CaptionEditor
                  actorId={actorId}
                  trigger={captions.listing.trigger}
                  captionClass={captions.listing.captionClass}
                  caption={captions.byImage(image.id)!}
                  onSaved={captions.accept}
                />
              )}
            </>
          )}
        />
      )}
    </>
  );
}
