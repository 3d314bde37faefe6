import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import { EXPORT_FORMAT_NAMES } from '../../../domain/export/export-format.js';
import type { HttpDeps } from '../http-deps.js';
import { ErrorSchema, IdParam } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const ExportBody = z
  .object({
    format: z
      .string()
      .max(40)
      .openapi({ description: EXPORT_FORMAT_NAMES.join(', ') }),
    trigger: z.string().max(40).optional(),
    repeats: z.number().int().optional(),
    maxSidePx: z.number().int().optional(),
    isSquare: z.boolean().optional(),
    isIncludingFlagged: z.boolean().optional(),
  })
  .strict()
  .openapi('ExportRequest');

/** The export as a download: written to a private temp folder as one zip, sent, and removed. */
export function exportRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/export',
      request: { params: IdParam, body: { content: { 'application/json': { schema: ExportBody } }, required: true } },
      responses: {
        200: {
          content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
          description: 'The zip',
        },
        400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid request or empty set' },
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such actor' },
      },
    }),
    async (c) => {
      const actorId = parseActorId(c.req.valid('param').id);
      const body = c.req.valid('json');
      const folder = await mkdtemp(path.join(tmpdir(), 'troupe-download-'));
      try {
        const name = `${actorId}-${body.format}.zip`;
        const result = await troupe.exportDataset({ ...body, actorId, out: path.join(folder, name), isZipped: true });
        const bytes = await readFile(result.target);
        return c.body(bytes, 200, {
          'Content-Type': 'application/zip',
          'Content-Disposition': `attachment; filename="${name}"`,
          'X-Troupe-Images': String(result.imageCount),
        });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
  return app;
}
