/**
 * The bare baseline's worker as a process of its own (`node --import tsx bench/baseline-worker.ts`),
 * started by `npm run bench` beside the subject's worker process (`src/main.ts worker`): both
 * targets run as deployed, each worker in its own process, and the bench process is only the
 * load generator. Environment: TEMPORAL_ADDRESS, BENCH_TASK_QUEUE, BENCH_BUNDLE_PATH (the
 * bundled bench/baseline-workflow.ts) and BENCH_READY_FILE (written once the worker polls).
 */
import { writeFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} ontbreekt`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: required('BENCH_TASK_QUEUE'),
    workflowBundle: { codePath: required('BENCH_BUNDLE_PATH') },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  const running = worker.run();
  writeFileSync(required('BENCH_READY_FILE'), 'ready\n');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
