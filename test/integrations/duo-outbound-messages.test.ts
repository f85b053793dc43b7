/**
 * Delivery of the gemeente → DUO messages the workflow now enqueues (Inburgeringsaanbod,
 * Gevolgde uren, Contactpersoon, MAP/PVT verwijtbaarheid) against the DUO simulator, which
 * validates every request and answer against DUO's spec files and applies DUO's rules (403).
 * DUO's rules are checked before sending: a refused message never reaches the simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../support/failures';
import { createOutboxActivities } from '../../src/activities/outbox';
import { createOutboxDeliveryActivities } from '../../src/activities/outbox-delivery';
import type { DuoMessage } from '../../src/workflows/trajectory/messages';
import { createDuoClient } from '../../src/integrations/duo/client';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../scripts/duo/simulator';
import { createTestDatabase, type TestDatabase } from '../support/db';

const ASIEL = 'traj-duo-asiel';
const GEZIN = 'traj-duo-gezin';
const ASIEL_2 = 'traj-duo-asiel-2';
const BSN = { [ASIEL]: '123456782', [GEZIN]: '111222333', [ASIEL_2]: '222333444' } as const;

let db: TestDatabase;
let sim: DuoSimulator;
let outbox: ReturnType<typeof createOutboxActivities> & ReturnType<typeof createOutboxDeliveryActivities>;
let today = '2026-06-01';
let counter = 0;
const contactData = new Map<string, { email: string; telefoonnummer: string }>([
  ['altena', { email: 'inburgering@altena.nl', telefoonnummer: '0183 123456' }],
]);

/** A DUO message as the workflow enqueues it: with the trajectory's target group where DUO's rules need it. */
async function enqueue(trajectoryId: string, type: string, payload: Record<string, unknown>) {
  const key = `trajectory-${trajectoryId}/outbox/duo-test-${++counter}`;
  const { targetGroup } = await db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
  const facts = ['INBURGERINGSAANBOD', 'GEVOLGDE_UREN', 'PIP_VASTGESTELD'].includes(type) ? { targetGroup } : {};
  const message = { recipient: 'DUO', type, payload: { ...payload, ...facts } } as DuoMessage;
  await outbox.enqueueOutboundMessage({ key, trajectoryId, message });
  return key;
}

const sent = (operationId: string) => sim.received.filter((request) => request.operationId === operationId);

async function refusalTask(key: string) {
  return db.prisma.task.findUniqueOrThrow({ where: { key: `${key}/duo-geweigerd` } });
}

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startDuoSimulator({ today: () => today });
  outbox = {
    ...createOutboxActivities({ prisma: db.prisma }),
    ...createOutboxDeliveryActivities({
      prisma: db.prisma,
      duo: {
        duo: createDuoClient({ baseUrl: sim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN }),
        today: () => today,
        contactpersoon: ({ gemeente }) => contactData.get(gemeente),
      },
    }),
  };
  const p = db.prisma;
  await p.partner.createMany({
    data: [
      { id: 'taal-breda', kind: 'TAALAANBIEDER', name: 'Taalschool Breda' },
      { id: '0000099999', kind: 'TAALAANBIEDER', name: 'Taalschool zonder keurmerk' },
    ],
  });
  for (const [id, targetGroup, partnerId] of [
    [ASIEL, 'asielstatushouder', 'taal-breda'],
    [GEZIN, 'gezinsmigrant', 'taal-breda'],
    [ASIEL_2, 'asielstatushouder', '0000099999'],
  ] as const) {
    await p.trajectory.create({
      data: {
        id,
        workflowId: `trajectory-${id}`,
        gemeente: 'altena',
        targetGroup,
        phase: 'LEERROUTE',
        consulentId: 'consulent-7',
      },
    });
    await p.person.create({ data: { trajectoryId: id, gemeente: 'altena', bsn: BSN[id], bsnHash: `h-${id}` } });
    await p.partnerAssignment.create({ data: { partnerId, trajectoryId: id } });
  }
  await p.apiKey.create({
    data: {
      prefix: 'ik_test_consulent7',
      hash: 'x',
      label: 'Jet de Vries',
      subject: 'consulent-7',
      role: 'consulent',
      gemeente: 'altena',
    },
  });
});

