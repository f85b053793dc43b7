/**
 * The werkplek's session rules without a browser: the idle timeout is checked on the server
 * (a session idle for longer than SESSION_IDLE_MINUTES is not honoured, whatever the cookie
 * says), a form post without a CSRF token changes nothing, and the API's own paths get no
 * session cookie (machines keep their API keys). And a long werkvoorraad: the count stops at
 * 10,000 and the page links are a window, not one link per page.
 */
import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ withWorker: false, env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '10' } });
});
afterAll(async () => {
  await h?.close();
});

/**
 * A signed-in consulent's session as the sign-in stores it, last seen `idleMinutes` ago and
 * signed in `signedInHours` ago.
 */
async function session(idleMinutes: number, signedInHours = 1): Promise<string> {
  const sid = randomBytes(18).toString('base64url');
  const expire = new Date(Date.now() + 3_600_000);
  await h.db.prisma.werkplekSession.create({
    data: {
      sid,
      expire,
      sess: {
        cookie: { originalMaxAge: 1_800_000, expires: expire.toISOString(), httpOnly: true, path: '/' },
        user: { subject: 'consulent@altena', name: 'Consulent Altena', role: 'consulent', gemeente: 'altena' },
        lastSeenAt: Date.now() - idleMinutes * 60_000,
        signedInAt: Date.now() - signedInHours * 3_600_000,
      },
    },
  });
  const mac = createHmac('sha256', h.config.SESSION_SECRET!).update(sid).digest('base64').replace(/=+$/, '');
  return `werkplek.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

describe('werkplek sessions', () => {
  it('honours a session used within the idle time', async () => {
    const res = await request(h.app)
      .get('/werkvoorraad')
      .set('Cookie', await session(29));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Werkvoorraad');
  });

  it('ends a session idle for longer than SESSION_IDLE_MINUTES: back to sign-in', async () => {
    const res = await request(h.app)
      .get('/werkvoorraad')
      .set('Cookie', await session(31));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/inloggen?terug=%2Fwerkvoorraad');
  });

  it('ends an active session SESSION_MAX_HOURS after sign-in, however busy', async () => {
    const withinDay = await request(h.app)
      .get('/werkvoorraad')
      .set('Cookie', await session(1, 9.9));
    expect(withinDay.status).toBe(200);
    const tooLong = await request(h.app)
      .get('/werkvoorraad')
      .set('Cookie', await session(1, 10.1));
    expect(tooLong.status).toBe(302);
    expect(tooLong.headers.location).toBe('/inloggen?terug=%2Fwerkvoorraad');
  });

  it('a page without a session sends people to sign in; a POST without a CSRF token is refused', async () => {
    const anonymous = await request(h.app).get('/dossiers/trj_x');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/inloggen?terug=%2Fdossiers%2Ftrj_x');
    const before = await h.db.prisma.trajectory.count();
    const post = await request(h.app)
      .post('/trajecten/nieuw')
      .set('Cookie', await session(1))
      .type('form')
      .send({ bsn: '111222333', naam: 'Zonder token', geboortedatum: '1990-01-01', targetGroup: 'gezinsmigrant' });
    expect(post.status).toBe(403);
    expect(post.text).toContain('Formulier verlopen');
    expect(await h.db.prisma.trajectory.count()).toBe(before);
  });

  it('a control character or bidi override in a query parameter or form field is a 400 page; nothing reaches PostgreSQL', async () => {
    const cookie = await session(1);
    for (const path of [
      '/zoeken?q=ab%00cd',
      '/zoeken?q=%E2%80%AEnaam',
      '/werkvoorraad?type=%00',
      '/inloggen?terug=%2F%01',
    ]) {
      const res = await request(h.app).get(path).set('Cookie', cookie);
      expect(res.status, path).toBe(400);
      expect(res.text).toContain('niet-toegestane tekens');
    }
    const before = await h.db.prisma.trajectory.count();
    const post = await request(h.app)
      .post('/trajecten/nieuw')
      .set('Cookie', cookie)
      .type('form')
      .send({ bsn: '111222333', naam: 'Nul\u0000Teken', geboortedatum: '1990-01-01', targetGroup: 'gezinsmigrant' });
    expect(post.status).toBe(400);
    expect(await h.db.prisma.trajectory.count()).toBe(before);
    // An ordinary search still works.
    expect((await request(h.app).get('/zoeken?q=Jansen').set('Cookie', cookie)).status).toBe(200);
  });

  it('gives the API no session cookie and keeps its problem+json', async () => {
    const res = await request(h.app).get('/tasks');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('a long werkvoorraad', () => {
  it('says "meer dan 10.000 taken" past the count cap and links to a window of pages, not every page', async () => {
    const trajectoryId = 'trj_werkplek_long_list';
    await h.db.prisma.trajectory.create({
      data: {
        id: trajectoryId,
        workflowId: `trajectory-${trajectoryId}`,
        gemeente: 'altena',
        targetGroup: 'gezinsmigrant',
        phase: 'PIP',
      },
    });
    await h.db.prisma.task.createMany({
      data: Array.from({ length: 10_001 }, (_, i) => ({
        key: `long-${i}`,
        trajectoryId,
        gemeente: 'altena',
        type: 'TRAJECT_CONTROLEREN',
        title: `Taak ${i}`,
      })),
    });
    const res = await request(h.app)
      .get('/werkvoorraad?page=10')
      .set('Cookie', await session(1));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>meer dan 10.000</strong> taken');
    // 500 a page: pages 1, 8–12 and 20, with gaps between.
    const links = [...res.text.matchAll(/>Pagina (\d+)</g)].map((match) => Number(match[1]));
    expect(links).toEqual([1, 8, 9, 10, 11, 12, 20]);
    expect(res.text.match(/werkplek-pagination-gap/g)).toHaveLength(2);
  });
});
