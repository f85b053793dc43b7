/**
 * A trajectory DUO starts (SS101 for an unknown person) does not know the bijstand: the
 * consulent gets the task to establish it (issue 11 §4), and ontzorgen waits for that answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuoStack, type DuoStack } from './support/duo-stack';

const BSN = '111222333';
let s: DuoStack;

beforeAll(async () => {
  s = await createDuoStack();
});
afterAll(async () => {
  await s?.close();
});

describe('a DUO-started trajectory asks for the bijstand', () => {
  it('SS101 → trajectory with bijstand ONBEKEND and an open BIJSTAND_VASTSTELLEN task, no ontzorgen yet', async () => {
    s.sim.seedPerson(BSN, {
      inburgeringsplicht: { indicatorInburgeringsplicht: true, begindatum: '2026-01-15' },
      doelgroep: {
        indeling: 'Asielstatushouder',
        gedetailleerdeDoelgroep: 'Asielstatushouder',
        begindatum: '2026-01-15',
      },
    });
    const answer = await s.sim.notify({
      bsn: BSN,
      gebeurtenisId: 'SS101',
      registratieDatumTijd: '2026-01-16T09:30:00Z',
    });
    expect(answer).toMatchObject({ status: 201 });
    const trajectoryId = await expect
      .poll(
        async () =>
          (await s.db.prisma.inboxEvent.findFirst({ where: { idempotencyKey: answer.berichtId, status: 'DELIVERED' } }))
            ?.trajectoryId,
        { timeout: 20_000 },
      )
      .toBeTruthy()
      .then(
        async () =>
          (await s.db.prisma.inboxEvent.findFirstOrThrow({ where: { idempotencyKey: answer.berichtId } }))
            .trajectoryId!,
      );

    await expect
      .poll(() => s.db.prisma.task.count({ where: { trajectoryId, type: 'BIJSTAND_VASTSTELLEN', status: 'OPEN' } }), {
        timeout: 20_000,
      })
      .toBe(1);
    const row = await s.db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
    expect(row.onBijstand).toBe(false);
    expect(row.ontzorgenStart).toBeNull();
  });
});
