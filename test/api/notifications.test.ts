/**
 * Consulent notices through real SMTP to the development mail sink (src/runtime/mail-sink.ts):
 * an escalation queued by the trajectory's turn is mailed through the outbox (title and a link
 * to the werkplek only); a consulent who chose the daily digest gets one mail from the digest
 * workflow; "uit" mails nothing; an unreachable mail server is retried and then handed to a
 * beheerder; the preference refuses bad input and other roles.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDeliveryActivities } from '../../src/activities/outbox-delivery';
import { addDays } from '../../src/domain/dates';
import { todayInAmsterdam } from '../../src/domain/today';
import { createSmtpMailer, type Mailer } from '../../src/integrations/smtp';
import { readCapturedMails, startMailSink, type MailSink } from '../../src/runtime/mail-sink';
import { CONSULENT_DIGEST_WORKFLOW_TYPE } from '../../src/workflows/consulent-digest/messages';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let sink: MailSink;
let dir: string;
let mailer: Mailer;
let colleague: { Authorization: string };
const today = todayInAmsterdam(new Date());
const NAAM = 'Amina Voorbeeldnaam';

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const mailsTo = async (address: string) =>
  (await readCapturedMails(dir)).filter((mail) => new RegExp(`^To: ${address}`, 'm').test(mail.text));

/** A trajectory whose PIP term has passed: the escalation is due at once. */
async function startLate(auth: { Authorization: string }, seed: number) {
  const started = await request(h.app)
    .post('/trajectories')
    .set(auth)
    .send({
      bsn: testBsn(seed),
      naam: NAAM,
      targetGroup: 'gezinsmigrant',
      dates: { inschrijving: addDays(today, -84) },
    });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const trajectoryId = started.body.trajectoryId as string;
  const escalation = await until(() =>
    h.db.prisma.task.findFirst({ where: { trajectoryId, type: 'PIP_DEADLINE_ESCALATIE' } }),
  );
  return { trajectoryId, escalation };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-sink-'));
  sink = await startMailSink({ dir });
  mailer = createSmtpMailer({
    host: sink.host,
    port: sink.port,
    from: 'inburgering@altena.test',
    linkBaseUrl: 'http://werkplek.test',
  });
  h = await createApiHarness({ delivery: { mailer, maxAttempts: 3 } });
  const created = await request(h.app)
    .post('/admin/api-keys')
    .set(h.auth('beheerder', 'regio'))
    .send({ subject: 'collega@altena', role: 'consulent', gemeente: 'altena' });
  expect(created.status).toBe(201);
  colleague = { Authorization: `Bearer ${created.body.token}` };
});
afterAll(async () => {
  await h?.close();
  mailer?.close();
  await sink?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a notice by mail', () => {
  it('an escalation reaches the trajectory’s consulent through SMTP: the title and a werkplek link, no personal data', async () => {
    const { trajectoryId, escalation } = await startLate(h.auth('consulent', 'altena'), 8301);
    const row = await until(async () => {
      const found = await h.db.prisma.outboxMessage.findUnique({ where: { key: `${escalation.key}/melding` } });
      return found?.status === 'DELIVERED' ? found : undefined;
    });
    expect(row).toMatchObject({ recipient: 'CONSULENT', type: 'TAAKMELDING', trajectoryId });
    expect(row.payload).toMatchObject({ consulentId: 'consulent@altena', reason: 'ESCALATIE', taskId: escalation.id });

    const mail = await until(async () =>
      (await mailsTo('consulent@altena')).find((m) => m.text.includes(`/taken/${escalation.id}`)),
    );
    expect(mail.text).toMatch(/^Subject: \[Inburgering\] Escalatie: PIP-termijn van 10 weken verstreken/m);
    expect(mail.text).toContain(`http://werkplek.test/taken/${escalation.id}`);
    const person = await h.db.prisma.person.findFirstOrThrow({ where: { trajectoryId } });
    for (const secret of [NAAM, 'Voorbeeldnaam', person.bsn, trajectoryId]) expect(mail.text).not.toContain(secret);
  });

  it('a task without a due date within 7 days is not mailed (only the werkvoorraad has it)', async () => {
    const tasks = await h.db.prisma.task.findMany({
      where: { assigneeId: 'consulent@altena', audience: 'CONSULENT', dueDate: null },
    });
    expect(tasks.length).toBeGreaterThan(0);
    const notices = await h.db.prisma.outboxMessage.count({
      where: { key: { in: tasks.map((task) => `${task.key}/melding`) } },
    });
    expect(notices).toBe(0);
  });
});

