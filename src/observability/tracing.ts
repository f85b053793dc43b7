/**
 * OpenTelemetry traces (off by default). With OTEL_EXPORTER_OTLP_ENDPOINT set, a process starts
 * the Node SDK (`@opentelemetry/sdk-node`) exporting over OTLP/HTTP, and Temporal's interceptors
 * (`@temporalio/interceptors-opentelemetry`) carry the trace through the client's signal,
 * update or start into the workflow and its activities: one trace from an HTTP request to the
 * activity that writes its effect (the API's span is made by `httpTracing`, the turn after a
 * signal runs in that signal's context: src/workflows/trajectory/workflow.ts).
 *
 * Privacy: spans carry route patterns (never paths with ids, never query strings), methods,
 * statuses and Temporal's ids (the workflow id is a keyed hash, never a BSN). Every span passes
 * `PrivacySpanProcessor` on its way out: attributes outside an allow-list are dropped, and
 * exception events keep their type but not their message (a message could quote input).
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Context } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import type * as TemporalOtelModule from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { routePatternOf, type RoutedRequest } from './metrics';

// The SDK, the exporter and Temporal's interceptors are loaded only when tracing starts: a
// process without tracing never loads them.
type TemporalOtel = typeof TemporalOtelModule;

export interface Tracing {
  /** Where every span goes (through the privacy filter), also the workflows' spans. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Temporal's interceptors (loaded with the SDK). */
  temporal: TemporalOtel;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** The attributes a span may carry out of the process; anything else is dropped. */
const ALLOWED_ATTRIBUTES = new Set([
  'http.request.method',
  'http.route',
  'http.response.status_code',
  // Temporal's interceptors: ids only (the workflow id is `trajectory-<keyed hash>`).
  'run_id',
  'temporalWorkflowId',
  'temporalActivityId',
  'temporalUpdateId',
]);
const ALLOWED_EVENT_ATTRIBUTES = new Set(['exception.type']);

function allowed(attributes: Attributes, names: Set<string>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => names.has(name)));
}

/** Drops attributes outside the allow-list before a span is exported (see the header). */
export class PrivacySpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    const events: TimedEvent[] = span.events.map((event) => ({
      ...event,
      ...(event.attributes ? { attributes: allowed(event.attributes, ALLOWED_EVENT_ATTRIBUTES) } : {}),
    }));
    // A view of the span (its methods, e.g. spanContext(), stay on the prototype).
    const filtered = Object.create(span, {
      attributes: { value: allowed(span.attributes, ALLOWED_ATTRIBUTES), enumerable: true },
      events: { value: events, enumerable: true },
      // The status message of a failed span is an error message: only the code goes out.
      status: { value: { code: span.status.code }, enumerable: true },
    }) as ReadableSpan;
    this.next.onEnd(filtered);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

let active: Tracing | null = null;

/** The tracing this process started, if any. */
export function activeTracing(): Tracing | null {
  return active;
}

/**
 * Starts tracing when an OTLP endpoint is configured (or a span processor is given: tests pass
 * an in-memory exporter); otherwise nothing is started and null is returned. Once per process.
 */
export async function startTracing(options: {
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://collector:4318 (spans go to `<endpoint>/v1/traces`). */
  endpoint?: string | undefined;
  /** Replaces the OTLP exporter (tests). */
  spanProcessor?: SpanProcessor;
}): Promise<Tracing | null> {
  if (active) return active;
  if (!options.endpoint && !options.spanProcessor) return null;
  const [{ NodeSDK }, { Resource }, { BatchSpanProcessor }, { OTLPTraceExporter }, temporal] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@temporalio/interceptors-opentelemetry'),
  ]);
  const exporting =
    options.spanProcessor ??
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const spanProcessor = new PrivacySpanProcessor(exporting);
  const resource = new Resource({ 'service.name': options.serviceName });
  const sdk = new NodeSDK({
    resource,
    spanProcessors: [spanProcessor],
    // No automatic instrumentation (it would record raw URLs and SQL): the API's span is ours,
    // Temporal's come from its interceptors.
    instrumentations: [],
    autoDetectResources: false,
  });
  sdk.start();
  const tracing: Tracing = {
    spanProcessor,
    resource,
    temporal,
    async shutdown() {
      if (active === tracing) active = null;
      await sdk.shutdown();
    },
  };
  active = tracing;
  return tracing;
}

/** The Temporal client's interceptors: the trace goes along with start, signal and update. */
export function clientTracingInterceptors(tracing: Tracing | null): ClientInterceptors | undefined {
  return tracing ? { workflow: [new tracing.temporal.OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

const requireHere = createRequire(import.meta.url);

/**
 * Worker options for tracing: activity spans, and (with `workflows`) the workflow interceptors,
 * whose spans leave the sandbox through the `exporter` sink. A prebuilt workflow bundle
 * (WORKFLOW_BUNDLE_PATH) must have been built with the same workflow interceptor module
 * (`tracingWorkflowModules()` as bundleWorkflowCode's `workflowInterceptorModules`).
 */
export function workerTracingOptions(
  tracing: Tracing | null,
  options: { workflows: boolean },
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  const { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } =
    tracing.temporal;
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      ...(options.workflows ? { workflowModules: tracingWorkflowModules() } : {}),
    },
    ...(options.workflows
      ? { sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }
      : {}),
  };
}

/** The workflow interceptor module of `@temporalio/interceptors-opentelemetry`. */
export function tracingWorkflowModules(): string[] {
  return [requireHere.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];
}

/**
 * Express middleware: one SERVER span per request, named `<METHOD> <route pattern>` once the
 * route is known (e.g. `POST /partner/trajectories/:id/events`), continuing a caller's W3C
 * `traceparent`. The rest of the request (the Temporal client's calls) runs in its context.
 * Without tracing the API's tracer is a no-op.
 */
export function httpTracing() {
  const tracer = trace.getTracer('inburgering-api');
  return (req: RoutedRequest & IncomingMessage, res: ServerResponse, next: () => void): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const method = req.method ?? 'GET';
    const span = tracer.startSpan(
      `${method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routePatternOf(req);
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