afterAll(async () => {
  await sim?.close();
  await db?.drop();
});

afterEach(() => {
  // Every request we sent, and every answer, per DUO's spec.
  expect(sim.violations()).toEqual([]);
});

function seed(trajectoryId: keyof typeof BSN, overrides: Parameters<DuoSimulator['seedPerson']>[1] = {}) {
  const asiel = trajectoryId !== GEZIN;
  sim.seedPerson(BSN[trajectoryId], {
    doelgroep: asiel
      ? { indeling: 'Asielstatushouder', begindatum: '2026-01-15', gedetailleerdeDoelgroep: 'Asielstatushouder' }
      : { indeling: 'Gezinsmigrant en overige migrant', begindatum: '2026-01-15' },
    pip: { dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1' },
    pipHistory: [{ dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1' }],
    termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' },
    map: undefined,
    pvt: undefined,
    aanbod: {},
    uren: {},
    ...overrides,
  });
}

describe('Inburgeringsaanbod', () => {
  it("asielstatushouder: sent at the assigned taalaanbieder's DUO institution (BoW), per spec", async () => {
    seed(ASIEL);
    const key = await enqueue(ASIEL, 'INBURGERINGSAANBOD', {
      datumInburgeringsaanbod: '2026-03-10',
      leerroute: 'B1',
      alfabetisering: false,
    });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 1 });
    expect(sim.persons.get(BSN[ASIEL])?.aanbod).toEqual({
      '0000012345': { indicatorAlfabetiseringsonderwijs: 'NVT', datumInburgeringsaanbod: '2026-03-10' },
    });
    expect(sent('postInburgeringsaanbodByBsnAndInstellingsnummer').at(-1)).toMatchObject({
      status: 201,
      path: `/v1/personen/${BSN[ASIEL]}/Inburgeringsaanbod/0000012345`,
    });
  });

  it('gezinsmigrant, unknown institution, A/AA unknown: not sent (DuoRuleRefused + consulent task)', async () => {
    seed(GEZIN);
    seed(ASIEL_2);
    seed(ASIEL, { pip: { dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1' } });
    const before = sent('postInburgeringsaanbodByBsnAndInstellingsnummer').length;
    const cases = [
      [GEZIN, false, 'DUO_AANBOD_ALLEEN_ASIEL', /alleen voor asielmigranten/],
      [ASIEL_2, false, 'DUO_AANBOD_INSTELLING_ONBEKEND', /niet bekend bij DUO/],
      [ASIEL, true, 'DUO_AANBOD_ALFABETISERING_ONBEKEND', /analfabeet \(A\) of anders-gealfabetiseerd \(AA\)/],
    ] as const;
    for (const [trajectoryId, alfabetisering, rule, reason] of cases) {
      const key = await enqueue(trajectoryId, 'INBURGERINGSAANBOD', {
        datumInburgeringsaanbod: '2026-03-10',
        leerroute: 'B1',
        alfabetisering,
      });
      const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
      expect(failure).toMatchObject({ type: 'DuoRuleRefused', nonRetryable: true });
      expect(failure.message).toContain(rule);
      expect((await refusalTask(key)).title).toMatch(reason);
    }
    expect(sent('postInburgeringsaanbodByBsnAndInstellingsnummer').length).toBe(before);
  });

  it('waits (retryable) while our PIP is still on its way to DUO; once DUO has the PIP it is sent', async () => {
    seed(ASIEL, { pip: undefined, pipHistory: [], aanbod: {} });
    const pipKey = await enqueue(ASIEL, 'PIP_VASTGESTELD', {
      pip: { dagtekening: '2026-03-05', leerroute: 'B1', level: 'B1', alfabetisering: false },
    });
    const key = await enqueue(ASIEL, 'INBURGERINGSAANBOD', {
      datumInburgeringsaanbod: '2026-03-10',
      leerroute: 'B1',
      alfabetisering: false,
    });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure).toMatchObject({ type: 'DuoWachtOpPip', nonRetryable: false });
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'RETRYING' });

    await outbox.deliverOutboxMessage({ key: pipKey });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 2 });
    expect(Object.keys(sim.persons.get(BSN[ASIEL])!.aanbod)).toEqual(['0000012345']);
  });
});

