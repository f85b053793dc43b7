/**
 * Our DUO client against the DUO simulator, which validates every request it receives and
 * every response it sends against DUO's vendored spec files.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import {
  DUO_REJECTED,
  DuoRejectedError,
  DuoUnavailableError,
  berichtIdFor,
  createDuoClient,
  toApplicationFailure,
  type DuoClient,
} from '../../src/integrations/duo/client';
import { metricsRegistry } from '../../src/observability/metrics';
import { SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../../scripts/duo/simulator';

const BSN = '123456782';
let sim: DuoSimulator;
let duo: DuoClient;

beforeAll(async () => {
  sim = await startDuoSimulator();
  duo = createDuoClient({ baseUrl: sim.url, sourceOin: SIM_GEMEENTE_OIN, targetOin: SIM_DUO_OIN, timeoutMs: 5_000 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  // Every request our client sent, and every answer, was per DUO's spec.
  expect(sim.violations()).toEqual([]);
});

describe('DUO client against the simulator', () => {
  it('sends bron, doel and a UUID berichtId under /v1 and reads the Inburgeringsplicht', async () => {
    sim.seedPerson(BSN);
    const plicht = await duo.getInburgeringsplicht(BSN);
    expect(plicht).toMatchObject({ indicatorInburgeringsplicht: true, begindatum: '2026-01-15' });
    const last = sim.received.at(-1)!;
    expect(last.path).toBe(`/v1/personen/${BSN}/inburgeringsplicht`);
    expect(last.headers.bron).toBe(SIM_GEMEENTE_OIN);
    expect(last.headers.doel).toBe(SIM_DUO_OIN);
    expect(last.headers.berichtId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(last.operationId).toBe('getInburgeringsplichtByBsn');
  });

  it('returns null for a 404 on a read', async () => {
    expect(await duo.getInburgeringstermijn('999999990')).toBeNull();
  });

  it('registers a PIP (POST /personen/{bsn}/PIP → 201) with a stable berichtId and reads it back', async () => {
    sim.seedPerson(BSN);
    const berichtId = berichtIdFor('outbox-key-1');
    const result = await duo.postPip(
      BSN,
      { dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1', geschatteIntensiteitB1Route: 800 },
      { berichtId },
    );
    expect(result.berichtId).toBe(berichtId);
    expect(sim.received.at(-1)).toMatchObject({ operationId: 'postPipByBsn', status: 201, headers: { berichtId } });
    expect(await duo.getPip(BSN)).toEqual({
      gemeentecode: '0826',
      pip: { dagtekeningPip: '2026-03-01', leerroute: 'B', niveau: 'B1', geschatteIntensiteitB1Route: 800 },
    });
  });

  it("turns DUO's 403 with fouttekst into a non-retryable DuoRejectedError carrying DUO's message", async () => {
    sim.seedPerson(BSN, { pipHistory: [], pip: undefined });
    const error = await duo
      .postPip(BSN, { dagtekeningPip: '2026-03-01', leerroute: 'O', niveau: 'A2' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuoRejectedError);
    const rejected = error as DuoRejectedError;
    expect(rejected.retryable).toBe(false);
    expect(rejected.info.status).toBe(403);
    expect(rejected.info.fouten[0]).toMatch(/A2 mag niet met de onderwijsroute/);
    expect(rejected.message).not.toContain(BSN);

    const failure = toApplicationFailure(rejected) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe(DUO_REJECTED);
  });

  it('turns a 5xx into a retryable DuoUnavailableError', async () => {
    sim.seedPerson(BSN);
    sim.failNext('getDoelgroepByBsn', 503);
    const error = await duo.getDoelgroep(BSN).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuoUnavailableError);
    expect((error as DuoUnavailableError).retryable).toBe(true);
    expect((toApplicationFailure(error) as ApplicationFailure).nonRetryable).toBe(false);
  });

  it('treats a timeout or refused connection as retryable', async () => {
    const unreachable = createDuoClient({
      baseUrl: 'http://127.0.0.1:1',
      sourceOin: SIM_GEMEENTE_OIN,
      targetOin: SIM_DUO_OIN,
      timeoutMs: 500,
    });
    await expect(unreachable.getPip(BSN)).rejects.toBeInstanceOf(DuoUnavailableError);
  });

  it('sends MAP, PVT and Z-route dates, gevolgde uren, an inburgeringsaanbod and a contactpersoon per spec', async () => {
    // DUO's rules need an actuele PIP (Z-route: participatie-uren) and a termijn.
    sim.seedPerson(BSN, {
      pip: { dagtekeningPip: '2026-03-01', leerroute: 'Z' },
      termijn: { startdatum: '2026-03-02', einddatum: '2029-03-02' },
    });
    await duo.putMap(BSN, { datumEindgesprekMap: '2026-05-20' });
    await duo.putPvt(BSN, { datumOndertekeningPvt: '2026-05-21' });
    await duo.putZroute(BSN, { datumAfrondingZroute: '2026-05-22' });
    await duo.putUrenTaallesEnKnm(BSN, 120);
    await duo.putUrenParticipatieactiviteiten(BSN, 40);
    await duo.putUrenParticipatieAlsTaalles(BSN, 10);
    const instellingen = await duo.getInstellingen();
    expect(instellingen?.[0]?.indicatieBowKeurmerk).toBe(true);
    await duo.postInburgeringsaanbod(BSN, '0000012345', {
      datumInburgeringsaanbod: '2026-03-10',
      verwachteStartdatumOpleiding: '2026-04-01',
      verwachteEinddatumOpleiding: '2027-04-01',
      indicatorAlfabetiseringsonderwijs: 'NVT',
    });
    const { contactpersoon } = await duo.createContactpersoon({
      naam: 'J. de Consulent',
      email: 'consulent@altena.nl',
      telefoonnummer: '0183123456',
    });
    await duo.koppelContactpersoon(contactpersoon!.id!, BSN);
    expect(await duo.getMap(BSN)).toEqual({ datumEindgesprekMap: '2026-05-20' });
    expect(await duo.getGevolgdeUren(BSN)).toEqual([
      {
        gemeentecode: '0826',
        TaallesEnKnmBredeIntake: { uren: 120 },
        ParticipatieactiviteitenBredeIntake: { uren: 40 },
        ParticipatieAlsTaalles: { uren: 10 },
      },
    ]);
    expect(sim.persons.get(BSN)?.contactpersoonId).toBe(contactpersoon!.id);
  });

  it('the simulator notices a request that breaks DUO spec (sanity check of the validation)', async () => {
    sim.seedPerson(BSN);
    const response = await fetch(`${sim.apiUrl}/personen/${BSN}/PIP`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        bron: SIM_GEMEENTE_OIN,
        doel: SIM_DUO_OIN,
        berichtId: 'not-a-uuid',
      },
      body: JSON.stringify({ leerroute: 'X' }),
    });
    expect(response.status).toBe(400);
    expect(sim.violations()).toHaveLength(1);
    sim.received.length = 0;
  });

  it('counts every call by operation and HTTP status for /metrics (geen_antwoord without an answer), no BSN', async () => {
    const count = async (operation: string, status: string) => {
      const metric = await metricsRegistry.getSingleMetric('inburgering_duo_calls_total')!.get();
      return metric.values.find((v) => v.labels.operation === operation && v.labels.status === status)?.value ?? 0;
    };
    const before = {
      ok: await count('getInburgeringsplicht', '200'),
      unavailable: await count('getDoelgroep', '503'),
      none: await count('getPip', 'geen_antwoord'),
    };
    sim.seedPerson(BSN);
    await duo.getInburgeringsplicht(BSN);
    sim.failNext('getDoelgroepByBsn', 503);
    await duo.getDoelgroep(BSN).catch(() => undefined);
    const unreachable = createDuoClient({
      baseUrl: 'http://127.0.0.1:1',
      sourceOin: SIM_GEMEENTE_OIN,
      targetOin: SIM_DUO_OIN,
      timeoutMs: 500,
    });
    await unreachable.getPip(BSN).catch(() => undefined);
    expect(await count('getInburgeringsplicht', '200')).toBe(before.ok + 1);
    expect(await count('getDoelgroep', '503')).toBe(before.unavailable + 1);
    expect(await count('getPip', 'geen_antwoord')).toBe(before.none + 1);
    const text = await metricsRegistry.metrics();
    expect(text).toContain('# TYPE inburgering_duo_calls_total counter');
    expect(text).not.toContain(BSN);
  });
});
