/** One name the server answers to; without a port it matches that name on any port. */
export interface HostEntry {
  readonly name: string;
  readonly port?: number;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;
const WILDCARD_BINDINGS = new Set(['0.0.0.0', '::', '[::]']);
const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:(\d{1,5}))?$/;

/**
 * Parses `name[:port]` as a Host header or a TROUPE_ALLOWED_HOSTS entry carries it (IPv6 in brackets); undefined
 * when it is not a host at all. Port 80 is the same as no port in a Host header, so it is kept as 80.
 */
export function parseHost(text: string): HostEntry | undefined {
  const match = HOST_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const name = match[1]!.replace(/\.$/, '');
  if (match[4] === undefined) return { name };
  const port = Number(match[4]);
  return port <= 65535 ? { name, port } : undefined;
}

/**
 * The Host names a server accepts, so that a web page on another name cannot reach it by pointing its own DNS name at
 * 127.0.0.1 (DNS rebinding): the loopback names with the bound port, the bound address itself, and any extra
 * entries the user configured.
 */
export class HostAllowList {
  constructor(private readonly entries: readonly HostEntry[]) {}

  /** For a server bound to `bindHost:port`; a wildcard binding adds the machine's own names and addresses. */
  static forBinding(
    bindHost: string,
    port: number,
    extra: readonly HostEntry[],
    machineNames: readonly string[] = [],
  ): HostAllowList {
    const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
    const names = WILDCARD_BINDINGS.has(bound) ? [...LOOPBACK_NAMES, ...machineNames] : [...LOOPBACK_NAMES, bound];
    const own = [...new Set(names.map((n) => n.toLowerCase()))].map((name) => ({ name, port }));
    return new HostAllowList([...own, ...extra]);
  }

  /** `host` as a URL's `host` has it: lowercase, the port left out when it is 80. */
  allows(host: string): boolean {
    const given = parseHost(host);
    if (!given) return false;
    const port = given.port ?? 80;
    return this.entries.some((e) => e.name === given.name && (e.port === undefined || e.port === port));
  }

  /** `http://origin` of a page, as a browser sends it in `Origin`. */
  allowsOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    return (url.protocol === 'http:' || url.protocol === 'https:') && this.allows(url.host);
  }

  /** The first accepted address, for messages ("open the UI at ..."). */
  describeFirst(): string {
    const first = this.entries[0];
    if (!first) return 'the address the server is bound to';
    return first.port === undefined || first.port === 80 ? first.name : `${first.name}:${first.port}`;
  }
}