describe('Inburgeringsaanbod next to its PIP (the "nog geen PIP" refusal)', () => {
  it('the PIP arriving at DUO while the aanbod is checked: never refused with "De persoon heeft nog geen PIP"', async () => {
    seed(ASIEL, { pip: undefined, pipHistory: [], aanbod: {} });
    const pipKey = await enqueue(ASIEL, 'PIP_VASTGESTELD', {
      pip: { dagtekening: '2026-03-05', leerroute: 'B1', level: 'B1', alfabetisering: false },
    });
    const key = await enqueue(ASIEL, 'INBURGERINGSAANBOD', {
      datumInburgeringsaanbod: '2026-03-10',
      leerroute: 'B1',
      alfabetisering: false,
    });
    // The two deliveries run side by side: DUO answers "no PIP" to the aanbod's read, and our
    // PIP lands (DELIVERED) right after that answer, before the aanbod looks any further.
    const client = createDuoClient({ baseUrl: sim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN });
    let pipLands: (() => Promise<unknown>) | undefined = () => outbox.deliverOutboxMessage({ key: pipKey });
    const racing = createOutboxDeliveryActivities({
      prisma: db.prisma,
      duo: {
        duo: {
          ...client,
          async getPip(bsn, options) {
            const answer = await client.getPip(bsn, options);
            const land = pipLands;
            pipLands = undefined;
            if (land) await land();
            return answer;
          },
        },
        today: () => today,
      },
    });
    const first = await failureOf(racing.deliverOutboxMessage({ key }));
    // Our PIP was on its way: the aanbod waits for it (before asking DUO), it is not refused.
    expect(first).toMatchObject({ type: 'DuoWachtOpPip', nonRetryable: false });
    expect(await db.prisma.task.count({ where: { key: `${key}/duo-geweigerd` } })).toBe(0);
    if (pipLands) await pipLands();
    expect(await racing.deliverOutboxMessage({ key })).toMatchObject({ status: 'DELIVERED' });
    expect(sent('postInburgeringsaanbodByBsnAndInstellingsnummer').at(-1)).toMatchObject({ status: 201 });
  });

  it('a PIP still waiting for the DUO connection is on its way too: the aanbod waits', async () => {
    seed(ASIEL, { pip: undefined, pipHistory: [], aanbod: {} });
    const pipKey = await enqueue(ASIEL, 'PIP_VASTGESTELD', {
      pip: { dagtekening: '2026-03-05', leerroute: 'B1', level: 'B1', alfabetisering: false },
    });
    await db.prisma.outboxMessage.update({ where: { key: pipKey }, data: { status: 'WACHT_OP_DUO' } });
    const key = await enqueue(ASIEL, 'INBURGERINGSAANBOD', {
      datumInburgeringsaanbod: '2026-03-10',
      leerroute: 'B1',
      alfabetisering: false,
    });
    expect(await failureOf(outbox.deliverOutboxMessage({ key }))).toMatchObject({
      type: 'DuoWachtOpPip',
      nonRetryable: false,
    });
    expect(await db.prisma.task.count({ where: { key: `${key}/duo-geweigerd` } })).toBe(0);
  });
});

