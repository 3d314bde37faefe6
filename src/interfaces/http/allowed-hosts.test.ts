import { describe, expect, it } from 'vitest';
import { HostAllowList, parseHost } from './allowed-hosts.js';

describe('parseHost', () => {
  it('reads names, IPv4 and bracketed IPv6 with optional ports, lowercase', () => {
    expect(parseHost('LocalHost:7777')).toEqual({ name: 'localhost', port: 7777 });
    expect(parseHost('[::1]:7777')).toEqual({ name: '[::1]', port: 7777 });
    expect(parseHost('127.0.0.1')).toEqual({ name: '127.0.0.1' });
  });

  it('refuses what is not a host', () => {
    for (const text of ['', 'a b', 'user@host', 'host/path', 'host:99999', '::1', 'host:port']) {
      expect(parseHost(text), text).toBeUndefined();
    }
  });
});

describe('HostAllowList', () => {
  const list = HostAllowList.forBinding('127.0.0.1', 7777, [{ name: 'troupe.lan' }]);

  it('accepts the loopback names with the bound port and extra names on any port', () => {
    for (const host of ['127.0.0.1:7777', 'localhost:7777', '[::1]:7777', 'troupe.lan', 'troupe.lan:8080'])
      expect(list.allows(host), host).toBe(true);
  });

  it('refuses other names, other ports and look-alikes', () => {
    for (const host of ['attacker.example', 'localhost', 'localhost:7778', 'localhost.attacker.example:7777', ''])
      expect(list.allows(host), host).toBe(false);
  });

  it('judges an Origin by its host and port, refusing opaque and non-web origins', () => {
    expect(list.allowsOrigin('http://localhost:7777')).toBe(true);
    expect(list.allowsOrigin('http://evil.example')).toBe(false);
    expect(list.allowsOrigin('null')).toBe(false);
    expect(list.allowsOrigin('file://localhost:7777')).toBe(false);
  });

  it('on a wildcard binding answers to the machine names given, not to the wildcard itself', () => {
    const wide = HostAllowList.forBinding('0.0.0.0', 7777, [], ['Studio', '192.168.1.5']);
    expect(wide.allows('studio:7777')).toBe(true);
    expect(wide.allows('192.168.1.5:7777')).toBe(true);
    expect(wide.allows('0.0.0.0:7777')).toBe(false);
  });

  it('treats port 80 as the Host header leaves it out', () => {
    expect(HostAllowList.forBinding('127.0.0.1', 80, []).allows('localhost')).toBe(true);
  });
});
