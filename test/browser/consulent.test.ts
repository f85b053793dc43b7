/**
 * The consulent's flows in a real browser: sign in (OIDC), start a trajectory (elfproef refused
 * first), complete the brede intake by keyboard alone, see the generated PIP task, submit an
 * illegal PIP (refusal inline, task stays open), then a legal one (timeline shows it, the next
 * deadline moves); another gemeente's consulent gets "niet gevonden"; a form post without the
 * CSRF token is refused; sign-out ends the session. Axe on every page, 1280 and 768 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { DECISION_FORMS } from '../../src/werkplek/decision-forms';
import { testBsn } from '../support/api-harness';
import {
  check,
  containsText,
  count,
  expectAccessible,
  fitsWidth,
  hasValue,
  lacksText,
  screenshot,
  signIn,
  startWerkplek,
  visible,
  type WerkplekUnderTest,
} from './support/werkplek-browser';

let w: WerkplekUnderTest;
beforeAll(async () => {
  w = await startWerkplek();
});
afterAll(async () => {
  await w?.close();
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

describe('consulent in the werkplek', () => {
  let trajectoryId = '';

  it('signs in through OIDC, starts a trajectory (bad BSN first), completes the brede intake by keyboard, then a refused and a legal PIP', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await check(page, 'startpagina');
    await signIn(page, 'consulent@altena');
    await visible(page.getByRole('heading', { level: 1, name: 'Werkvoorraad' }));
    await visible(page.getByText('Altena', { exact: true }));
    await check(page, 'werkvoorraad-leeg');

    // Start a trajectory: a BSN that fails the elfproef comes back with the error beside the field.
    await page.getByRole('link', { name: 'Nieuw traject' }).click();
    await check(page, 'nieuw-traject');
    await page.getByLabel('BSN').fill('123456789');
    await page.getByLabel('Naam', { exact: true }).fill('Amina Voorbeeld');
    await page.getByLabel('Geboortedatum').fill('1990-05-01');
    await page.getByLabel('Gezinsmigrant').check();
    await page.getByRole('button', { name: 'Traject starten' }).click();
    await containsText(page.getByRole('alert'), 'Ongeldig BSN');
    await hasValue(page.getByLabel('Naam', { exact: true }), 'Amina Voorbeeld');
    await check(page, 'nieuw-traject-fout');
    await page.getByLabel('BSN').fill(testBsn(9101));
    await page.getByRole('button', { name: 'Traject starten' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Amina Voorbeeld' }));
    trajectoryId = page.url().split('/dossiers/')[1]!;
    expect(trajectoryId).toMatch(/^trj_/);

    // The workflow generates the brede-intake task; it appears in the werkvoorraad.
    await expect
      .poll(
        async () => await w.h.db.prisma.task.count({ where: { trajectoryId, type: 'BREDE_INTAKE', status: 'OPEN' } }),
        { timeout: 30_000 },
      )
      .toBe(1);
    await page.goto('/werkvoorraad');
    await page.getByRole('link', { name: /Voer de brede intake uit/ }).click();
    await check(page, 'taak-brede-intake');

    // Keyboard only: the leerbaarheidstoets select, then submit with Enter.
    await page.getByLabel('Uitslag leerbaarheidstoets').focus();
    await page.keyboard.press('ArrowDown'); // B1 is haalbaar
    await hasValue(page.getByLabel('Uitslag leerbaarheidstoets'), 'B1_HAALBAAR');
    await page.getByLabel(/Notitie/).focus();
    await page.keyboard.type('Wil graag in de zorg werken.');
    await page.keyboard.press('Tab'); // → Vastleggen en taak afronden
    const focused = await page.evaluate('document.activeElement && document.activeElement.textContent');
    expect(String(focused)).toContain('Vastleggen en taak afronden');
    await page.keyboard.press('Enter');
    await page
      .waitForURL((url) => url.pathname.startsWith('/dossiers/'), { timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`no dossier after the brede intake: ${await page.locator('main').innerText()}`, {
          cause: error,
        });
      });
    await containsText(page.locator('main'), 'Taak afgerond');
    await visible(page.getByText('Wil graag in de zorg werken.')); // intake note, consulent only

    // The PIP task is generated; open it from the werkvoorraad.
    await expect
      .poll(
        async () => await w.h.db.prisma.task.count({ where: { trajectoryId, type: 'PIP_OPSTELLEN', status: 'OPEN' } }),
        { timeout: 30_000 },
      )
      .toBe(1);
    await page.goto('/werkvoorraad');
    await check(page, 'werkvoorraad');
    await page.getByRole('link', { name: /Stel het PIP op/ }).click();
    await check(page, 'taak-pip');
    // Only legal options: no A2 with the Onderwijsroute, no A2 in a first B1 PIP.
    await visible(page.getByLabel('Onderwijsroute, niveau B1'));
    expect(await count(page.getByText('Onderwijsroute, niveau A2'))).toBe(0);
    expect(await count(page.getByText('B1-route, niveau A2'))).toBe(0);

    // The task is mine (I am the trajectory's consulent): give it back to the team, pick it up
    // again, hand it over to a colleague (the API's unclaim, claim and reassign operations).
    await page.getByRole('button', { name: 'Teruggeven aan het team' }).click();
    await containsText(page.locator('main'), 'De taak is teruggegeven aan het team.');
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await containsText(page.locator('main'), 'U hebt de taak opgepakt.');
    await page.getByLabel('Overdragen aan').selectOption({ label: 'Collega-consulent Altena' });
    await page.getByRole('button', { name: 'Overdragen' }).click();
    await containsText(page.locator('main'), 'De taak is overgedragen.');
    const pipTask = await w.h.db.prisma.task.findFirstOrThrow({ where: { trajectoryId, type: 'PIP_OPSTELLEN' } });
    expect(pipTask.assigneeId).toBe('collega@altena');
    expect(await w.h.db.prisma.auditLog.count({ where: { action: 'TAAK_TOEGEWEZEN', trajectoryId } })).toBe(1);

    const dossierBefore = await w.h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
    expect(dossierBefore.pipDeadline).not.toBeNull();

    // Illegal: a dagtekening in the future. The workflow refuses; shown inline; nothing changes.
    await page.getByLabel('B1-route, niveau B1').check();
    await page.getByLabel('Dagtekening van het PIP').fill(addDays(today(), 5));
    await page.getByRole('button', { name: 'Vastleggen en taak afronden' }).click();
    await containsText(page.locator('#weigering'), 'ligt in de toekomst');
    await containsText(page.locator('#weigering'), 'de taak blijft open');
    await check(page, 'taak-pip-geweigerd');
    expect(await w.h.db.prisma.task.count({ where: { trajectoryId, type: 'PIP_OPSTELLEN', status: 'OPEN' } })).toBe(1);

    // Legal: today. Back on the dossier; the timeline shows the PIP and the next deadline moved
    // from the PIP deadline to the end of the termijn.
    await page.getByLabel('Dagtekening van het PIP').fill(today());
    await page.getByRole('button', { name: 'Vastleggen en taak afronden' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Amina Voorbeeld' }));
    const timeline = page.locator('.werkplek-timeline');
    await containsText(timeline, 'PIP vastgesteld: B1-route, niveau B1');
    await containsText(timeline, 'Einde van de inburgeringstermijn');
    await lacksText(timeline, 'Uiterste datum PIP');
    await check(page, 'dossier');
    await screenshot(page, 'readme-dossier');

    // Every decision form of the API, from the dossier: accessible; one of them recorded.
    for (const segment of DECISION_FORMS.filter((form) => !form.taskOnly).map((form) => form.segment)) {
      const response = await page.goto(`/dossiers/${trajectoryId}/beslissingen/${segment}`);
      expect(response?.status(), segment).toBe(200);
      await expectAccessible(page, `beslissing-${segment}`);
    }
    await page.goto(`/dossiers/${trajectoryId}/beslissingen/machtiging`);
    await page.getByRole('button', { name: 'Vastleggen' }).click(); // nothing chosen: the error beside the field
    await containsText(page.locator('#foutenoverzicht'), 'Voor welke partners geldt de machtiging?');
    await page.getByLabel('Taalaanbieder').check();
    await page.getByRole('button', { name: 'Vastleggen' }).click();
    await page.waitForURL((url) => url.pathname === `/dossiers/${trajectoryId}`);
    await containsText(page.locator('.werkplek-timeline'), 'Machtiging vastgelegd voor Taalaanbieder');

    // Caseload and search find the trajectory (PostgreSQL only).
    await page.getByRole('link', { name: 'Mijn caseload' }).click();
    await visible(page.getByRole('link', { name: 'Amina Voorbeeld' }));
    await check(page, 'caseload');
    await page.getByRole('link', { name: 'Zoeken' }).click();
    await page.getByLabel('Naam, BSN of trajectnummer').fill('amina');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await visible(page.getByRole('link', { name: 'Amina Voorbeeld' }));
    await check(page, 'zoeken');

    // Tablet width: the werkvoorraad and the dossier need no horizontal scrolling.
    const tablet = await w.newContext({ width: 768, height: 1024 });
    await tablet.addCookies(await context.cookies());
    const small = await tablet.newPage();
    await small.goto(`/dossiers/${trajectoryId}`);
    expect(await fitsWidth(small)).toBe(true);
    await expectAccessible(small, 'dossier-768');
    await screenshot(small, 'dossier-768');
    await small.goto('/werkvoorraad');
    expect(await fitsWidth(small)).toBe(true);
    await screenshot(small, 'werkvoorraad-768');
    await tablet.close();
    await context.close();
  });

  it('a consulent of another gemeente gets "niet gevonden" for the same dossier URL', async () => {
    expect(trajectoryId).not.toBe('');
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'consulent@drimmelen', `/dossiers/${trajectoryId}`);
    const response = await page.goto(`/dossiers/${trajectoryId}`);
    expect(response?.status()).toBe(404);
    await visible(page.getByRole('heading', { level: 1, name: 'Niet gevonden' }));
    expect(await count(page.getByText('Amina'))).toBe(0);
    await check(page, 'niet-gevonden');
    await context.close();
  });

  it('Meldingen: a wrong address is shown beside the field; the daily digest is saved (audited)', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'consulent@altena');
    await page.getByRole('link', { name: 'Meldingen' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Meldingen' }));
    await check(page, 'meldingen');
    await page.getByLabel(/Dagoverzicht/).check();
    await page.getByLabel('E-mailadres').fill('geen-adres');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await containsText(page.getByRole('alert'), 'E-mailadres');
    await check(page, 'meldingen-fout');
    expect(await w.h.db.prisma.notificationPreference.count({ where: { subject: 'consulent@altena' } })).toBe(0);
    await page.getByLabel('E-mailadres').fill('consulent@altena.example');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await containsText(page.locator('body'), 'Uw keuze voor meldingen is opgeslagen');
    expect(
      await w.h.db.prisma.notificationPreference.findUnique({ where: { subject: 'consulent@altena' } }),
    ).toMatchObject({ mode: 'DAGOVERZICHT', email: 'consulent@altena.example' });
    await context.close();
  });

  it('a teamleider signs in to the escalations: werkvoorraad and search, no start, no meldingen', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'teamleider@altena');
    await visible(page.getByRole('heading', { level: 1, name: 'Werkvoorraad' }));
    await check(page, 'werkvoorraad-teamleider');
    const nav = page.getByRole('navigation').first();
    await containsText(nav, 'Zoeken');
    await lacksText(nav, 'Nieuw traject');
    expect((await page.goto('/trajecten/nieuw'))?.status()).toBe(403);
    expect((await page.goto('/meldingen'))?.status()).toBe(403);
    await context.close();
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'consulent@altena');
    const before = await w.h.db.prisma.trajectory.count();
    const response = await page.request.post('/trajecten/nieuw', {
      form: { bsn: testBsn(9102), naam: 'Zonder Token', geboortedatum: '1990-01-01', targetGroup: 'gezinsmigrant' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Formulier verlopen');
    expect(await w.h.db.prisma.trajectory.count()).toBe(before);
    await context.close();
  });

  it('sign-out ends the session: the old session cookie no longer opens the werkvoorraad', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(page, 'consulent@altena');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'werkplek.sid')?.httpOnly).toBe(true);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    // The werkplek session is gone; then the identity provider's own session ends too.
    await page.getByRole('button', { name: 'Ja, helemaal uitloggen' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'U bent uitgelogd' }));
    const sid = decodeURIComponent(cookies.find((c) => c.name === 'werkplek.sid')!.value)
      .slice(2)
      .split('.')[0]!;
    expect(await w.h.db.prisma.werkplekSession.count({ where: { sid } })).toBe(0);
    await check(page, 'uitgelogd');

    const replay = await w.newContext();
    await replay.addCookies(cookies);
    const again = await replay.newPage();
    await again.goto('/werkvoorraad');
    // Sent to sign in again: the identity provider asks for the password.
    await visible(again.getByLabel('Wachtwoord'));
    expect(new URL(again.url()).pathname).toMatch(/^\/dev-idp\//);
    await replay.close();
    await context.close();
  });
});