describe('Gevolgde uren', () => {
  it('sends the total per DUO resource; never lower than a newer total the workflow already enqueued', async () => {
    seed(ASIEL, { pip: { dagtekeningPip: '2026-03-01', leerroute: 'Z' } });
    const first = await enqueue(ASIEL, 'GEVOLGDE_UREN', { soort: 'PARTICIPATIE_ALS_TAALLES', uren: 30 });
    await outbox.deliverOutboxMessage({ key: first });
    expect(sim.persons.get(BSN[ASIEL])?.uren).toEqual({ participatieAlsTaalles: 30 });

    // A delayed report of an older total: the workflow has enqueued a newer one (50.5 + 2 hours) by now.
    await enqueue(ASIEL, 'GEVOLGDE_UREN', { soort: 'PARTICIPATIE_ALS_TAALLES', uren: 52 });
    const old = await enqueue(ASIEL, 'GEVOLGDE_UREN', { soort: 'PARTICIPATIE_ALS_TAALLES', uren: 20 });
    await outbox.deliverOutboxMessage({ key: old });
    const participatie = await enqueue(ASIEL, 'GEVOLGDE_UREN', { soort: 'PARTICIPATIE', uren: 12 });
    await outbox.deliverOutboxMessage({ key: participatie });
    expect(sim.persons.get(BSN[ASIEL])?.uren).toEqual({ participatieAlsTaalles: 52, participatie: 12 });
    expect(sent('updateUrenParticipatieAlsTaallesByBsn').map((request) => request.body)).toEqual([
      { uren: 30 },
      { uren: 52 },
    ]);
  });

  it('participatie-uren of a gezinsmigrant are not sent (Z-route of asielstatushouders only)', async () => {
    seed(GEZIN);
    const before = sent('updateUrenParticipatieactiviteiten').length;
    const key = await enqueue(GEZIN, 'GEVOLGDE_UREN', { soort: 'PARTICIPATIE', uren: 12 });
    const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
    expect(failure.message).toContain('DUO_UREN_PARTICIPATIE_ALLEEN_ASIEL');
    expect(sent('updateUrenParticipatieactiviteiten').length).toBe(before);
  });
});

describe('Contactpersoon', () => {
  it('registers the consulent once per gemeente (name from the API key, contact from configuration) and links the person', async () => {
    seed(ASIEL);
    seed(ASIEL_2);
    const key = await enqueue(ASIEL, 'CONTACTPERSOON', { consulentId: 'consulent-7' });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 1 });
    expect([...sim.contactpersonen.values()]).toEqual([
      { naam: 'Jet de Vries', email: 'inburgering@altena.nl', telefoonnummer: '0183 123456' },
    ]);
    const [id] = [...sim.contactpersonen.keys()];
    expect(sim.persons.get(BSN[ASIEL])?.contactpersoonId).toBe(id);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).toMatchObject({
      payloadRef: `duo-contactpersoon:altena:${id}`,
    });

    // Same consulent, another inburgeraar: DUO's contactpersoon is updated and linked, not created again.
    const second = await enqueue(ASIEL_2, 'CONTACTPERSOON', { consulentId: 'consulent-7' });
    await outbox.deliverOutboxMessage({ key: second });
    expect(sent('createContactpersoon')).toHaveLength(1);
    expect(sent('updateContactpersoonById').at(-1)).toMatchObject({ status: 200, path: `/v1/contactpersonen/${id}` });
    expect(sim.persons.get(BSN[ASIEL_2])?.contactpersoonId).toBe(id);
  });

  it('a new consulent for two inburgeraars at once: one Contactpersoon at DUO (sends serialised per consulent)', async () => {
    seed(ASIEL);
    seed(ASIEL_2);
    await db.prisma.apiKey.create({
      data: {
        prefix: 'ik_test_consulent8',
        hash: 'x',
        label: 'Ali Bakir',
        subject: 'consulent-8',
        role: 'consulent',
        gemeente: 'altena',
      },
    });
    const before = sent('createContactpersoon').length;
    const first = await enqueue(ASIEL, 'CONTACTPERSOON', { consulentId: 'consulent-8' });
    const second = await enqueue(ASIEL_2, 'CONTACTPERSOON', { consulentId: 'consulent-8' });
    await Promise.all([outbox.deliverOutboxMessage({ key: first }), outbox.deliverOutboxMessage({ key: second })]);
    expect(sent('createContactpersoon').length).toBe(before + 1);
    const ids = [...sim.contactpersonen].filter(([, data]) => data.naam === 'Ali Bakir').map(([id]) => id);
    expect(ids).toHaveLength(1);
    expect(sim.persons.get(BSN[ASIEL])?.contactpersoonId).toBe(ids[0]);
    expect(sim.persons.get(BSN[ASIEL_2])?.contactpersoonId).toBe(ids[0]);
  });

  it('without complete contact data nothing is sent: DuoRuleRefused + task', async () => {
    seed(ASIEL);
    const creates = sent('createContactpersoon').length;
    const key = await enqueue(ASIEL, 'CONTACTPERSOON', { consulentId: 'consulent-zonder-sleutel' });
    contactData.delete('altena');
    try {
      const failure = await failureOf(outbox.deliverOutboxMessage({ key }));
      expect(failure.message).toContain('DUO_CONTACTPERSOON_ONVOLLEDIG');
    } finally {
      contactData.set('altena', { email: 'inburgering@altena.nl', telefoonnummer: '0183 123456' });
    }
    expect(sent('createContactpersoon').length).toBe(creates);
    expect((await refusalTask(key)).title).toMatch(/Naam, e-mailadres en telefoonnummer/);
  });
});

