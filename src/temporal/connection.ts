/**
 * Client connections to Temporal. API and scripts use `connectClient`; the worker builds its
 * own NativeConnection (src/worker.ts). Both use the same data converter, so payloads are
 * encoded the same way everywhere.
 */
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

export interface TemporalTarget {
  address: string;
  namespace: string;
  dataConverter?: DataConverter;
  /** E.g. tracing's (src/observability/tracing.ts). */
  interceptors?: ClientInterceptors;
}

export async function connectClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({ address: target.address });
  return new Client({
    connection,
    namespace: target.namespace,
    dataConverter: target.dataConverter,
    ...(target.interceptors ? { interceptors: target.interceptors } : {}),
  });
}
