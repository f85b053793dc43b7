/**
 * Outbox delivery against a local partner simulator (signature check, scripted answers) and
 * the DUO simulator (spec validation of every request), with a real PostgreSQL database.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../support/failures';
import { createOutboxActivities } from '../../src/activities/outbox';
import { createOutboxDeliveryActivities } from '../../src/activities/outbox-delivery';
import { DELIVERY_REJECTED, DELIVERY_UNAVAILABLE } from '../../src/temporal/activity-presets';
import type { OutboundMessage } from '../../src/workflows/trajectory/messages';
import { taskAudience } from '../../src/domain/tasks';
import { createDuoClient } from '../../src/integrations/duo/client';
import { buildDuoClients } from '../../src/runtime/composition';
import type { Config } from '../../src/config';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../scripts/duo/simulator';
import { startPartnerSimulator, type PartnerSimulator } from '../../scripts/partner-simulator';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../src/integrations/smtp';
import { decodeQuotedPrintable } from '../../src/runtime/mail-sink';

const KEY_OLD = 'partner-key-one-partner-key-one-0001';
const KEY_NEW = 'partner-key-two-partner-key-two-0002';
const TRAJECTORY = 'traj-outbox-1';
const NO_CONSENT = 'traj-outbox-2';
const BSN = '123456782';

let db: TestDatabase;
let partner: PartnerSimulator;
let duoSim: DuoSimulator;
let outbox: ReturnType<typeof createOutboxActivities> & ReturnType<typeof createOutboxDeliveryActivities>;
let counter = 0;

/** The machtiging the workflow of each test trajectory decided on (sent along with partner messages). */
const CONSENT: Record<string, string[]> = {
  [TRAJECTORY]: ['TAALAANBIEDER'],
  [NO_CONSENT]: ['ONTZORGEN'],
  'traj-badsig': ['TAALAANBIEDER'],
};

async function enqueue(trajectoryId: string, recipient: 'TAALAANBIEDER' | 'DUO', type: string, payload: object) {
  const key = `trajectory-${trajectoryId}/outbox/test-${++counter}`;
  const message = { recipient, type, payload } as OutboundMessage;
  const consent = recipient === 'DUO' ? {} : { consent: { scope: CONSENT[trajectoryId] ?? [], stateVersion: 1 } };
  await outbox.enqueueOutboundMessage({ key, trajectoryId, message, ...consent });
  return key;
}

beforeAll(async () => {
  db = await createTestDatabase();
  // The partner accepts the old and the new key (rotation); we sign with the new one.
  partner = await startPartnerSimulator({ keyring: { currentKeyId: 'k2', keys: { k1: KEY_OLD, k2: KEY_NEW } } });
  duoSim = await startDuoSimulator();
  outbox = {
    ...createOutboxActivities({ prisma: db.prisma }),
    ...createOutboxDeliveryActivities({
      prisma: db.prisma,
      keyrings: {
        'taal-breda': { currentKeyId: 'k2', keys: { k1: KEY_OLD, k2: KEY_NEW } },
        'taal-kwaad': { currentKeyId: 'x', keys: { x: 'x'.repeat(40) } },
      },
      timeoutMs: 2_000,
      duo: {
        duo: createDuoClient({ baseUrl: duoSim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN }),
        today: () => '2026-06-01',
      },
    }),
  };
  const p = db.prisma;
  await p.partner.create({
    data: { id: 'taal-breda', kind: 'TAALAANBIEDER', name: 'Taalschool Breda', endpointUrl: partner.deliveryUrl },
  });
  for (const id of [TRAJECTORY, NO_CONSENT]) {
    await p.trajectory.create({
      data: {
        id,
        workflowId: `trajectory-${id}`,
        gemeente: 'altena',
        targetGroup: 'asielstatushouder',
        phase: 'LEERROUTE',
      },
    });
    await p.person.create({
      data: {
        trajectoryId: id,
        gemeente: 'altena',
        bsn: id === TRAJECTORY ? BSN : '111222333',
        bsnHash: `h-${id}`,
        naam: 'Amina Yusuf',
      },
    });
    await p.partnerAssignment.create({ data: { partnerId: 'taal-breda', trajectoryId: id } });
  }
});

