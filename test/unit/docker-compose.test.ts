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
      expect(tag, `${name} image is not pinned`).toMatch(/^\d+\.\d+/);
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
});
