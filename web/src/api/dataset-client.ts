// Captions, pins and exports: the Dataset tab's own part of the API.
import { ApiError, request } from './client';

export type CaptionSource = 'prompt' | 'measured' | 'imported' | 'edited';

export interface ImageCaption {
  imageId: string;
  fileName: string;
  /** What a trainer reads: the trigger word and class, then the body. */
  caption: string;
  body: string;
  source: CaptionSource;
  isPinned: boolean;
}

export interface CaptionListing {
  trigger: string;
  captionClass: string;
  captions: ImageCaption[];
}

export const EXPORT_FORMATS = ['kohya', 'ai-toolkit', 'replicate', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  format: ExportFormat;
  trigger?: string;
  repeats?: number;
  maxSidePx?: number;
  isSquare?: boolean;
  isIncludingFlagged?: boolean;
}

const enc = encodeURIComponent;

export const datasetApi = {
  listCaptions: (actorId: string, signal?: AbortSignal) =>
    request<CaptionListing>('GET', `/api/actors/${enc(actorId)}/captions`, undefined, signal),
  setCaption: (actorId: string, imageId: string, caption: string) =>
    request<CaptionListing>('PUT', `/api/actors/${enc(actorId)}/images/${enc(imageId)}/caption`, { caption }),
  replaceInCaptions: (actorId: string, body: { find: string; replace: string; imageIds?: string[] }) =>
    request<CaptionListing & { changed: number }>('POST', `/api/actors/${enc(actorId)}/captions/replace`, body),
  setPinned: (actorId: string, imageIds: string[], isPinned: boolean) =>
    request<CaptionListing>('POST', `/api/actors/${enc(actorId)}/images/pins`, { imageIds, isPinned }),
  // An empty JSON body: the server's request guard refuses a bodiless DELETE from a browser (no Content-Length).
  deleteImage: (actorId: string, imageId: string) =>
    request<void>('DELETE', `/api/actors/${enc(actorId)}/images/${enc(imageId)}`, {}),
};

/** Asks the server for the export as a zip and hands it to the browser as a download; returns its file name. */
export async function downloadExport(actorId: string, body: ExportRequest): Promise<string> {
  const response = await fetch(`/api/actors/${enc(actorId)}/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/zip, application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const payload = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(
      payload?.error?.code ?? `HTTP_${response.status}`,
      payload?.error?.message ?? `The export failed (${response.status}). Try again in a moment.`,
      response.status,
    );
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export.zip';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
