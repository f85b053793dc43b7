/**
 * Tracing is off by default and, when configured, exports over OTLP/HTTP (to a receiver on
 * loopback here); what leaves the process passes the privacy filter. The chain through
 * Temporal is tested in test/api/tracing.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  clientTracingInterceptors,
  PrivacySpanProcessor,
  startTracing,
  workerTracingOptions,
} from '../../src/observability/tracing';

const received: Array<{ path: string; body: string }> = [];
let receiver: http.Server;
let endpoint: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe('tracing', () => {
  it('is off by default: no endpoint, no SDK, no interceptors', async () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const tracing = await startTracing({ serviceName: 'x', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
    expect(tracing).toBeNull();
    expect(clientTracingInterceptors(tracing)).toBeUndefined();
    expect(workerTracingOptions(tracing, { workflows: true })).toEqual({});
  });

  it('refuses an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('keeps only allowed attributes, and no exception or status message', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new PrivacySpanProcessor(new SimpleSpanProcessor(exporter))],
    });
    const span = provider.getTracer('t').startSpan('POST /trajectories', {
      attributes: {
        'http.route': '/trajectories',
        'url.full': 'http://x/trajectories?bsn=123456782',
        bsn: '123456782',
      },
    });
    span.recordException(new Error('BSN 123456782 van A. Voorbeeld'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'A. Voorbeeld' });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    expect(exported!.attributes).toEqual({ 'http.route': '/trajectories' });
    expect(exported!.events[0]!.attributes).toEqual({ 'exception.type': 'Error' });
    expect(exported!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(exported!.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(JSON.stringify(exported!.attributes) + JSON.stringify(exported!.events)).not.toContain('123456782');
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, exports spans over OTLP/HTTP to <endpoint>/v1/traces', async () => {
    const config = loadConfig({ NODE_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const tracing = await startTracing({
      serviceName: 'inburgering-api',
      endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    });
    expect(tracing).not.toBeNull();
    expect(clientTracingInterceptors(tracing)?.workflow).toHaveLength(1);
    expect(Object.keys(workerTracingOptions(tracing, { workflows: true }))).toEqual(['interceptors', 'sinks']);
    trace
      .getTracer('probe')
      .startSpan('probe-span', { attributes: { 'http.route': '/probe', naam: 'Voorbeeld' } })
      .end();
    await tracing!.shutdown(); // flushes the batch
    const traces = received.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const body = traces.map((r) => r.body).join('\n');
    expect(body).toContain('probe-span');
    expect(body).toContain('inburgering-api');
    expect(body).toContain('/probe');
    expect(body).not.toContain('Voorbeeld');
  });
});
