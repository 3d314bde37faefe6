import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpDeps } from '../http-deps.js';
import { auditJson, healthJson, repairJson } from '../json.js';
import {
  AuditSchema,
  ErrorSchema,
  HealthSchema,
  IdParam,
  RepairSchema,
  SyncBodySchema,
  SyncSchema,
} from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = { 400: json(ErrorSchema, 'Invalid request'), 404: json(ErrorSchema, 'No such actor') };

/** Is the data where it should be, and can it get there: the audit and its repair, the doctor, and S3 sync. */
export function auditRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}/audit',
      request: { params: IdParam },
      responses: {
        200: json(z.object({ audit: AuditSchema }), 'Database, manifest, disk and S3 compared; nothing is changed'),
        ...errors,
      },
    }),
    async (c) => c.json({ audit: auditJson(await troupe.auditActor(c.req.valid('param').id)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/audit/repair',
      request: { params: IdParam },
      responses: {
        200: json(RepairSchema, 'Re-uploads, re-downloads and manifest rewrite done; never deletes'),
        ...errors,
      },
    }),
    async (c) => c.json(repairJson(await troupe.repairActor(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctor',
      responses: {
        200: json(
          z.object({ health: HealthSchema }),
          'The data directory, database, provider settings and S3 mirror checked, each with what to fix',
        ),
      },
    }),
    async (c) => c.json({ health: healthJson(await troupe.doctor()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sync',
      request: { body: { content: { 'application/json': { schema: SyncBodySchema } }, required: false } },
      responses: {
        200: json(SyncSchema, 'Images not yet in the S3 mirror uploaded'),
        ...errors,
      },
    }),
    async (c) => {
      const result = await troupe.syncMirror(c.req.valid('json').actorId);
      return c.json({ uploaded: result.uploaded, pending: result.pending, reason: result.reason ?? null }, 200);
    },
  );
  return app;
}
