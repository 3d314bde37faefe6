import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('names a short TROUPE_API_KEY as the problem without echoing the key', () => {
    const key = 'hunter2-secret';
    let message = '';
    try {
      loadConfig({ TROUPE_API_KEY: key });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TROUPE_API_KEY.*is invalid \(use at least 16 characters\)/);
    expect(message).not.toContain(key);
    expect(message).not.toContain('hunter2');
  });

  it('never echoes a secret, while other bad values are shown', () => {
    let message = '';
    try {
      loadConfig({ TROUPE_API_KEY: 'short-key', REPLICATE_API_TOKEN: '', TROUPE_PORT: 'eighty' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TROUPE_PORT="eighty"');
    expect(message).not.toContain('short-key');
  });

  it('reads TROUPE_ALLOWED_HOSTS as a list and refuses an entry that is not a host', () => {
    expect(loadConfig({ TROUPE_ALLOWED_HOSTS: 'Troupe.lan:7777, 192.168.1.20 ,[::1]:80' }).http.allowedHosts).toEqual([
      'troupe.lan:7777',
      '192.168.1.20',
      '[::1]:80',
    ]);
    expect(loadConfig({}).http.allowedHosts).toEqual([]);
    expect(() => loadConfig({ TROUPE_ALLOWED_HOSTS: 'http://troupe.lan/' })).toThrow(
      /TROUPE_ALLOWED_HOSTS="http:\/\/troupe.lan\/" is invalid \(use a comma-separated list of host names/,
    );
  });
});
