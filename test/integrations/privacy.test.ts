/**
 * AVG: personal data never reaches Temporal in readable form, and never reaches the logs.
 * Reads the RAW workflow history from the Temporal server (no codec) after a trajectory was
 * started with BSN, naam and geboortedatum, went through a brede intake with a free-text
 * note (health data), and received DUO notifications (which carry the BSN), and searches it
 * for those values, plain and base64. Also checks the captured API log lines.
 */
import { temporal } from '@temporalio/proto';
import { PATCHES } from '../../src/workflows/trajectory/context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duoSystemPrincipal } from '../../src/api/duo/wiring';
import { startTrajectory, type StartedTrajectory } from '../../src/api/trajectories/start-trajectory';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import {
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  trajectoryWorkflowId,
  vaststellenPipUpdate,
} from '../../src/workflows/trajectory/messages';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDuoStack, type DuoStack } from './support/duo-stack';

const BSN = '123456782';
const NAAM = 'Fatima Zahra El Idrissi';
const GEBOORTEDATUM = '1987-04-23';
const INTAKE_TEXT = 'Heeft suikerziekte en slaapt slecht sinds de vlucht';

let s: DuoStack;
/** Everything the worker side logs (SDK, workflows, activities), captured at TRACE level. */
const workerLogLines: string[] = [];
beforeAll(async () => {
  // Installed before any worker exists in this test process: the worker's logs are checked too.
  Runtime.install({
    logger: new DefaultLogger('TRACE', (entry) =>
      workerLogLines.push(
        JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      ),
    ),
  });
  s = await createDuoStack();
});
afterAll(async () => {
  await s?.close();
});

function forms(value: string): string[] {
  return [value, Buffer.from(value).toString('base64'), Buffer.from(JSON.stringify(value)).toString('base64')];
}

function encodings(node: unknown, found: string[] = []): string[] {
  if (!node || typeof node !== 'object') return found;
  if (Array.isArray(node)) {
    for (const item of node) encodings(item, found);
    return found;
  }
  const record = node as Record<string, unknown>;
  if ('payloads' in record && Array.isArray(record.payloads)) {
    for (const payload of record.payloads as { metadata?: Record<string, Uint8Array> }[]) {
      const encoding = payload.metadata?.encoding;
      found.push(encoding ? Buffer.from(encoding).toString('utf8') : '(none)');
    }
  }
  for (const value of Object.values(record)) if (!(value instanceof Uint8Array)) encodings(value, found);
  return found;
}

