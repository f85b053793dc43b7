/**
 * Docker cannot run on our machines, so the deployment file is checked by reading it:
 * the services a production-like deployment needs, pinned images, health checks, and every
 * variable the config module requires in production.
 */
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requiredProductionVariables } from '../../src/config';
import { TRAJECTORY_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

interface ComposeService {
  ports?: string[];
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  restart?: string;
}

const composeText = readFileSync('docker-compose.yml', 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal, the Temporal UI, the api and the worker', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'api', 'worker']),
    );
  });

  it('pins every image to an explicit version tag', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, `${name} has no image`).toBeDefined();
      const tag = service.image!.split(':')[1];
      expect(tag, `${name} image is not pinned`).toMatch(/^v?\d+\.\d+/);
    }
  });

  it('gives every long-running service a health check', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.restart === 'no') continue; // one-shot setup jobs
      expect(service.healthcheck?.test, `${name} has no health check`).toBeDefined();
    }
  });

  it('persists Temporal in PostgreSQL', () => {
    expect(services.temporal?.environment?.DB).toBe('postgres12');
    expect(services.temporal?.environment?.POSTGRES_SEEDS).toBe('postgres');
  });

  it('runs api and worker from one image built by the Dockerfile, with two commands', () => {
    expect(existsSync('Dockerfile')).toBe(true);
    expect(services.api?.build).toBeDefined();
    expect(services.worker?.image).toBe(services.api?.image);
    expect(services.api?.command).toEqual(['api']);
    expect(services.worker?.command).toEqual(['worker']);
  });

  it('provides every variable the config module requires in production to api and worker', () => {
    for (const name of ['api', 'worker']) {
      const environment = services[name]?.environment ?? {};
      expect(environment.NODE_ENV).toBe('production');
      for (const variable of requiredProductionVariables()) {
        expect(environment[variable], `${name} misses ${variable}`).toBeTruthy();
      }
    }
  });

  it('registers every custom search attribute the workflows use', () => {
    for (const key of TRAJECTORY_SEARCH_ATTRIBUTES) {
      expect(composeText).toContain(`${key.name}=`);
    }
  });

  it('publishes the REST API on the host loopback only; DUO reaches only the mutual-TLS listener', () => {
    const ports = services.api?.ports ?? [];
    expect(ports).toContain('127.0.0.1:3000:3000');
    expect(ports.filter((p) => p.endsWith(':3000') && !p.startsWith('127.0.0.1:'))).toEqual([]);
    expect(ports).toContain('3443:3443');
    const environment = services.api?.environment ?? {};
    expect(environment.DUO_NOTIFICATIE_AUTH).toBe('mtls');
    expect(environment.DUO_NOTIFICATIE_PORT).toBe('3443');
    for (const name of [
      'DUO_NOTIFICATIE_TLS_CERT_PATH',
      'DUO_NOTIFICATIE_TLS_KEY_PATH',
      'DUO_NOTIFICATIE_CLIENT_CA_PATH',
    ]) {
      expect(environment[name], name).toMatch(/^\/run\/secrets\//);
    }
    // Inside the container the process must listen beyond its own loopback.
    expect(environment.HOST).toBe('0.0.0.0');
  });

  it('puts the Temporal Web UI behind OIDC, read-only, on the host loopback', () => {
    const ui = services['temporal-ui']!;
    expect(ui.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(ui.environment?.TEMPORAL_AUTH_ENABLED).toBe('true');
    expect(ui.environment?.TEMPORAL_AUTH_TYPE).toBe('oidc');
    expect(ui.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    expect(ui.environment?.TEMPORAL_BATCH_ACTIONS_DISABLED).toBe('true');
    // Decoding through the API's codec endpoint with the person's access token (tenancy there).
    expect(ui.environment?.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
    expect(ui.environment?.TEMPORAL_CODEC_PASS_ACCESS_TOKEN).toBe('true');
    expect(services.api?.environment?.TEMPORAL_CODEC_CORS_ORIGINS).toContain('http://localhost:8080');
    for (const name of [
      'TEMPORAL_AUTH_PROVIDER_URL',
      'TEMPORAL_AUTH_CLIENT_ID',
      'TEMPORAL_AUTH_CLIENT_SECRET',
      'TEMPORAL_AUTH_CALLBACK_URL',
    ]) {
      expect(ui.environment?.[name], name).toBeTruthy();
    }
    expect(composeText).toMatch(/TEMPORAL_AUTH_CLIENT_SECRET: \$\{TEMPORAL_UI_OIDC_CLIENT_SECRET:\?/);
  });

  it('has Prometheus scraping the api and the worker (their /metrics with the token, and the Temporal SDK metrics)', () => {
    const prometheus = services.prometheus!;
    expect(prometheus.ports).toEqual(['127.0.0.1:9090:9090']);
    const config = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: Array<{
        job_name: string;
        authorization?: { credentials_file?: string };
        static_configs: Array<{ targets: string[] }>;
      }>;
    };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets));
    expect(targets).toEqual(expect.arrayContaining(['api:3000', 'worker:3001', 'api:9464', 'worker:9464']));
    for (const job of config.scrape_configs.filter((j) => j.job_name.startsWith('inburgering-'))) {
      expect(job.authorization?.credentials_file, job.job_name).toBe('/prometheus/metrics-token');
    }
    for (const name of ['api', 'worker']) {
      expect(services[name]?.environment?.METRICS_TOKEN, name).toBeTruthy();
      expect(services[name]?.environment?.TEMPORAL_METRICS_BIND, name).toBe('0.0.0.0:9464');
      // The SDK metrics port stays on the compose network.
      expect((services[name]?.ports ?? []).some((p) => p.includes('9464'))).toBe(false);
    }
    expect(composeText).toMatch(/METRICS_TOKEN: \$\{METRICS_TOKEN:\?/);
  });

  it('publishes no other port to every interface', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        if (port === '3443:3443' && name === 'api') continue;
        expect(port, `${name} publishes ${port} on every interface`).toMatch(/^127\.0\.0\.1:/);
      }
    }
  });
});
