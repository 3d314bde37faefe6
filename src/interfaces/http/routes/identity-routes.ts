import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { baseImageKey } from '../../../domain/actors/dataset-layout.js';
import { TroupeError } from '../../../domain/errors/troupe-error.js';
import { IDENTITY_VERDICTS, describeVerdict } from '../../../domain/identity/identity-verdict.js';
import type { HttpDeps } from '../http-deps.js';
import { ErrorSchema, IdParam } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = { 400: json(ErrorSchema, 'Invalid request'), 404: json(ErrorSchema, 'No such actor or image') };

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).openapi('FaceBox');
const VerdictSchema = z
  .object({
    verdict: z.enum(IDENTITY_VERDICTS),
    distance: z.number().nullable().openapi({ description: 'Face distance to the nearest reference' }),
    reason: z.string().nullable(),
    text: z.string(),
    faceBox: BoxSchema.nullable().openapi({ description: "The judged face, in the original image's pixels" }),
  })
  .openapi('IdentityVerdict');
const SetAsideSchema = z
  .object({
    id: z.string(),
    jobId: z.string(),
    attemptId: z.string(),
    type: z.string(),
    prompt: z.string(),
    distance: z.number(),
    width: z.number().int(),
    height: z.number().int(),
    createdAt: z.string(),
    url: z.string(),
  })
  .openapi('SetAsideImage');
const IdentitySchema = z
  .object({
    isChecking: z.boolean(),
    notice: z.string().nullable(),
    references: z.array(z.object({ id: z.string(), source: z.enum(['base', 'added']), box: BoxSchema })),
    baseImage: z.object({ url: z.string(), width: z.number(), height: z.number(), faceBox: BoxSchema.nullable() }),
    verdicts: z.record(z.string(), VerdictSchema).openapi({ description: 'By image id' }),
    setAside: z.array(SetAsideSchema),
  })
  .openapi('ActorIdentity');
const OffModelParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' } }),
  offModelId: z.string().openapi({ param: { name: 'offModelId', in: 'path' } }),
});
const ReferenceUpload = z.object({
  image: z
    .custom<File>((value) => value instanceof File, 'attach the reference image as a file')
    .openapi({ type: 'string', format: 'binary' }),
});

/** The identity check: verdicts, reference faces, and what the gate set aside (keep anyway or discard). */
export function identityRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}/identity',
      request: { params: IdParam },
      responses: {
        200: json(IdentitySchema, "Every image's verdict, the references, the set-aside outputs"),
        ...errors,
      },
    }),
    async (c) => {
      const actor = await troupe.getActorOrThrow(c.req.valid('param').id);
      const [setup, references, judged, setAside] = await Promise.all([
        troupe.identitySetup(actor.id),
        troupe.deps.faceReferences.listByActor(actor.id),
        troupe.judgeImages(actor.id),
        troupe.listOffModel(actor.id),
      ]);
      const base = await troupe.deps.blobs.get(baseImageKey(actor.id));
      const baseSize = base === undefined ? { width: 0, height: 0 } : await troupe.deps.inspector.inspect(base);
      const verdicts = Object.fromEntries(
        judged.judged.map(({ image, verdict }) => [
          image.id,
          {
            verdict: verdict.verdict,
            distance: verdict.distance,
            reason: verdict.reason,
            text: describeVerdict(verdict),
            faceBox: verdict.face?.box ?? null,
          },
        ]),
      );
      return c.json(
        {
          isChecking: setup.isChecking,
          notice: setup.notice,
          references: references.map((r) => ({ id: r.id, source: r.source, box: { ...r.box } })),
          baseImage: {
            url: `/api/actors/${actor.id}/base-image`,
            width: baseSize.width,
            height: baseSize.height,
            faceBox: references.find((r) => r.source === 'base')?.box ?? null,
          },
          verdicts,
          setAside: setAside.map((s) => ({
            id: s.id,
            jobId: s.jobId,
            attemptId: s.attemptId,
            type: s.type,
            prompt: s.prompt,
            distance: s.distance,
            width: s.width,
            height: s.height,
            createdAt: s.createdAt,
            url: `/api/actors/${actor.id}/off-model/${s.id}/image`,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/references',
      request: {
        params: IdParam,
        body: { content: { 'multipart/form-data': { schema: ReferenceUpload } }, required: true },
      },
      responses: {
        201: json(z.object({ reference: z.object({ id: z.string(), box: BoxSchema }) }), 'Added'),
        ...errors,
      },
    }),
    async (c) => {
      const { image } = c.req.valid('form');
      const bytes = new Uint8Array(await image.arrayBuffer());
      const reference = await troupe.addReference(c.req.valid('param').id, bytes, image.name || 'the upload');
      return c.json({ reference: { id: reference.id, box: { ...reference.box } } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}/off-model/{offModelId}/image',
      request: { params: OffModelParams },
      responses: {
        200: {
          content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } },
          description: 'The JPEG the identity gate set aside',
        },
        404: json(ErrorSchema, 'No such actor or set-aside image'),
      },
    }),
    async (c) => {
      const { id, offModelId } = c.req.valid('param');
      const actor = await troupe.getActorOrThrow(id);
      const item = (await troupe.listOffModel(actor.id)).find((s) => s.id === offModelId);
      const bytes = item && (await troupe.deps.blobs.get(item.fileKey));
      if (!item || !bytes) throw new TroupeError('NOT_FOUND', `Set-aside image ${offModelId} not found.`);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'image/jpeg',
        'Cache-Control': 'private, max-age=86400',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/off-model/{offModelId}/keep',
      request: { params: OffModelParams },
      responses: { 200: json(z.object({ fileName: z.string(), imageId: z.string() }), 'Kept anyway'), ...errors },
    }),
    async (c) => {
      const { id, offModelId } = c.req.valid('param');
      const image = await troupe.keepOffModel(id, offModelId);
      return c.json({ fileName: image.fileName, imageId: image.id }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/actors/{id}/off-model/{offModelId}',
      request: { params: OffModelParams },
      responses: { 204: { description: 'Discarded' }, ...errors },
    }),
    async (c) => {
      const { id, offModelId } = c.req.valid('param');
      await troupe.discardOffModel(id, offModelId);
      return c.body(null, 204);
    },
  );
  return app;
}
