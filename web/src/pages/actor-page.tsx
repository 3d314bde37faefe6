import { useState } from 'react';
import { api } from '../api/client';
import { ActorHeader } from '../components/actor-header';
import { ActorTabs, tabPanelProps } from '../components/actor-tabs';
import { AuditReport } from '../components/audit-report';
import { BalanceTab } from '../components/balance-tab';
import { DatasetTab } from '../components/dataset-tab';
import { ErrorMessage } from '../components/error-message';
import { GenerateTab } from '../components/generate-tab';
import { HealthBadge } from '../components/health-badge';
import { JobsTab } from '../components/jobs-tab';
import { actorHref, navigate, type Tab } from '../route';
import { useActorAudit } from '../use-actor-audit';
import { useLoad } from '../use-load';

export function ActorPage({ actorId, tab }: { actorId: string; tab: Tab }) {
  const actor = useLoad((signal) => api.getActor(actorId, signal).then((r) => r.actor), actorId);
  const audit = useActorAudit(actorId, actor.data?.imageCount);
  const [isAuditOpen, setIsAuditOpen] = useState(false);

  if (!actor.data) {
    return (
      <>
        <p className="breadcrumb">
          <a href="#/">← Actors</a>
        </p>
        {actor.isLoading ? <p className="muted">Loading actor…</p> : <ErrorMessage message={actor.error} />}
      </>
    );
  }

  return (
    <>
      <p className="breadcrumb">
        <a href="#/">← Actors</a>
      </p>
      <ActorHeader
        actor={actor.data}
        onChanged={(changed) => actor.update(() => changed)}
        onDeleted={() => navigate('#/')}
        healthBadge={
          <HealthBadge audit={audit} isOpen={isAuditOpen} onToggle={() => setIsAuditOpen((isOpen) => !isOpen)} />
        }
      />
      {isAuditOpen && <AuditReport actorId={actorId} audit={audit} onClose={() => setIsAuditOpen(false)} />}
      <ActorTabs actorId={actorId} current={tab} />
      <section className="tab-panel" {...tabPanelProps(tab)}>
        {tab === 'generate' && <GenerateTab actorId={actorId} onStarted={() => navigate(actorHref(actorId, 'jobs'))} />}
        {tab === 'jobs' && <JobsTab actorId={actorId} onJobEnded={actor.reload} />}
        {tab === 'dataset' && <DatasetTab actorId={actorId} onImageDeleted={actor.reload} />}
        {tab === 'balance' && <BalanceTab actorId={actorId} onSetChanged={actor.reload} />}
      </section>
    </>
  );
}
