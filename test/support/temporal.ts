/**
 * Temporal test environments backed by the executables from the project's .venv
 * (no download at test time).
 */
import { SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { requireBinary, TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH } from '../../src/temporal/binaries';
import { TRAJECTORY_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

/** The Java time-skipping test server: workflow tests move time with env.sleep(). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireBinary(TEMPORAL_TEST_SERVER_PATH) } },
  });
  // The test server knows no custom search attributes until they are added.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      TRAJECTORY_SEARCH_ATTRIBUTES.map((key) => [key.name, indexedValueType(key.type)]),
    ),
  });
  return env;
}

/** temporal.api.enums.v1.IndexedValueType numbers for the types we use. */
function indexedValueType(type: string): number {
  const types: Record<string, number> = { [SearchAttributeType.KEYWORD]: 2, [SearchAttributeType.DATETIME]: 6 };
  const value = types[type];
  if (value === undefined) throw new Error(`search attribute type ${type} not mapped`);
  return value;
}

/** A real `temporal server start-dev` (in memory) with our search attributes registered. */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireBinary(TEMPORAL_CLI_PATH) },
      searchAttributes: TRAJECTORY_SEARCH_ATTRIBUTES,
    },
  });
}
