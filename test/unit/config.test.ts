import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requiredProductionVariables } from '../../src/config';

describe('config', () => {
  it('starts on a fresh clone with development defaults for every variable', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.GEMEENTEN).toEqual(['altena', 'drimmelen', 'geertruidenberg', 'oosterhout']);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('stops with a message naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'geen-poort' })).toThrow(/TEMPORAL_ADDRESS/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ GEMEENTEN: 'Altena!' })).toThrow(/GEMEENTEN/);
  });

  it('has no development defaults in production: missing secrets and servers are named', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const variable of requiredProductionVariables()) expect(message).toContain(variable);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db:5432/inburgering',
      TEMPORAL_ADDRESS: 'temporal:7233',
      PSEUDONYM_KEY: 'a-long-production-secret',
      GEMEENTEN: 'altena, oosterhout',
    });
    expect(config.GEMEENTEN).toEqual(['altena', 'oosterhout']);
  });
});
