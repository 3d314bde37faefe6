// A typed fetch wrapper for Troupe's HTTP API. Every failure becomes an ApiError carrying the server's
// `{ error: { code, message } }`, or a code of our own when the server could not be reached or answered oddly.
import type {
  ActorAudit,
  ActorImage,
  ActorSummary,
  AuditRepair,
  BalanceExecution,
  BalancePlan,
  BalanceRequest,
  ImageSort,
  ImageType,
  Job,
  JobPreview,
  JobRequest,
  Attempt,
  HealthReport,
  ServerConfig,
  SyncResult,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show a user for anything a request threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Reload the page and try again.';
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

type Body = FormData | object | undefined;

export async function request<T>(method: string, path: string, body?: Body, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' }, signal };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(
      'NETWORK',
      'Could not reach the Troupe server. Check that `troupe serve` is running, then retry.',
      0,
    );
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response, payload);
  if (payload === undefined) {
    throw new ApiError(
      'BAD_RESPONSE',
      `The server answered ${method} ${path} with something that is not JSON.`,
      response.status,
    );
  }
  return payload as T;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(error.code, error.message, response.status);
  }
  const reason = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  return new ApiError(
    `HTTP_${response.status}`,
    `The server answered ${reason}. Try again in a moment.`,
    response.status,
  );
}

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
}

const enc = encodeURIComponent;

export const api = {
  getConfig: (signal?: AbortSignal) => request<ServerConfig>('GET', '/api/config', undefined, signal),

  listActors: (signal?: AbortSignal) => request<{ actors: ActorSummary[] }>('GET', '/api/actors', undefined, signal),
  createActor: (form: FormData) => request<{ actor: ActorSummary }>('POST', '/api/actors', form),
  getActor: (id: string, signal?: AbortSignal) =>
    request<{ actor: ActorSummary }>('GET', `/api/actors/${enc(id)}`, undefined, signal),
  updateActor: (id: string, patch: { name?: string; descriptor?: string }) =>
    request<{ actor: ActorSummary }>('PATCH', `/api/actors/${enc(id)}`, patch),
  deleteActor: (id: string) => request<void>('DELETE', `/api/actors/${enc(id)}`),

  listImages: (actorId: string, options: { type?: ImageType; sort?: ImageSort }, signal?: AbortSignal) =>
    request<{ images: ActorImage[] }>('GET', `/api/actors/${enc(actorId)}/images${query(options)}`, undefined, signal),
  deleteImage: (actorId: string, imageId: string) =>
    request<void>('DELETE', `/api/actors/${enc(actorId)}/images/${enc(imageId)}`),

  previewJob: (body: JobRequest, signal?: AbortSignal) =>
    request<{ preview: JobPreview }>('POST', '/api/jobs/preview', body, signal),
  createJob: (body: JobRequest) => request<{ job: Job }>('POST', '/api/jobs', body),
  listJobs: (filter: { actorId?: string; status?: string }, signal?: AbortSignal) =>
    request<{ jobs: Job[] }>('GET', `/api/jobs${query(filter)}`, undefined, signal),
  getJob: (id: string, signal?: AbortSignal) =>
    request<{ job: Job; attempts: Attempt[] }>('GET', `/api/jobs/${enc(id)}`, undefined, signal),
  cancelJob: (id: string) => request<{ job: Job }>('POST', `/api/jobs/${enc(id)}/cancel`),
  /** Gives the actor's retired prompts back on one provider (with its options) or, without one, on all. */
  resetPrompts: (actorId: string, body: { provider?: string; scenario?: string }) =>
    request<{ givenBack: { promptId: string; subject: string }[] }>(
      'POST',
      `/api/actors/${enc(actorId)}/prompts/reset`,
      body,
    ),

  planBalance: (actorId: string, body: BalanceRequest, signal?: AbortSignal) =>
    request<{ plan: BalancePlan }>('POST', `/api/actors/${enc(actorId)}/balance/plan`, body, signal),
  executeBalance: (actorId: string, body: BalanceRequest) =>
    request<BalanceExecution>('POST', `/api/actors/${enc(actorId)}/balance/execute`, body),

  auditActor: (actorId: string, signal?: AbortSignal) =>
    request<{ audit: ActorAudit }>('GET', `/api/actors/${enc(actorId)}/audit`, undefined, signal),
  repairActor: (actorId: string) => request<AuditRepair>('POST', `/api/actors/${enc(actorId)}/audit/repair`),
  getDoctor: (signal?: AbortSignal) => request<{ health: HealthReport }>('GET', '/api/doctor', undefined, signal),
  syncMirror: (actorId?: string) => request<SyncResult>('POST', '/api/sync', actorId === undefined ? {} : { actorId }),
};

/** The thumbnail of a training image known only by id (the balance plan carries no URLs). */
export function thumbnailUrl(actorId: string, imageId: string): string {
  return `/api/actors/${enc(actorId)}/images/${enc(imageId)}/thumbnail`;
}
