import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { originalOf, thumbnailOf } from '../../../app/images/thumbnails.js';
import { isImageType } from '../../../domain/prompts/image-type.js';
import { invalidInput, TroupeError } from '../../../domain/errors/troupe-error.js';
import type { ImageRecord } from '../../../domain/images/image-record.js';
import type { HttpDeps } from '../http-deps.js';
import { imageJson } from '../json.js';
import { ErrorSchema, IdParam, ImageParams, ImageSchema } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

const ImagesQuery = z.object({ type: z.string().optional(), sort: z.enum(['number', '-number']).optional() });

export function imageRoutes(deps: HttpDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { troupe } = deps;
  const imageOf = async (actorId: string, imageId: string): Promise<ImageRecord> => {
    const actor = await troupe.getActorOrThrow(actorId);
    const image = await troupe.deps.images.get(imageId);
    if (!image || image.actorId !== actor.id)
      throw new TroupeError('NOT_FOUND', `Image ${imageId} of actor ${actor.id} not found.`);
    return image;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{id}/images',
      request: { params: IdParam, query: ImagesQuery },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ images: z.array(ImageSchema) }) } },
          description: "The actor's images",
        },
        400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid filter' },
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such actor' },
      },
    }),
    async (c) => {
      const { type, sort } = c.req.valid('query');
      if (type !== undefined && !isImageType(type))
        throw invalidInput(`type "${type}" is not an image type: use photorealistic, bw_stylized or color_stylized.`);
      const actor = await troupe.getActorOrThrow(c.req.valid('param').id);
      const images = (await troupe.listImages(actor.id)).filter((i) => type === undefined || i.type === type);
      const direction = sort === '-number' ? -1 : 1;
      images.sort(
        (a, b) => direction * ((a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER)),
      );
      return c.json({ images: images.map(imageJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/actors/{id}/images/{imageId}',
      request: { params: ImageParams },
      responses: {
        204: { description: 'Deleted from disk, database and manifest' },
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such image' },
      },
    }),
    async (c) => {
      const { id, imageId } = c.req.valid('param');
      const image = await imageOf(id, imageId);
      await troupe.deleteImage(image.actorId, image.id);
      return c.body(null, 204);
    },
  );

  app.get('/actors/:id/images/:imageId/thumbnail', async (c) => {
    const image = await imageOf(c.req.param('id'), c.req.param('imageId'));
    return c.body((await thumbnailOf(troupe.deps, image)) as Uint8Array<ArrayBuffer>, 200, jpegHeaders(image));
  });

  app.get('/actors/:id/images/:imageId/original', async (c) => {
    const image = await imageOf(c.req.param('id'), c.req.param('imageId'));
    return c.body((await originalOf(troupe.deps, image)) as Uint8Array<ArrayBuffer>, 200, jpegHeaders(image));
  });
  return app;
}

/** Content-addressed: the same image id always has the same bytes, so browsers may keep it. */
function jpegHeaders(image: ImageRecord): Record<string, string> {
  return { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400', ETag: `"${image.sha256}"` };
}