describe('MAP/PVT verwijtbaarheid', () => {
  it("'Nee' in the last two months of the termijn: PUT without a date, accepted by DUO", async () => {
    today = '2026-06-01';
    seed(ASIEL, { termijn: { startdatum: '2023-07-15', einddatum: '2026-07-15' } });
    const map = await enqueue(ASIEL, 'MAP_VERWIJTBAARHEID', { verwijtbaar: 'Nee' });
    const pvt = await enqueue(ASIEL, 'PVT_VERWIJTBAARHEID', { verwijtbaar: 'Nee' });
    await outbox.deliverOutboxMessage({ key: map });
    await outbox.deliverOutboxMessage({ key: pvt });
    expect(sent('updateMapByBsn').at(-1)).toMatchObject({ status: 200, body: { verwijtbaar: 'Nee' } });
    expect(sim.persons.get(BSN[ASIEL])).toMatchObject({ map: { verwijtbaar: 'Nee' }, pvt: { verwijtbaar: 'Nee' } });
  });

  it("'Ja' before the termijn is overschreden, or next to a MAP date before the end: not sent", async () => {
    today = '2026-06-01';
    seed(ASIEL, { termijn: { startdatum: '2023-07-15', einddatum: '2026-07-15' } });
    const puts = sent('updateMapByBsn').length;
    const ja = await enqueue(ASIEL, 'MAP_VERWIJTBAARHEID', { verwijtbaar: 'Ja' });
    expect((await failureOf(outbox.deliverOutboxMessage({ key: ja }))).message).toContain(
      'DUO_MAP_VERWIJTBAAR_JA_ZONDER_OVERSCHRIJDING',
    );
    // DUO has a MAP date (before the end): the PUT would keep it, and 'Verwijtbaar' is then not allowed.
    seed(ASIEL, {
      termijn: { startdatum: '2023-07-15', einddatum: '2026-07-15' },
      map: { datumEindgesprekMap: '2026-05-20' },
    });
    const nee = await enqueue(ASIEL, 'MAP_VERWIJTBAARHEID', { verwijtbaar: 'Nee' });
    expect((await failureOf(outbox.deliverOutboxMessage({ key: nee }))).message).toContain(
      'DUO_MAP_VERWIJTBAAR_VOOR_EINDE',
    );
    expect(sent('updateMapByBsn').length).toBe(puts);
    expect(sim.persons.get(BSN[ASIEL])?.map).toEqual({ datumEindgesprekMap: '2026-05-20' });
  });

  it("'Ja' after the termijn is overschreden: accepted by DUO", async () => {
    today = '2026-08-01';
    seed(ASIEL, { termijn: { startdatum: '2023-07-15', einddatum: '2026-07-15' } });
    const key = await enqueue(ASIEL, 'PVT_VERWIJTBAARHEID', { verwijtbaar: 'Ja' });
    expect(await outbox.deliverOutboxMessage({ key })).toEqual({ status: 'DELIVERED', attempts: 1 });
    expect(sim.persons.get(BSN[ASIEL])?.pvt).toEqual({ verwijtbaar: 'Ja' });
  });
});
