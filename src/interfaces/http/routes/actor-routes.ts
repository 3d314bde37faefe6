import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { parseActorId } from '../../../domain/actors/actor-id.js';
import { baseImageKey } from '../../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../../domain/errors/troupe-error.js';
import type { HttpDeps } from '../http-deps.js';
import { actorJson } from '../json.js';
import { ActorPatchSchema, ActorSchema, ErrorSchema, IdParam } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = {
  400: json(ErrorSchema, 'Invalid input'),
  404: json(ErrorSchema, 'No such actor'),
  409: json(ErrorSchema, 'Conflict'),
};

const UploadSchema = z.object({
  id: z.string().max(200),
  descriptor: z.string().max(60).optional(),
  name: z.string().max(200).optional(),
  triggerWord: z.string().max(40).optional(),
  baseImage: z
    .custom<File>((value) => value instanceof File, 'attach the base image as a file')
    .openapi({ type: 'string', format: 'binary' }),
});

export function actorRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  const summary = async (id: string) => actorJson(await troupe.getActorSummaryOrThrow(id));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors',
      responses: { 200: json(z.object({ actors: z.array(ActorSchema) }), 'All actors') },
    }),
    async (c) => {
      return c.json({ actors: (await troupe.listActorSummaries()).map(actorJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors',
      request: { body: { content: { 'multipart/form-data': { schema: UploadSchema } }, required: true } },
      responses: {
        201: json(
          z.object({
            actor: ActorSchema,
            identity: z
              .object({ isChecking: z.boolean(), notice: z.string().nullable() })
              .openapi({ description: 'Whether outputs can be checked for the face, and if not what to do' }),
          }),
          'Created',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const bytes = new Uint8Array(await form.baseImage.arrayBuffer());
      const actor = await troupe.addActor({
        id: form.id,
        descriptor: form.descriptor,
        name: form.name || undefined,
        triggerWord: form.triggerWord || undefined,
        baseImage: bytes,
        baseImageName: form.baseImage.name || 'the upload',
      });
      return c.json({ actor: await summary(actor.id), identity: { ...actor.identity } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}',
      request: { params: IdParam },
      responses: { 200: json(z.object({ actor: ActorSchema }), 'The actor'), ...errors },
    }),
    async (c) => c.json({ actor: await summary(c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/actors/{id}',
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: ActorPatchSchema } }, required: true },
      },
      responses: { 200: json(z.object({ actor: ActorSchema }), 'Updated'), ...errors },
    }),
    async (c) => {
      const actor = await troupe.updateActor(c.req.valid('param').id, c.req.valid('json'));
      return c.json({ actor: await summary(actor.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/actors/{id}',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await troupe.deleteActor(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  const baseImageRoute = createRoute({
    method: 'get',
    path: '/actors/{id}/base-image',
    request: { params: IdParam },
    responses: {
      200: {
        content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } },
        description: "The actor's base image, JPEG",
      },
      ...errors,
    },
  });
  app.openapi(baseImageRoute, async (c) => {
    const id = parseActorId(c.req.valid('param').id);
    await troupe.getActorOrThrow(id);
    const bytes = await troupe.deps.blobs.get(baseImageKey(id));
    if (!bytes) throw new TroupeError('NOT_FOUND', `The base image of actor ${id} is missing from the data directory.`);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-cache' });
  });
  return app;
}
