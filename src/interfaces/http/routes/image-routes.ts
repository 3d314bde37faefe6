import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { originalOf, thumbnailOf } from '../../../app/images/thumbnails.js';
import { isImageType } from '../../../domain/prompts/image-type.js';
import { invalidInput, TroupeError } from '../../../domain/errors/troupe-error.js';
import type { ImageRecord } from '../../../domain/images/image-record.js';
import type { HttpDeps } from '../http-deps.js';
import { imageJson } from '../json.js';
import { ErrorSchema, IdParam, ImageParams, ImageSchema } from '../schemas.js';
import { validationHook } from '../validation-hook.js';

export const IMAGE_PAGE_DEFAULT = 100;
export const IMAGE_PAGE_MAX = 500;

const ImagesQuery = z.object({
  type: z.string().optional(),
  sort: z.enum(['number', '-number']).optional(),
  offset: z.coerce.number().int().min(0).optional().openapi({ description: 'Images to skip (default 0)' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(IMAGE_PAGE_MAX)
    .optional()
    .openapi({ description: `Images in this page, 1-${IMAGE_PAGE_MAX} (default ${IMAGE_PAGE_DEFAULT})` }),
});

const ImagePageSchema = z.object({
  images: z.array(ImageSchema),
  total: z.number().int().openapi({ description: 'Images matching the filter, in all pages' }),
  nextOffset: z.number().int().nullable().openapi({ description: 'The offset of the next page; null on the last' }),
});

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
          content: { 'application/json': { schema: ImagePageSchema } },
          description: "One page of the actor's images, in number order",
        },
        400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid filter' },
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such actor' },
      },
    }),
    async (c) => {
      const { type, sort, offset = 0, limit = IMAGE_PAGE_DEFAULT } = c.req.valid('query');
      if (type !== undefined && !isImageType(type))
        throw invalidInput(`type "${type}" is not an image type: use photorealistic, bw_stylized or color_stylized.`);
      const actor = await troupe.getActorOrThrow(c.req.valid('param').id);
      const page = await troupe.deps.images.listPage(actor.id, {
        ...(type === undefined ? {} : { type }),
        isDescending: sort === '-number',
        offset,
        limit,
      });
      const nextOffset = offset + page.images.length < page.total ? offset + page.images.length : null;
      return c.json({ images: page.images.map(imageJson), total: page.total, nextOffset }, 200);
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

  app.openapi(
    jpegRoute('/actors/{id}/images/{imageId}/thumbnail', 'A JPEG thumbnail, 320 px on its longest side'),
    async (c) => {
      const { id, imageId } = c.req.valid('param');
      const image = await imageOf(id, imageId);
      return c.body((await thumbnailOf(troupe.deps, image)) as Uint8Array<ArrayBuffer>, 200, jpegHeaders(image));
    },
  );

  app.openapi(jpegRoute('/actors/{id}/images/{imageId}/original', 'The training image as stored, JPEG'), async (c) => {
    const { id, imageId } = c.req.valid('param');
    const image = await imageOf(id, imageId);
    return c.body((await originalOf(troupe.deps, image)) as Uint8Array<ArrayBuffer>, 200, jpegHeaders(image));
  });
  return app;
}

function jpegRoute(path: string, description: string) {
  return createRoute({
    method: 'get',
    path,
    request: { params: ImageParams },
    responses: {
      200: { content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } }, description },
      404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such actor or image' },
    },
  });
}

/** Content-addressed: the same image id always has the same bytes, so browsers may keep it. */
function jpegHeaders(image: ImageRecord): Record<string, string> {
  return { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400', ETag: `"${image.sha256}"` };
}
