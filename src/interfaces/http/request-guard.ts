import type { MiddlewareHandler } from 'hono';
import type { HostAllowList } from './allowed-hosts.js';
import { errorBody } from './error-handler.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_TYPES = /^(application\/json|multipart\/form-data)\s*(;|$)/i;
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/**
 * Keeps other web pages out of a server that anyone's browser can reach on loopback:
 * - every request must name one of the server's own hosts (a DNS-rebinding page names its own);
 * - a request that changes something must not come from a page of another origin (`Origin`, `Sec-Fetch-Site`);
 * - a request body must be JSON or multipart, so a cross-site form or "simple" text/plain request cannot pass;
 * - a preflight gets no CORS grant, so a browser never lets another origin send the rest.
 * It runs before the API key check, so it protects the browser's key cookie too.
 */
export function guardRequests(allowedHosts: () => HostAllowList): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowedHosts();
    const host = new URL(c.req.url).host;
    if (!hosts.allows(host)) {
      return c.json(
        errorBody(
          'HOST_NOT_ALLOWED',
          `This Troupe server does not answer to the host "${host}", so a web page on another name cannot reach it. Open it at http://${hosts.describeFirst()}, or add the name to TROUPE_ALLOWED_HOSTS (e.g. TROUPE_ALLOWED_HOSTS=${host || 'troupe.lan:7777'}).`,
        ),
        403,
      );
    }
    const method = c.req.method.toUpperCase();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site')?.toLowerCase();
    const isForeign =
      (origin !== undefined && !hosts.allowsOrigin(origin)) ||
      (fetchSite !== undefined && FOREIGN_FETCH_SITES.has(fetchSite));
    if (method === 'OPTIONS') {
      // No Access-Control-Allow-* headers: the browser refuses the cross-origin request that asked.
      return isForeign ? c.json(errorBody('CROSS_ORIGIN', crossOriginMessage(origin, hosts)), 403) : c.body(null, 204);
    }
    if (SAFE_METHODS.has(method)) return next();
    if (isForeign) return c.json(errorBody('CROSS_ORIGIN', crossOriginMessage(origin, hosts)), 403);
    const contentType = c.req.header('content-type');
    const isRefusedType = contentType === undefined ? hasBody(c.req.raw) : !BODY_TYPES.test(contentType);
    if (isRefusedType) {
      return c.json(
        errorBody(
          'UNSUPPORTED_MEDIA_TYPE',
          `A ${method} body must be sent as application/json (multipart/form-data for uploads), not ${contentType ?? 'without a Content-Type'}.`,
        ),
        415,
      );
    }
    return next();
  };
}

function crossOriginMessage(origin: string | undefined, hosts: HostAllowList): string {
  const from = origin === undefined ? 'a page of another site' : `a page of ${origin}`;
  return `Refused a request from ${from}: only the Troupe web UI served by this server may change its data. Open it at http://${hosts.describeFirst()}.`;
}

/**
 * A bare POST or DELETE may come without a Content-Type, as long as it has nothing to parse. The headers decide,
 * not `request.body`: Node's adapter gives every non-GET request a (possibly empty) body stream, and Chromium sends a
 * bodyless DELETE with neither Content-Length nor Transfer-Encoding.
 */
function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return request.headers.has('transfer-encoding');
}
