import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * Object keys under `prefix`, a page (at most 1,000 keys) at a time. With `delimiter` '/', keys in deeper folders
 * are left out (S3 rolls them up into common prefixes, which this ignores).
 */
export async function* listObjectKeyPages(
  client: S3Client,
  input: { readonly bucket: string; readonly prefix: string; readonly delimiter?: string },
): AsyncGenerator<string[]> {
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: input.bucket,
        Prefix: input.prefix,
        Delimiter: input.delimiter,
        ContinuationToken: continuationToken,
      }),
    );
    yield (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    // A truncated page without a token would repeat the first page forever.
    continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}