afterAll(async () => {
  await partner?.close();
  await duoSim?.close();
  await db?.drop();
});

afterEach(() => {
  expect(duoSim.violations()).toEqual([]);
});

describe('messages that wait instead of failing', () => {
  it('DUO not configured: the DUO message waits visibly (WACHT_OP_DUO), no failure, no task', async () => {
    const withoutDuo = createOutboxDeliveryActivities({ prisma: db.prisma });
    const key = await enqueue(TRAJECTORY, 'DUO', 'MAP_EINDGESPREK', { datumEindgesprek: '2026-05-20' });
    await expect(withoutDuo.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'WAITING' });
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'WACHT_OP_DUO',
      lastError: 'wacht op DUO-koppeling',
    });
    expect(await db.prisma.task.count({ where: { key: { startsWith: key } } })).toBe(0);
    // Once DUO is configured the same message is delivered.
    duoSim.seedPerson(BSN, {
      pip: { dagtekeningPip: '2026-03-01', leerroute: 'Z' },
      pipHistory: [{ dagtekeningPip: '2026-03-01', leerroute: 'Z' }],
      termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' },
      map: undefined,
    });
    await expect(outbox.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'DELIVERED' });
  });

  it('a gemeente without an OIN in DUO_GEMEENTE_OINS: the DUO message waits visibly (WACHT_OP_DUO), not retried', async () => {
    const id = 'traj-no-oin';
    await db.prisma.trajectory.create({
      data: {
        id,
        workflowId: `trajectory-${id}`,
        gemeente: 'drimmelen',
        targetGroup: 'asielstatushouder',
        phase: 'LEERROUTE',
      },
    });
    await db.prisma.person.create({
      data: { trajectoryId: id, gemeente: 'drimmelen', bsn: BSN, bsnHash: `h-${id}`, naam: 'Amina Yusuf' },
    });
    // As the worker builds it: DUO configured, but only altena has an OIN.
    const config = {
      DUO_BASE_URL: duoSim.url,
      DUO_OIN: SIM_DUO_OIN,
      DUO_GEMEENTE_OINS: [`altena:${SIM_GEMEENTE_OIN}`],
      DUO_TIMEOUT_MS: 5_000,
    } as Config;
    const onlyAltena = createOutboxDeliveryActivities({
      prisma: db.prisma,
      duo: { duo: buildDuoClients(config)!, today: () => '2026-06-01' },
    });
    const key = await enqueue(id, 'DUO', 'MAP_EINDGESPREK', { datumEindgesprek: '2026-05-20' });
    const writesBefore = duoSim.received.length;
    // Once, and again: it waits each time (no retryable failure, so no retries for ever).
    for (let i = 0; i < 2; i++) {
      await expect(onlyAltena.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'WAITING' });
    }
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'WACHT_OP_DUO',
      lastError: 'wacht op DUO-koppeling: voor gemeente drimmelen is geen OIN ingesteld (DUO_GEMEENTE_OINS)',
      attempts: 0,
    });
    expect(duoSim.received.length).toBe(writesBefore);
    expect(await db.prisma.task.count({ where: { key: { startsWith: key } } })).toBe(0);
  });

  it('no partner of the kind assigned: WACHT_OP_PARTNER and one "wijs een aanbieder toe" task per kind', async () => {
    const id = 'traj-no-partner';
    await db.prisma.trajectory.create({
      data: { id, workflowId: `trajectory-${id}`, gemeente: 'altena', targetGroup: 'asielstatushouder', phase: 'PIP' },
    });
    CONSENT[id] = ['TAALAANBIEDER'];
    const first = await enqueue(id, 'TAALAANBIEDER', 'AANMELDING_LEERROUTE', { start: '2026-06-01' });
    const second = await enqueue(id, 'TAALAANBIEDER', 'PIP_BIJGESTELD', { route: 'B1' });
    for (const key of [first, second]) {
      await expect(outbox.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'WAITING' });
      expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
        status: 'WACHT_OP_PARTNER',
        lastError: 'wacht op toewijzing van een TAALAANBIEDER-partner',
      });
    }
    const tasks = await db.prisma.task.findMany({ where: { trajectoryId: id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: 'AANBIEDER_TOEWIJZEN', audience: 'CONSULENT' });
    expect(tasks[0]!.title).toBe(
      'Wijs een aanbieder toe (TAALAANBIEDER): een bericht wacht op een partner van die soort',
    );
  });

  it('an assigned partner without endpoint: FAILED, and the task says exactly that', async () => {
    const id = 'traj-no-endpoint';
    await db.prisma.trajectory.create({
      data: { id, workflowId: `trajectory-${id}`, gemeente: 'altena', targetGroup: 'asielstatushouder', phase: 'PIP' },
    });
    await db.prisma.partner.create({ data: { id: 'taal-leeg', kind: 'TAALAANBIEDER', name: 'Taalschool Leeg' } });
    await db.prisma.partnerAssignment.create({ data: { partnerId: 'taal-leeg', trajectoryId: id } });
    CONSENT[id] = ['TAALAANBIEDER'];
    const key = await enqueue(id, 'TAALAANBIEDER', 'AANMELDING_LEERROUTE', { start: '2026-06-01' });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure.nonRetryable).toBe(true);
    const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/aflevering-mislukt` } });
    expect(task.title).toBe(
      'Bericht AANMELDING_LEERROUTE niet afgeleverd aan Taalschool Leeg: geen endpoint-URL ingesteld: herstel en verstuur opnieuw',
    );
    expect(task.description).toContain('PUT /admin/partners/taal-leeg');
  });

  it('a signing key set through the API (stored with the partner) signs the delivery', async () => {
    const id = 'traj-db-key';
    await db.prisma.trajectory.create({
      data: { id, workflowId: `trajectory-${id}`, gemeente: 'altena', targetGroup: 'asielstatushouder', phase: 'PIP' },
    });
    // The partner simulator accepts k1 (KEY_OLD); the configured keyring of this partner does not exist.
    await db.prisma.partner.create({
      data: {
        id: 'taal-dbkey',
        kind: 'TAALAANBIEDER',
        name: 'Taalschool Sleutel',
        endpointUrl: partner.deliveryUrl,
        signingKeyId: 'k1',
        signingKey: KEY_OLD,
      },
    });
    await db.prisma.partnerAssignment.create({ data: { partnerId: 'taal-dbkey', trajectoryId: id } });
    CONSENT[id] = ['TAALAANBIEDER'];
    const key = await enqueue(id, 'TAALAANBIEDER', 'AANMELDING_LEERROUTE', { start: '2026-06-01' });
    await expect(outbox.deliverOutboxMessage({ key })).resolves.toMatchObject({ status: 'DELIVERED' });
    expect(partner.deliveries.at(-1)?.signature).toEqual({ ok: true, keyId: 'k1' });
  });
});

describe('outbox delivery to a partner', () => {
  it('2xx: POSTs the signed message (with personal data, consent given) and records DELIVERED', async () => {
    const key = await enqueue(TRAJECTORY, 'TAALAANBIEDER', 'AANMELDING_LEERROUTE', { leerroute: 'B1' });
    const outcome = await outbox.deliverOutboxMessage({ key });
    expect(outcome).toEqual({ status: 'DELIVERED', attempts: 1 });

    const received = partner.deliveries.at(-1)!;
    expect(received.signature).toEqual({ ok: true, keyId: 'k2' });
    expect(received.headers['idempotency-key']).toBe(key);
    expect(received.body).toMatchObject({
      key,
      type: 'AANMELDING_LEERROUTE',
      trajectoryId: TRAJECTORY,
      payload: { leerroute: 'B1' },
      person: { naam: 'Amina Yusuf' },
    });
    expect(JSON.stringify(received.body)).not.toContain(BSN);
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);

    // Idempotent: a second call does not send again.
    const before = partner.deliveries.length;
    expect(await outbox.deliverOutboxMessage({ key })).toMatchObject({ status: 'ALREADY_DELIVERED' });
    expect(partner.deliveries.length).toBe(before);
  });

  it('5xx: retryable failure, RETRYING with the error; the next attempt delivers', async () => {
    const key = await enqueue(TRAJECTORY, 'TAALAANBIEDER', 'START_PVT', { start: '2026-06-01' });
    partner.respondWith(503);
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe(DELIVERY_UNAVAILABLE);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'RETRYING',
      attempts: 1,
      lastError: expect.stringContaining('HTTP 503'),
    });

    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 2 });
  });

  it('timeout / no answer: retryable', async () => {
    const dead = createOutboxDeliveryActivities({
      prisma: db.prisma,
      keyrings: {},
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const key = await enqueue(TRAJECTORY, 'TAALAANBIEDER', 'START_MAP', { start: '2026-06-01' });
    const failure = await failureOf(dead.deliverOutboxMessage({ key }));
    expect(failure.nonRetryable).toBe(false);
  });

  it('an unavailable partner (500, no answer): retried until the budget is spent, then FAILED + a beheerder task', async () => {
    const budgeted = createOutboxDeliveryActivities({
      prisma: db.prisma,
      keyrings: { 'taal-breda': { currentKeyId: 'k2', keys: { k1: KEY_OLD, k2: KEY_NEW } } },
      timeoutMs: 1_000,
      maxAttempts: 3,
    });
    const key = await enqueue(TRAJECTORY, 'TAALAANBIEDER', 'START_PVT', { start: '2026-06-02' });
    // Attempts 1 and 2 (Temporal's attempt counter): retryable, the message stays RETRYING.
    partner.behave({ status: 500 });
    try {
      for (const attempt of [1, 2]) {
        const failure = await failureOf(
          new MockActivityEnvironment({ attempt }).run(budgeted.deliverOutboxMessage, { key }),
        );
        expect(failure.nonRetryable, `attempt ${attempt}`).toBe(false);
      }
      expect(await db.prisma.task.count({ where: { key: { startsWith: key } } })).toBe(0);
      // Attempt 3, the partner now hangs: the budget is spent.
      partner.behave({ hang: true });
      const failure = await failureOf(
        new MockActivityEnvironment({ attempt: 3 }).run(budgeted.deliverOutboxMessage, { key }),
      );
      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe(DELIVERY_REJECTED);
    } finally {
      partner.behave(null);
    }
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: expect.stringMatching(/^opgegeven na 3 pogingen: geen antwoord van taal-breda/),
    });
    const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/aflevering-opgegeven` } });
    expect(task).toMatchObject({ type: 'AFLEVERING_MISLUKT', audience: 'BEHEERDER', status: 'OPEN' });
    expect(task.title).toBe(
      'Bericht START_PVT kon na 3 pogingen niet worden afgeleverd bij Taalschool Breda (niet bereikbaar): controleer het endpoint en verstuur opnieuw',
    );
  });

  it('4xx: non-retryable, FAILED, and a task for the beheerder', async () => {
    const key = await enqueue(TRAJECTORY, 'TAALAANBIEDER', 'AANMELDING_OPSTARTKLAS', { start: '2026-06-01' });
    partner.respondWith(422);
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe(DELIVERY_REJECTED);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'FAILED',
      attempts: 1,
    });
    const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/aflevering-mislukt` } });
    expect(task).toMatchObject({
      type: 'AFLEVERING_MISLUKT',
      audience: taskAudience('AFLEVERING_MISLUKT'),
      status: 'OPEN',
      trajectoryId: TRAJECTORY,
    });
    expect(task.title).toContain('HTTP 422');
    expect(task.title).toMatch(/^Bericht AANMELDING_OPSTARTKLAS geweigerd door .+ \(HTTP 422/);
  });

  it('a bad signature is refused by the partner (401): non-retryable + task', async () => {
    await db.prisma.partner.create({
      data: { id: 'taal-kwaad', kind: 'TAALAANBIEDER', name: 'Verkeerde sleutel', endpointUrl: partner.deliveryUrl },
    });
    await db.prisma.trajectory.create({
      data: {
        id: 'traj-badsig',
        workflowId: 'trajectory-traj-badsig',
        gemeente: 'altena',
        targetGroup: 'gezinsmigrant',
        phase: 'LEERROUTE',
      },
    });
    await db.prisma.partnerAssignment.create({ data: { partnerId: 'taal-kwaad', trajectoryId: 'traj-badsig' } });
    const key = await enqueue('traj-badsig', 'TAALAANBIEDER', 'START_PVT', { start: '2026-06-01' });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure.nonRetryable).toBe(true);
    expect(partner.deliveries.at(-1)).toMatchObject({
      status: 401,
      signature: { ok: false, reason: 'onbekende sleutel "x"' },
    });
    expect(await db.prisma.task.count({ where: { key: `${key}/aflevering-mislukt` } })).toBe(1);
  });

  it('consent gate: no delivery to a partner kind outside the machtiging; the consulent gets a task', async () => {
    const before = partner.deliveries.length;
    const key = await enqueue(NO_CONSENT, 'TAALAANBIEDER', 'AANMELDING_LEERROUTE', { leerroute: 'B1' });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'HELD_NO_CONSENT', attempts: 0 });
    expect(partner.deliveries.length).toBe(before);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      status: 'HELD_NO_CONSENT',
    });
    expect(await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/machtiging` } })).toMatchObject({
      audience: 'CONSULENT',
      type: 'MACHTIGING_VASTLEGGEN',
    });
  });

  it('consent gate: the machtiging the workflow decided on travels with the message; a newer one reaches it on its way', async () => {
    // The workflow released the message under a machtiging for TAALAANBIEDER (stateVersion 5).
    const released = `trajectory-${NO_CONSENT}/outbox/test-${++counter}`;
    await outbox.enqueueOutboundMessage({
      key: released,
      trajectoryId: NO_CONSENT,
      message: { recipient: 'TAALAANBIEDER', type: 'START_PVT', payload: { start: '2026-06-01' } },
      consent: { scope: ['TAALAANBIEDER'], date: '2026-06-01', stateVersion: 5 },
    });
    expect(await outbox.deliverOutboxMessage({ key: released })).toEqual({ status: 'DELIVERED', attempts: 1 });
    // The partner gets the payload only (the consent is our bookkeeping, in its own column).
    expect(partner.deliveries.at(-1)!.body).toMatchObject({ key: released, payload: { start: '2026-06-01' } });
    expect(Object.keys((partner.deliveries.at(-1)!.body as { payload: object }).payload)).toEqual(['start']);

    // A message on its way when a narrower machtiging is recorded (stateVersion 6) follows it;
    // an older decision (stateVersion 4) does not override the newer one.
    const pending = `trajectory-${NO_CONSENT}/outbox/test-${++counter}`;
    await outbox.enqueueOutboundMessage({
      key: pending,
      trajectoryId: NO_CONSENT,
      message: { recipient: 'TAALAANBIEDER', type: 'START_MAP', payload: { start: '2026-06-01' } },
      consent: { scope: ['TAALAANBIEDER'], date: '2026-06-01', stateVersion: 5 },
    });
    await outbox.recordOutboxConsent({
      trajectoryId: NO_CONSENT,
      consent: { scope: ['ONTZORGEN'], date: '2026-06-02', stateVersion: 6 },
    });
    await outbox.recordOutboxConsent({
      trajectoryId: NO_CONSENT,
      consent: { scope: ['TAALAANBIEDER'], date: '2026-06-01', stateVersion: 4 },
    });
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: pending } })).consent).toMatchObject({
      scope: ['ONTZORGEN'],
      stateVersion: 6,
    });
    expect(await outbox.deliverOutboxMessage({ key: pending })).toEqual({ status: 'HELD_NO_CONSENT', attempts: 0 });
    // The delivered message keeps the machtiging it went out under.
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: released } })).consent).toMatchObject({
      stateVersion: 5,
    });
  });
});

