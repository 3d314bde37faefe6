/**
 * Just enough multipart/form-data parsing for `POST /v1/files`: the fake must read what a real client (undici's
 * FormData) sends, and node:http has no parser of its own.
 */

export interface FormPart {
  readonly name: string;
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

/** The boundary from a `multipart/form-data; boundary=...` header, or undefined for any other content type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2]?.trim();
}

/** Splits a body into its parts; malformed parts are skipped, so the caller reports "content missing" instead. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const contentStart = start + delimiter.length;
    if (body.subarray(contentStart, contentStart + 2).toString() === '--') break;
    const end = body.indexOf(delimiter, contentStart);
    if (end === -1) break;
    const part = parsePart(body.subarray(contentStart, end));
    if (part) parts.push(part);
    start = end;
  }
  return parts;
}

function parsePart(raw: Buffer): FormPart | undefined {
  // Each part is "\r\n<headers>\r\n\r\n<data>\r\n"; the trailing CRLF belongs to the next delimiter.
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
  const dataEnd = raw.length >= 2 && raw.subarray(raw.length - 2).toString() === '\r\n' ? raw.length - 2 : raw.length;
  const data = raw.subarray(headerEnd + 4, dataEnd);
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of headers) {
    const [key = '', ...rest] = line.split(':');
    const value = rest.join(':').trim();
    if (/^content-disposition$/i.test(key.trim())) {
      name = /\bname="([^"]*)"/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
    } else if (/^content-type$/i.test(key.trim())) {
      contentType = value;
    }
  }
  return name === undefined ? undefined : { name, filename, contentType, data: Buffer.from(data) };
}
