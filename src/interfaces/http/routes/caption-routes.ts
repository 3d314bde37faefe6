import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { renderCaption } from '../../../domain/captions/compose-caption.js';
import { triggerWordOf } from '../../../domain/captions/trigger-word.js';
import type { HttpDeps } from '../http-deps.js';
import { ErrorSchema, IdParam, ImageParams } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = { 400: json(ErrorSchema, 'Invalid request'), 404: json(ErrorSchema, 'No such actor or image') };

const CaptionSchema = z
  .object({
    imageId: z.string(),
    fileName: z.string(),
    caption: z.string().openapi({ description: 'What a trainer reads: trigger and class, then the body' }),
    body: z.string(),
    source: z.enum(['prompt', 'measured', 'imported', 'edited']),
    isPinned: z.boolean(),
  })
  .openapi('Caption');
const CaptionsSchema = z.object({ trigger: z.string(), captionClass: z.string(), captions: z.array(CaptionSchema) });
const CaptionBody = z.object({ caption: z.string().max(2000) }).strict();
const ReplaceBody = z
  .object({
    find: z.string().max(200),
    replace: z.string().max(200),
    imageIds: z.array(z.string()).max(10_000).optional(),
  })
  .strict();
const PinBody = z.object({ imageIds: z.array(z.string()).min(1).max(10_000), isPinned: z.boolean() }).strict();

/** Captions (shown, edited one at a time or by find-and-replace over a set) and pins. */
export function captionRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  const listing = async (rawId: string) => {
    const actor = await troupe.getActorOrThrow(rawId);
    const [images, captions, pinned] = await Promise.all([
      troupe.listImages(actor.id),
      troupe.captionImages(actor.id),
      troupe.listPinned(actor.id),
    ]);
    const trigger = triggerWordOf(actor);
    return {
      trigger,
      captionClass: actor.descriptor,
      captions: images.map((image) => {
        const stored = captions.get(image.id);
        const body = stored?.body ?? '';
        return {
          imageId: image.id,
          fileName: image.fileName,
          caption: renderCaption(trigger, actor.descriptor, body),
          body,
          source: stored?.source ?? ('measured' as const),
          isPinned: pinned.has(image.id),
        };
      }),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}/captions',
      request: { params: IdParam },
      responses: { 200: json(CaptionsSchema, "Every image's caption and pin"), ...errors },
    }),
    async (c) => c.json(await listing(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/actors/{id}/images/{imageId}/caption',
      request: {
        params: ImageParams,
        body: { content: { 'application/json': { schema: CaptionBody } }, required: true },
      },
      responses: { 200: json(CaptionsSchema, 'Saved; the whole listing'), ...errors },
    }),
    async (c) => {
      const { id, imageId } = c.req.valid('param');
      await troupe.setCaption(id, imageId, c.req.valid('json').caption);
      return c.json(await listing(id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/captions/replace',
      request: { params: IdParam, body: { content: { 'application/json': { schema: ReplaceBody } }, required: true } },
      responses: { 200: json(CaptionsSchema.extend({ changed: z.number().int() }), 'Replaced'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const changed = await troupe.replaceInCaptions(id, c.req.valid('json'));
      return c.json({ ...(await listing(id)), changed: changed.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{id}/images/pins',
      request: { params: IdParam, body: { content: { 'application/json': { schema: PinBody } }, required: true } },
      responses: { 200: json(CaptionsSchema, 'Pinned or unpinned; the whole listing'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const body = c.req.valid('json');
      await troupe.setImagesPinned(id, body.imageIds, body.isPinned);
      return c.json(await listing(id), 200);
    },
  );
  return app;
}
