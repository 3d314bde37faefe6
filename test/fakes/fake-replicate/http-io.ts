/** Reading requests and writing Replicate-shaped responses over node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Problem {
  /** Replicate omits `title` on some errors (404s, 429s), so it is optional here too. */
  readonly title?: string;
  readonly detail: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** An error in Replicate's problem+json shape: `{title?, detail, status}`. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  problem: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = {
    ...(problem.title === undefined ? {} : { title: problem.title }),
    detail: problem.detail,
    status,
    ...problem.extra,
  };
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The token from `Authorization: Bearer <t>` (or the older `Token <t>`), or undefined when absent. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^(?:Bearer|Token)\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() ?? '';
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
