import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  developmentKeysAllowed,
  loadConfig,
  policyFor,
  requiredProductionVariables,
} from '../../src/config';

/** A complete production environment (no development defaults apply there). */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://u:p@db:5432/inburgering',
  TEMPORAL_ADDRESS: 'temporal:7233',
  PSEUDONYM_KEY: 'a-long-production-secret',
  TEMPORAL_CODEC_KEYS: 'k1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
  TEMPORAL_CODEC_CURRENT_KEY_ID: 'k1',
};

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
      TEMPORAL_CODEC_KEYS: 'k1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
      TEMPORAL_CODEC_CURRENT_KEY_ID: 'k1',
      GEMEENTEN: 'altena, oosterhout',
    });
    expect(config.GEMEENTEN).toEqual(['altena', 'oosterhout']);
  });

  it('requires PKIoverheid client certificate and key for an https DUO endpoint in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db:5432/inburgering',
      TEMPORAL_ADDRESS: 'temporal:7233',
      PSEUDONYM_KEY: 'a-long-production-secret',
      TEMPORAL_CODEC_KEYS: 'k1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
      TEMPORAL_CODEC_CURRENT_KEY_ID: 'k1',
      DUO_BASE_URL: 'https://duo.example.nl',
      DUO_OIN: '00000001800866472000',
      DUO_GEMEENTE_OINS: 'altena:00000001001234567000',
    };
    expect(() => loadConfig(production)).toThrow(/DUO_TLS_CERT_PATH[\s\S]*DUO_TLS_KEY_PATH/);
    const withNotificatieTls = {
      ...production,
      DUO_NOTIFICATIE_TLS_CERT_PATH: '/certs/server.pem',
      DUO_NOTIFICATIE_TLS_KEY_PATH: '/certs/server.key',
      DUO_NOTIFICATIE_CLIENT_CA_PATH: '/certs/pkioverheid-ca.pem',
    };
    expect(() =>
      loadConfig({ ...withNotificatieTls, DUO_TLS_CERT_PATH: '/certs/pkio.pem', DUO_TLS_KEY_PATH: '/certs/pkio.key' }),
    ).not.toThrow();
  });

  it("never serves DUO's Notificatie API without verifying DUO's certificate (mtls or a named proxy)", () => {
    const withDuo = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db:5432/inburgering',
      TEMPORAL_ADDRESS: 'temporal:7233',
      PSEUDONYM_KEY: 'a-long-production-secret',
      TEMPORAL_CODEC_KEYS: 'k1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
      TEMPORAL_CODEC_CURRENT_KEY_ID: 'k1',
      DUO_BASE_URL: 'http://duo.example.nl',
      DUO_OIN: '00000001800866472000',
      DUO_GEMEENTE_OINS: 'altena:00000001001234567000',
    };
    expect(() => loadConfig(withDuo)).toThrow(
      /DUO_NOTIFICATIE_TLS_CERT_PATH[\s\S]*DUO_NOTIFICATIE_TLS_KEY_PATH[\s\S]*DUO_NOTIFICATIE_CLIENT_CA_PATH/,
    );
    expect(() => loadConfig({ ...withDuo, DUO_NOTIFICATIE_AUTH: 'proxy' })).toThrow(
      /DUO_NOTIFICATIE_CERT_HEADER[\s\S]*DUO_NOTIFICATIE_TRUSTED_PROXIES/,
    );
    expect(() =>
      loadConfig({
        ...withDuo,
        DUO_NOTIFICATIE_AUTH: 'proxy',
        DUO_NOTIFICATIE_CERT_HEADER: 'x-ssl-client-cert',
        DUO_NOTIFICATIE_TRUSTED_PROXIES: '10.0.0.5',
      }),
    ).not.toThrow();
  });

  it('binds to loopback by default and allows the development keys only in development on loopback', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(developmentKeysAllowed(loadConfig({ NODE_ENV: 'development' }))).toBe(true);
    expect(developmentKeysAllowed(loadConfig({ NODE_ENV: 'development', HOST: '::1' }))).toBe(true);
    expect(developmentKeysAllowed(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }))).toBe(false);
    expect(developmentKeysAllowed(loadConfig({ NODE_ENV: 'development', HOST: '192.168.1.20' }))).toBe(false);
    expect(developmentKeysAllowed(loadConfig({ NODE_ENV: 'test' }))).toBe(false);
    expect(developmentKeysAllowed({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toBe(false);
  });

  it('needs the OINs whenever a DUO endpoint is configured', () => {
    const production = PRODUCTION;
    expect(() => loadConfig({ ...production, DUO_BASE_URL: 'http://duo-intern:8080' })).toThrow(
      /DUO_OIN[\s\S]*DUO_GEMEENTE_OINS/,
    );
    expect(() => loadConfig({ ...production, DUO_BASE_URL: '' })).not.toThrow();
  });

  it('refuses the development identity provider in production; a real one needs its secrets', () => {
    const production = PRODUCTION;
    expect(() => loadConfig({ ...production, WERKPLEK_DEV_IDP: 'true' })).toThrow(
      /WERKPLEK_DEV_IDP: .*niet toegestaan in productie/,
    );
    expect(() => loadConfig({ ...production, OIDC_ISSUER: 'https://login.altena.example/realms/gemeente' })).toThrow(
      /OIDC_CLIENT_SECRET[\s\S]*SESSION_SECRET/,
    );
    const config = loadConfig({
      ...production,
      OIDC_ISSUER: 'https://login.altena.example/realms/gemeente',
      OIDC_CLIENT_SECRET: 'client-secret',
      SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
      OIDC_ROLE_VALUES: '{"IBO-Consulent":"consulent"}',
    });
    expect(config.OIDC_ROLE_VALUES).toEqual({ 'IBO-Consulent': 'consulent' });
    expect(config.SESSION_IDLE_MINUTES).toBe(30);
  });

  it('reads the worker cache and database pool sizes, refusing nonsense', () => {
    const config = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '5000', DATABASE_POOL_MAX: '40' });
    expect(config.WORKER_MAX_CACHED_WORKFLOWS).toBe(5000);
    expect(config.DATABASE_POOL_MAX).toBe(40);
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('gives each gemeente its own policy over the framework defaults (one PIP bijstelling)', () => {
    const config = loadConfig({ GEMEENTE_POLICIES: '{"oosterhout":{"maxPipBijstellingen":2}}' });
    expect(policyFor(config, 'oosterhout').maxPipBijstellingen).toBe(2);
    expect(policyFor(config, 'oosterhout').pipWarningDaysBefore).toBe(14);
    expect(policyFor(config, 'altena').maxPipBijstellingen).toBe(1);
  });

  it('passes a gemeente’s follow-up days and verzuim threshold through, and refuses ones out of range', () => {
    const config = loadConfig({ GEMEENTE_POLICIES: '{"altena":{"opvolgingDagen":10,"verzuimDrempelUren":12}}' });
    expect(policyFor(config, 'altena')).toMatchObject({ opvolgingDagen: 10, verzuimDrempelUren: 12 });
    expect(policyFor(config, 'drimmelen').opvolgingDagen).toBeUndefined();
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{"altena":{"opvolgingDagen":0}}' })).toThrow(
      /GEMEENTE_POLICIES\.altena: De termijn voor een opvolgtaak/,
    );
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{"altena":{"verzuimDrempelUren":500}}' })).toThrow(
      /GEMEENTE_POLICIES\.altena: De drempel voor verzuim/,
    );
  });

  it('refuses a gemeente policy that would break the law, an unknown gemeente, or malformed JSON', () => {
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{"altena":{"maxPipBijstellingen":0}}' })).toThrow(
      /GEMEENTE_POLICIES\.altena: Het maximum aantal PIP-bijstellingen/,
    );
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{"breda":{}}' })).toThrow(/onbekende gemeente breda/);
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{nee' })).toThrow(/GEMEENTE_POLICIES: geen geldige JSON/);
    expect(() => loadConfig({ GEMEENTE_POLICIES: '{"altena":{"maxBijstellingen":2}}' })).toThrow(/GEMEENTE_POLICIES/);
  });

  it('reads the DUO contact data per gemeente and refuses an invalid e-mail address', () => {
    const config = loadConfig({
      DUO_CONTACT_TEAMS: '{"drimmelen":{"email":"inburgering@drimmelen.nl","telefoonnummer":"0162-690690"}}',
    });
    expect(config.DUO_CONTACT_TEAMS.drimmelen?.email).toBe('inburgering@drimmelen.nl');
    expect(() =>
      loadConfig({ DUO_CONTACT_TEAMS: '{"drimmelen":{"email":"geen-adres","telefoonnummer":"0162-690690"}}' }),
    ).toThrow(/DUO_CONTACT_TEAMS/);
  });
});
