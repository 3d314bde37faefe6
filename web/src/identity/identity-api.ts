// The identity check's part of the HTTP API: verdicts, reference faces, and the set-aside review.
import { request } from '../api/client';

export const VERDICTS = [
  'same_person',
  'doubtful',
  'different_person',
  'no_face',
  'several_faces',
  'cannot_judge',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImageVerdict {
  verdict: Verdict;
  distance: number | null;
  reason: string | null;
  text: string;
  faceBox: FaceBox | null;
}

export interface SetAsideImage {
  id: string;
  jobId: string;
  attemptId: string;
  type: string;
  prompt: string;
  distance: number;
  width: number;
  height: number;
  createdAt: string;
  url: string;
}

export interface ActorIdentity {
  isChecking: boolean;
  notice: string | null;
  references: { id: string; source: 'base' | 'added'; box: FaceBox }[];
  baseImage: { url: string; width: number; height: number; faceBox: FaceBox | null };
  verdicts: Record<string, ImageVerdict>;
  setAside: SetAsideImage[];
}

const enc = encodeURIComponent;

export const identityApi = {
  get: (actorId: string, signal?: AbortSignal) =>
    request<ActorIdentity>('GET', `/api/actors/${enc(actorId)}/identity`, undefined, signal),
  keepAnyway: (actorId: string, id: string) =>
    request<{ fileName: string; imageId: string }>('POST', `/api/actors/${enc(actorId)}/off-model/${enc(id)}/keep`),
  discard: (actorId: string, id: string) => request<void>('DELETE', `/api/actors/${enc(actorId)}/off-model/${enc(id)}`),
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  same_person: 'Same person',
  doubtful: 'Doubtful',
  different_person: 'Different person',
  no_face: 'No face',
  several_faces: 'Several faces',
  cannot_judge: 'Cannot judge',
};