describe('privacy', () => {
  it('raw Temporal history holds no BSN, name, birth date or intake text; its payloads are encrypted; logs hold none either', async () => {
    // A trajectory with personal data, started as the API does.
    const started = (await startTrajectory({
      deps: s.apiDeps,
      principal: { ...duoSystemPrincipal('altena'), subject: 'consulent-test', role: 'consulent' },
      body: {
        bsn: BSN,
        naam: NAAM,
        geboortedatum: GEBOORTEDATUM,
        gemeente: 'altena',
        targetGroup: 'asielstatushouder',
        ondertussengroep: false,
        onBijstand: true,
        dates: { koppeling: '2026-01-05', inschrijving: '2026-02-01' },
      },
    })) as StartedTrajectory;
    const handle = s.client.workflow.getHandle(trajectoryWorkflowId(started.trajectoryId));

    await handle.executeUpdate(recordWarmeOverdrachtUpdate, {
      args: [{ date: '2026-02-10', form: 'VIDEO', backgroundHandedOver: true }],
    });
    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: '2026-02-10', scope: ['TAALAANBIEDER'] }] });
    // The API stores intake notes in PostgreSQL only; the workflow gets the checklist.
    await s.db.prisma.intakeNote.create({
      data: {
        trajectoryId: started.trajectoryId,
        leefgebied: 'fysieke_gezondheid',
        text: INTAKE_TEXT,
        authorId: 'consulent-test',
      },
    });
    await handle.executeUpdate(recordBredeIntakeUpdate, {
      args: [
        {
          date: '2026-02-20',
          leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((g) => [g, true])) as never,
          leerbaarheidstoets: 'B1_HAALBAAR',
        },
      ],
    });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: '2026-03-01', leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });

    // DUO notifications about the same person (they carry the BSN).
    s.sim.seedPerson(BSN, { termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' } });
    expect((await s.sim.notify({ bsn: BSN, gebeurtenisId: 'SS102' })).status).toBe(201);
    await expect
      .poll(async () => (await s.db.prisma.inboxEvent.findFirst({ where: { type: 'SS102' } }))?.status, {
        timeout: 20_000,
      })
      .toBe('DELIVERED');
    await expect
      .poll(
        async () =>
          ((await handle.fetchHistory()).events ?? []).some((e) => e.workflowExecutionSignaledEventAttributes),
        { timeout: 20_000 },
      )
      .toBe(true);

    // RAW history, straight from the server's gRPC API, no data converter involved.
    const raw = await s.connection.workflowService.getWorkflowExecutionHistory({
      namespace: s.config.TEMPORAL_NAMESPACE,
      execution: { workflowId: trajectoryWorkflowId(started.trajectoryId) },
    });
    const bytes = Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(raw).finish());
    const asText = bytes.toString('latin1');
    const asJson = JSON.stringify(
      temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.toObject(raw as never, { bytes: String }),
    );
    expect(raw.history?.events?.length ?? 0).toBeGreaterThan(10);
    for (const secret of [BSN, NAAM, GEBOORTEDATUM, INTAKE_TEXT, 'suikerziekte']) {
      for (const form of forms(secret)) {
        expect(asText, `raw history bytes contain ${secret}`).not.toContain(form);
        expect(asJson, `raw history contains ${secret}`).not.toContain(form);
      }
    }
    // Every payload (inputs, signals, updates, activity arguments and results) is encrypted.
    // The exceptions are written by the SDK itself, not through the data converter: the patch
    // markers of workflow versioning (nothing but the patch id) and the bookkeeping of a local
    // activity's marker (sequence, attempt, activity id and type, times); the local activity's
    // result in that marker is encrypted like every other payload.
    const events = raw.history?.events ?? [];
    const markers = events.filter((event) => event.markerRecordedEventAttributes);
    const LOCAL_ACTIVITY_BOOKKEEPING = [
      'seq',
      'attempt',
      'activity_id',
      'activity_type',
      'complete_time',
      'backoff',
      'original_schedule_time',
    ];
    const localActivityResults: string[] = [];
    for (const event of markers) {
      const marker = event.markerRecordedEventAttributes!;
      const details = marker.details ?? {};
      if (marker.markerName === 'core_local_activity') {
        for (const payload of details.data?.payloads ?? []) {
          const bookkeeping = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as Record<string, unknown>;
          expect(LOCAL_ACTIVITY_BOOKKEEPING).toEqual(expect.arrayContaining(Object.keys(bookkeeping)));
          expect(bookkeeping.activity_type).toBe('applyTrajectoryTurn');
        }
        localActivityResults.push(...encodings(details.result ?? {}));
        continue;
      }
      for (const payloads of Object.values(details))
        for (const payload of payloads.payloads ?? []) {
          const text = Buffer.from(payload.data ?? []).toString('utf8');
          expect(
            Object.values(PATCHES as Record<string, string>).some((id) => text.includes(id)),
            text,
          ).toBe(true);
        }
    }
    const seen = [
      ...encodings(events.filter((event) => !event.markerRecordedEventAttributes)),
      ...localActivityResults,
    ];
    expect(localActivityResults.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(10);
    expect(new Set(seen)).toEqual(new Set(['binary/encrypted']));

    // Logs of the API process (request log, DUO router) and of the worker hold none of it either.
    expect(s.logLines.length).toBeGreaterThan(0);
    expect(workerLogLines.length).toBeGreaterThan(0);
    const logs = [...s.logLines, ...workerLogLines].join('\n');
    for (const secret of [BSN, NAAM, GEBOORTEDATUM, INTAKE_TEXT]) expect(logs).not.toContain(secret);
  });
});