describe('the daily digest', () => {
  it('a consulent who chose it gets no single mails; the digest workflow sends one mail with the waiting notices', async () => {
    const saved = await request(h.app).put('/me/notification-preference').set(colleague).send({ mode: 'DAGOVERZICHT' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await request(h.app).get('/me/notification-preference').set(colleague)).body).toEqual({
      mode: 'DAGOVERZICHT',
      email: null,
    });
    expect(await h.db.prisma.auditLog.findFirst({ where: { action: 'MELDINGEN_INGESTELD' } })).toMatchObject({
      actorId: 'collega@altena',
    });

    const { escalation } = await startLate(colleague, 8302);
    await until(async () => {
      const found = await h.db.prisma.outboxMessage.findUnique({ where: { key: `${escalation.key}/melding` } });
      return found?.status === 'WACHT_OP_DAGOVERZICHT';
    });
    expect(await mailsTo('collega@altena')).toHaveLength(0);

    const result = await h.client.workflow.execute(CONSULENT_DIGEST_WORKFLOW_TYPE, {
      workflowId: `dagoverzicht-test-${Date.now()}`,
      taskQueue: h.config.TEMPORAL_TASK_QUEUE,
      args: [],
    });
    expect(result).toMatchObject({ date: today, digests: 1 });
    const mail = await until(async () => (await mailsTo('collega@altena'))[0]);
    expect(mail.text).toMatch(/^Subject: \[Inburgering\] Dagoverzicht: \d+ melding/m);
    expect(mail.text).toContain(`http://werkplek.test/taken/${escalation.id}`);
    expect(mail.text).not.toContain(NAAM);
    expect(
      (await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: `${escalation.key}/melding` } })).status,
    ).toBe('IN_DAGOVERZICHT');
    const digest = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { type: 'DAGOVERZICHT' } });
    await until(
      async () => (await h.db.prisma.outboxMessage.findUnique({ where: { id: digest.id } }))?.status === 'DELIVERED',
    );
  });
});

describe('delivery outcomes', () => {
  const noticeRow = async (consulentId: string, suffix: string) => {
    const trajectory = await h.db.prisma.trajectory.findFirstOrThrow({ where: { consulentId: 'consulent@altena' } });
    return h.db.prisma.outboxMessage.create({
      data: {
        key: `${trajectory.workflowId}/test-melding-${suffix}`,
        trajectoryId: trajectory.id,
        recipient: 'CONSULENT',
        type: 'TAAKMELDING',
        payload: {
          consulentId,
          reason: 'NIEUWE_TAAK',
          taskId: 'taak-1',
          taskType: 'VOORTGANGSGESPREK',
          title: 'Voer het voortgangsgesprek',
        },
      },
    });
  };

  it('"uit": nothing is mailed, the row says so (NIET_GEMAILD)', async () => {
    await h.db.prisma.notificationPreference.create({ data: { subject: 'stil@altena', mode: 'UIT' } });
    const row = await noticeRow('stil@altena', 'uit');
    const before = (await readCapturedMails(dir)).length;
    const outbox = createOutboxDeliveryActivities({ prisma: h.db.prisma, mailer });
    expect(await outbox.deliverOutboxMessage({ key: row.key })).toMatchObject({ status: 'DELIVERED' });
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('NIET_GEMAILD');
    expect((await readCapturedMails(dir)).length).toBe(before);
  });

  it('an unreachable mail server: RETRYING while the budget lasts, then FAILED and a beheerder task', async () => {
    const closed = await startMailSink({ dir });
    await closed.close();
    const dead = createSmtpMailer({ host: closed.host, port: closed.port, from: 'x@altena.test', timeoutMs: 2_000 });
    try {
      const row = await noticeRow('consulent@altena', 'smtp-weg');
      const retrying = createOutboxDeliveryActivities({ prisma: h.db.prisma, mailer: dead, maxAttempts: 2 });
      await expect(retrying.deliverOutboxMessage({ key: row.key })).rejects.toMatchObject({ nonRetryable: false });
      expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('RETRYING');
      const giveUp = createOutboxDeliveryActivities({ prisma: h.db.prisma, mailer: dead, maxAttempts: 1 });
      await expect(giveUp.deliverOutboxMessage({ key: row.key })).rejects.toMatchObject({ nonRetryable: true });
      const failed = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(failed).toMatchObject({ status: 'FAILED', attempts: 2 });
      expect(await h.db.prisma.task.findFirst({ where: { key: `${row.key}/aflevering-opgegeven` } })).toMatchObject({
        type: 'AFLEVERING_MISLUKT',
        audience: 'BEHEERDER',
      });
    } finally {
      dead.close();
    }
  });
});

describe('the preference refuses bad input and other roles; nothing changes', () => {
  it('422 naming the field; 403 for a teamleider or beheerder', async () => {
    const before = await h.db.prisma.notificationPreference.count();
    const badMode = await request(h.app).put('/me/notification-preference').set(colleague).send({ mode: 'SOMS' });
    expect(badMode.status).toBe(422);
    expect(badMode.body.errors[0].field).toBe('body.mode');
    const badMail = await request(h.app)
      .put('/me/notification-preference')
      .set(colleague)
      .send({ mode: 'DIRECT', email: 'geen-adres' });
    expect(badMail.status).toBe(422);
    expect(badMail.body.errors[0].field).toBe('body.email');
    for (const role of ['teamleider', 'beheerder'] as const)
      expect(
        (await request(h.app).put('/me/notification-preference').set(h.auth(role, 'altena')).send({ mode: 'UIT' }))
          .status,
      ).toBe(403);
    expect(await h.db.prisma.notificationPreference.count()).toBe(before);
    expect((await request(h.app).get('/me/notification-preference').set(colleague)).body.mode).toBe('DAGOVERZICHT');
  });
});
