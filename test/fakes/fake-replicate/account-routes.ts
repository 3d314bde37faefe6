import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized, type FakeContext } from './fake-context.js';
import { sendJson, sendProblem } from './http-io.js';

/** `GET /v1/account`: who the token belongs to; the cheapest way to check a token. */
export function getAccount(ctx: FakeContext, req: IncomingMessage, res: ServerResponse): void {
  if (!isAuthorized(ctx, req, res)) return;
  sendJson(res, 200, { type: 'user', username: 'troupe-test', name: 'Troupe Test', github_url: null });
}

/** `GET /v1/models/{owner}/{name}`: whether the model exists (404 otherwise), with the fields clients read. */
export function getModel(ctx: FakeContext, req: IncomingMessage, res: ServerResponse, model: string): void {
  if (!isAuthorized(ctx, req, res)) return;
  if (!ctx.script.models.includes(model)) {
    sendProblem(res, 404, { detail: 'The requested resource could not be found.' });
    return;
  }
  const [owner, name] = model.split('/');
  sendJson(res, 200, {
    url: `https://replicate.com/${model}`,
    owner,
    name,
    visibility: 'public',
    latest_version: null,
  });
}
