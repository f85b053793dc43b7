/**
 * Starts one Temporal dev server for the integration tests of a run and tells the test files
 * its address (each file uses its own task queue and its own database, so no test depends on
 * another's data).
 */
import type { TestProject } from 'vitest/node';
import { createDevServerEnv } from './temporal';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = await createDevServerEnv();
  project.provide('temporalAddress', env.address);
  return async () => {
    await env.teardown();
  };
}