describe('outbox delivery to DUO', () => {
  it('PIP_VASTGESTELD: pre-checks against DUO, sends the PIP per spec, DUO registers it', async () => {
    duoSim.seedPerson(BSN, { pip: undefined, pipHistory: [] });
    const key = await enqueue(TRAJECTORY, 'DUO', 'PIP_VASTGESTELD', {
      targetGroup: 'asielstatushouder',
      pip: { dagtekening: '2026-03-01', leerroute: 'B1', level: 'B1', alfabetisering: false, b1Intensity: 800 },
    });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 1 });
    expect(duoSim.persons.get(BSN)?.pip).toEqual({
      dagtekeningPip: '2026-03-01',
      leerroute: 'B',
      niveau: 'B1',
      geschatteIntensiteitB1Route: 800,
      indicatorAlfabetiseringsonderwijs: 'NVT',
    });
    const post = duoSim.received.find((r) => r.operationId === 'postPipByBsn')!;
    expect(post.status).toBe(201);
  });

  it('a PIP DUO would refuse is not sent: DuoRuleRefused + a consulent task', async () => {
    duoSim.seedPerson(BSN, { pip: undefined, pipHistory: [] });
    const sentBefore = duoSim.received.filter((r) => r.operationId === 'postPipByBsn').length;
    const key = await enqueue(TRAJECTORY, 'DUO', 'PIP_VASTGESTELD', {
      targetGroup: 'asielstatushouder',
      pip: { dagtekening: '2025-12-01', leerroute: 'B1', level: 'B1', alfabetisering: false },
    });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure).toMatchObject({ type: 'DuoRuleRefused', nonRetryable: true });
    expect(duoSim.received.filter((r) => r.operationId === 'postPipByBsn').length).toBe(sentBefore);
    const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/duo-geweigerd` } });
    expect(task.title).toMatch(/vóór de start van de inburgeringsplicht/);
    expect(task).toMatchObject({ type: 'DUO_MELDING_GEWEIGERD', audience: 'CONSULENT' });
    expect(task.title).toMatch(/^Melding PIP_VASTGESTELD niet naar DUO gestuurd: DUO zou haar weigeren/);
  });

  it("DUO's 403: non-retryable DuoRejected, FAILED, and a consulent task with DUO's message", async () => {
    duoSim.seedPerson(BSN, { pip: undefined, pipHistory: [] });
    duoSim.rejectNext('postPipByBsn', 'Persoon is niet relevant voor de gemeente');
    const key = await enqueue(TRAJECTORY, 'DUO', 'PIP_VASTGESTELD', {
      targetGroup: 'asielstatushouder',
      pip: { dagtekening: '2026-03-02', leerroute: 'Z', level: 'A1', alfabetisering: false },
    });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure).toMatchObject({ type: 'DuoRejected', nonRetryable: true });
    expect(failure.message).not.toContain(BSN);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'FAILED' });
    const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/duo-geweigerd` } });
    expect(task.title).toContain('Persoon is niet relevant voor de gemeente');
    expect(task).toMatchObject({ type: 'DUO_MELDING_GEWEIGERD', audience: 'CONSULENT' });
    expect(task.title).toMatch(/^Melding PIP_VASTGESTELD geweigerd door DUO/);
  });

  it('a DUO refusal queues a notice for the trajectory’s consulent, without DUO’s own text', async () => {
    await db.prisma.trajectory.update({ where: { id: TRAJECTORY }, data: { consulentId: 'consulent@altena' } });
    try {
      duoSim.seedPerson(BSN, { pip: undefined, pipHistory: [] });
      duoSim.rejectNext('postPipByBsn', 'Persoon A. Voorbeeld is niet relevant');
      const key = await enqueue(TRAJECTORY, 'DUO', 'PIP_VASTGESTELD', {
        targetGroup: 'asielstatushouder',
        pip: { dagtekening: '2026-03-02', leerroute: 'Z', level: 'A1', alfabetisering: false },
      });
      await failureOf(outbox.deliverOutboxMessage({ key }));
      const task = await db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/duo-geweigerd` } });
      const notice = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: `${task.key}/melding` } });
      expect(notice).toMatchObject({ recipient: 'CONSULENT', type: 'TAAKMELDING', status: 'PENDING' });
      expect(notice.payload).toEqual({
        consulentId: 'consulent@altena',
        reason: 'DUO_WEIGERING',
        taskId: task.id,
        taskType: 'DUO_MELDING_GEWEIGERD',
        title: 'Melding PIP_VASTGESTELD geweigerd door DUO',
      });
    } finally {
      await db.prisma.trajectory.update({ where: { id: TRAJECTORY }, data: { consulentId: null } });
    }
  });

  it('MAP_EINDGESPREK and Z_ROUTE_AFGEROND go to DUO per spec', async () => {
    duoSim.seedPerson(BSN, {
      pip: { dagtekeningPip: '2026-03-01', leerroute: 'Z' },
      pipHistory: [{ dagtekeningPip: '2026-03-01', leerroute: 'Z' }],
      termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' },
      map: undefined,
    });
    const map = await enqueue(TRAJECTORY, 'DUO', 'MAP_EINDGESPREK', { datumEindgesprek: '2026-05-20' });
    await outbox.deliverOutboxMessage({ key: map });
    const z = await enqueue(TRAJECTORY, 'DUO', 'Z_ROUTE_AFGEROND', { datumAfronding: '2026-05-25' });
    await outbox.deliverOutboxMessage({ key: z });
    expect(duoSim.persons.get(BSN)).toMatchObject({
      map: { datumEindgesprekMap: '2026-05-20' },
      zroute: { datumAfrondingZroute: '2026-05-25' },
    });
  });
});

describe('consulent notices', () => {
  it('in-app always; by e-mail through SMTP when configured (team mailbox when the consulent has no address), without personal data', async () => {
    const mails: { to: string[]; raw: string }[] = [];
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
    const port = (sink.server.address() as AddressInfo).port;
    const mailer = createSmtpMailer({
      host: '127.0.0.1',
      port,
      from: 'inburgering@altena.nl',
      linkBaseUrl: 'https://inburgering.example',
    });
    try {
      const withMail = createOutboxDeliveryActivities({
        prisma: db.prisma,
        mailer,
        consulentMailbox: (t) => (t.gemeente === 'altena' ? 'werkvoorraad@altena.nl' : undefined),
      });
      const key = `trajectory-${TRAJECTORY}/outbox/consulent-${++counter}`;
      await db.prisma.outboxMessage.create({
        data: {
          key,
          trajectoryId: TRAJECTORY,
          recipient: 'CONSULENT',
          type: 'TAAKMELDING',
          // A consulent id that is no address: the gemeente's team mailbox gets it.
          payload: {
            consulentId: 'consulent-zonder-adres',
            reason: 'NIEUWE_TAAK',
            taskId: 'taak-9',
            taskType: 'TERMIJN_WAARSCHUWING',
            title: 'De inburgeringstermijn loopt over 2 maanden af',
          },
        },
      });
      expect(await withMail.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 1 });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toEqual(['werkvoorraad@altena.nl']);
      expect(mails[0]!.raw).toContain('De inburgeringstermijn loopt over 2 maanden af');
      const text = decodeQuotedPrintable(mails[0]!.raw);
      expect(text).toContain('https://inburgering.example/taken/taak-9');
      expect(mails[0]!.raw).not.toContain(TRAJECTORY);
      expect(mails[0]!.raw).not.toContain('Amina');
      expect(mails[0]!.raw).not.toContain(BSN);
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });
});
