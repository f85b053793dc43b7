/**
 * Child process of test/integrations/temporal-runtime.test.ts: installs the Temporal runtime
 * as the service does (src/temporal/runtime.ts) with pino on stdout, runs a worker of the real
 * workflows (bundling, polling) and a workflow that logs, scrapes the runtime's Prometheus
 * endpoint, and prints the scrape to stderr between markers. Args: temporal address, metrics bind.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createLogger } from '../../../src/logger';
import { installTemporalRuntime } from '../../../src/temporal/runtime';
import { WORKFLOWS_PATH } from '../../../src/worker';

const [address, bind] = process.argv.slice(2) as [string, string];
const logger = createLogger({ level: 'info', name: 'runtime-probe' });
installTemporalRuntime({ logger, metricsBindAddress: bind });

const taskQueue = `runtime-probe-${randomUUID()}`;
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({ connection, taskQueue, workflowsPath: WORKFLOWS_PATH, activities: {} });
const scraped = await worker.runUntil(async () => {
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection });
  // An unknown workflow type: the worker logs a failed workflow task through the SDK's logger.
  const handle = await client.workflow.start('bestaatNiet', { taskQueue, workflowId: `probe-${randomUUID()}` });
  const deadline = Date.now() + 30_000;
  let text = '';
  while (Date.now() < deadline) {
    const res = await fetch(`http://${bind}/metrics`).catch(() => undefined);
    text = res ? await res.text() : '';
    if (
      text.includes('temporal_workflow_task_execution_failed') ||
      text.includes('temporal_workflow_task_queue_poll_succeed')
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await handle.terminate('probe klaar');
  await clientConnection.close();
  return text;
});
await connection.close();
process.stderr.write(`--- metrics ---\n${scraped}\n--- end ---\n`);
