/**
 * The embedded Temporal dev server of `npm start`: its Web UI has no sign-in, roles, tenancy or
 * audit of its own, so it and the frontend listen on loopback only (issue 14, Temporal Web UI).
 */
import { describe, expect, it } from 'vitest';
import { devServerArgs } from '../../src/runtime/dev-temporal';

const valueOf = (args: string[], flag: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};

describe('embedded Temporal dev server', () => {
  it('binds the frontend and the Web UI to 127.0.0.1, and points the UI at the codec endpoint', () => {
    const args = devServerArgs({
      dataDir: '/tmp/x',
      port: 7233,
      uiPort: 8233,
      codecEndpoint: 'http://127.0.0.1:3000/codec',
    });
    expect(valueOf(args, '--ip')).toBe('127.0.0.1');
    expect(valueOf(args, '--ui-ip')).toBe('127.0.0.1');
    expect(valueOf(args, '--ui-port')).toBe('8233');
    expect(valueOf(args, '--ui-codec-endpoint')).toBe('http://127.0.0.1:3000/codec');
    expect(args.join(' ')).not.toContain('0.0.0.0');
  });
});
