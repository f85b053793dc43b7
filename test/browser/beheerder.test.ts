/**
 * The beheerder's flows in a real browser: find a trajectory whose outbound delivery keeps
 * failing (overzicht → inspection, business state beside the technical state), retry it with a
 * reason and a confirmation (audited, really delivered); the regional beheerder creates a partner
 * key (secret shown once) and revokes it; the monitor with charts and its CSV. Axe on every page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBsn } from '../support/api-harness';
import {
  check,
  containsText,
  screenshot,
  signIn,
  startWerkplek,
  visible,
  type WerkplekUnderTest,
} from './support/werkplek-browser';

let w: WerkplekUnderTest;
let partnerServer: Server;
const received: string[] = [];

beforeAll(async () => {
  w = await startWerkplek();
  partnerServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['idempotency-key']));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => partnerServer.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => partnerServer?.close(() => resolve()));
  await w?.close();
});

describe('beheerder in the werkplek', () => {
  it('finds a trajectory whose delivery keeps failing, inspects it and retries it (reason + confirmation, audited)', async () => {
    // Arrange, through the API: a trajectory, a partner with a working endpoint again, consent,
    // and an outbound message whose delivery failed five times.
    const consulent = w.h.auth('consulent', 'altena');
    const started = await request(w.h.app)
      .post('/trajectories')
      .set(consulent)
      .send({ bsn: testBsn(9201), naam: 'Bram Beheertest', geboortedatum: '1985-02-03', targetGroup: 'gezinsmigrant' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { trajectoryId, workflowId } = started.body as { trajectoryId: string; workflowId: string };
    await w.h.db.prisma.partner.create({
      data: {
        id: 'taal-browser',
        kind: 'TAALAANBIEDER',
        name: 'Taalschool Browser',
        endpointUrl: `http://127.0.0.1:${(partnerServer.address() as AddressInfo).port}/berichten`,
      },
    });
    expect(
      (await request(w.h.app).put(`/beheer/trajectories/${trajectoryId}/partners/taal-browser`).set(consulent)).status,
    ).toBe(204);
    const consent = await request(w.h.app)
      .post(`/trajectories/${trajectoryId}/decisions/machtiging`)
      .set(consulent)
      .send({ date: '2026-10-01', scope: ['TAALAANBIEDER'] });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    const failing = await w.h.db.prisma.outboxMessage.create({
      data: {
        key: `${workflowId}/outbox/browser-${Date.now()}`,
        trajectoryId,
        recipient: 'TAALAANBIEDER',
        type: 'AANMELDING_LEERROUTE',
        payload: { leerroute: 'B1' },
        // The machtiging the workflow decided on travels with the message (the delivery's gate).
        consent: { scope: ['TAALAANBIEDER'], date: '2026-10-01', stateVersion: 1 },
        status: 'FAILED',
        attempts: 5,
        lastError: 'taal-browser antwoordde HTTP 503',
      },
    });

    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'beheerder@altena');
    await visible(page.getByRole('heading', { level: 1, name: 'Overzicht' }));
    await containsText(
      page.locator('caption', { hasText: 'niet aankomen' }).locator('..'),
      'taal-browser antwoordde HTTP 503',
    );
    await check(page, 'overzicht');

    await page.getByRole('link', { name: trajectoryId }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: /Inspectie: Bram Beheertest/ }));
    await visible(page.getByRole('heading', { name: 'Zakelijke toestand' }));
    await visible(page.getByRole('heading', { name: 'Technische toestand' }));
    await containsText(page.locator('main'), 'RUNNING');
    await containsText(page.locator('main'), 'mislukt');
    await visible(page.getByRole('link', { name: 'Open in de Temporal Web UI' }));
    await check(page, 'inspectie');
    await screenshot(page, 'readme-inspectie');

    // Without a reason: refused beside the field, nothing happens.
    // The failing provider message's row (a DUO message waiting for the koppeling has its own button).
    const failingRow = () => page.getByRole('row', { name: /AANMELDING_LEERROUTE/ });
    const reasonField = failingRow().getByLabel('Reden (komt in het audit-log)');
    await reasonField.fill('x');
    await failingRow().getByRole('button', { name: 'Opnieuw afleveren' }).click();
    await containsText(page.locator('main'), 'Geef een reden');
    expect((await w.h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: failing.id } })).status).toBe('FAILED');

    await failingRow().getByLabel('Reden (komt in het audit-log)').fill('Endpoint van de taalschool is hersteld');
    await failingRow().getByRole('button', { name: 'Opnieuw afleveren' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /bevestigen/ }));
    await check(page, 'bevestigen');
    await page.getByRole('button', { name: /^Ja, / }).click();
    await page.waitForURL((url) => url.pathname === `/inspectie/${trajectoryId}`);
    await containsText(page.locator('main'), 'vastgelegd in het audit-log');

    await expect
      .poll(async () => (await w.h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: failing.id } })).status, {
        timeout: 30_000,
      })
      .toBe('DELIVERED');
    expect(received).toContain(failing.key);
    const audit = await w.h.db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'UITGAAND_BERICHT_OPNIEUW', trajectoryId },
    });
    expect(audit).toMatchObject({ actorId: 'beheerder@altena', reason: 'Endpoint van de taalschool is hersteld' });
    await page.reload();
    await containsText(page.locator('main'), 'afgeleverd');
    await context.close();
  });

  it('the regional beheerder creates a partner key (shown once) and revokes it', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'beheerder@regio', '/koppelingen');
    await visible(page.getByRole('heading', { level: 1, name: 'Koppelingen' }));
    await check(page, 'koppelingen');

    await page.getByLabel('Partner (systeem van een aanbieder)').check();
    await page.getByLabel('Systeem- of gebruikersnaam').fill('taalschool-noord');
    await page.getByLabel(/^Omschrijving/).fill('Taalschool Noord, koppeling');
    await page.getByLabel('Partner (alleen bij rol partner)').selectOption('dev-taalaanbieder');
    await page.getByRole('button', { name: 'Sleutel maken' }).click();
    const token = (await page.getByTestId('nieuwe-sleutel').textContent())!.trim();
    expect(token).toMatch(/^ibo_[a-z0-9]+\.[A-Za-z0-9_-]+$/);
    await check(page, 'sleutel-gemaakt');

    // The key works (authenticated; a partner may not read the werkvoorraad: 403, not 401).
    expect((await request(w.h.app).get('/tasks').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    // Shown once: a reload does not show it again.
    await page.goto('/koppelingen');
    expect(await page.content()).not.toContain(token);

    const prefix = token.slice(4).split('.')[0]!;
    await page
      .locator(`tr[data-prefix="${prefix}"]`)
      .getByRole('button', { name: /intrekken/ })
      .click();
    await visible(page.getByRole('heading', { level: 1, name: 'Sleutel intrekken' }));
    await check(page, 'sleutel-intrekken');
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.waitForURL((url) => url.pathname === '/koppelingen');
    await containsText(page.locator('main'), 'is ingetrokken');
    expect((await request(w.h.app).get('/tasks').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    await context.close();
  });

  it('the overzicht shows the trajectories that moved to another gemeente, only to the old gemeente', async () => {
    // The move itself is tested end to end in test/api/move-out-record.test.ts; here only its record.
    await w.h.db.prisma.monitorEvent.create({
      data: {
        key: 'browser-verhuisd-uit',
        trajectoryId: 'trj_browserverhuisd',
        gemeente: 'altena',
        type: 'VERHUISD_UIT',
        data: { datum: '2026-11-20', naarGemeente: 'oosterhout' },
        occurredOn: new Date('2026-11-20T00:00:00Z'),
      },
    });
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'beheerder@altena', '/overzicht');
    const section = page.locator('table', { has: page.getByRole('columnheader', { name: 'Gevestigd op' }) });
    await visible(page.getByRole('heading', { level: 2, name: 'Verhuisd naar een andere gemeente' }));
    const row = section.getByRole('row', { name: /trj_browserverhuisd/ });
    await visible(row);
    expect(await row.textContent()).toContain('Oosterhout');
    expect(await row.textContent()).toContain('20 november 2026');
    await check(page, 'overzicht-verhuisd');
    await context.close();

    const other = await w.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, 'beheerder@oosterhout', '/overzicht');
    await visible(otherPage.getByRole('heading', { level: 2, name: 'Verhuisd naar een andere gemeente' }));
    expect(await otherPage.content()).not.toContain('trj_browserverhuisd');
    await other.close();
  });

  it('a gemeente beheerder sees no API keys; the monitor shows charts and a CSV', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'beheerder@altena', '/koppelingen');
    expect(await page.getByRole('heading', { name: 'API-sleutels' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Monitor' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Monitor' }));
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await check(page, 'monitor');
    const csv = await page.request.get('/monitor.csv');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('gebied;onderwerp;waarde;aantal');
    expect(text).toContain('Altena;trajecten;totaal;');
    expect(text).not.toContain('Drimmelen');
    await context.close();
  });
});
