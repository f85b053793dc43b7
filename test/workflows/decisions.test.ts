import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  proposeHandhavingUpdate,
  vaststellenPipUpdate,
} from '../../src/workflows/trajectory/messages';
import {
  acceptedUpdateCount,
  addDays,
  baseInput,
  bundleWorkflows,
  createWorkflowTestEnv,
  envToday,
  refusalOf,
  startTrajectory,
  throughIntake,
  throughPip,
  view,
  withWorker,
  type Harness,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createWorkflowTestEnv();
  harness = { env, bundle: await bundleWorkflows() };
});

afterAll(async () => {
  await env?.teardown();
});

describe('decisions', () => {
  it('refuses a second PIP bijstelling under the default policy (a policy of 2 allows it)', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const strict = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(strict, today);
      const bijstelling = { dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false } as const;
      await strict.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
      expect(
        await refusalOf(strict.executeUpdate(bijstellenPipUpdate, { args: [{ ...bijstelling, level: 'A2' }] })),
      ).toBe('PIP_BIJSTELLING_LIMIET');
      expect((await view(strict)).pipBijstellingen).toBe(1);

      const lenient = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ policy: { ...baseInput().policy, maxPipBijstellingen: 2 } }),
      );
      await throughPip(lenient, today);
      await lenient.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] });
      await lenient.executeUpdate(bijstellenPipUpdate, { args: [{ ...bijstelling, level: 'A2' }] });
      expect((await view(lenient)).pipBijstellingen).toBe(2);
    });
  });

  it('refuses DUO-illegal PIP combinations and leaves no trace in history', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { vestiging: addDays(today, -5) } }));
      await throughIntake(handle, today);
      const accepted = await acceptedUpdateCount(handle);
      const pip = { dagtekening: today, alfabetisering: false } as const;
      const refusals = [
        await refusalOf(
          handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'ONDERWIJS', level: 'A2' }] }),
        ),
        await refusalOf(
          handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'Z', level: 'B1' }] }),
        ),
        await refusalOf(
          handle.executeUpdate(vaststellenPipUpdate, { args: [{ ...pip, leerroute: 'B1', level: 'A2' }] }),
        ),
        await refusalOf(
          handle.executeUpdate(vaststellenPipUpdate, {
            args: [{ ...pip, dagtekening: addDays(today, -10), leerroute: 'B1', level: 'B1' }],
          }),
        ),
      ];
      expect(refusals).toEqual([
        'PIP_A2_MET_ONDERWIJSROUTE',
        'PIP_B1_MET_Z_ROUTE',
        'PIP_A2_IN_EERSTE_B1_PIP',
        'PIP_DAGTEKENING_VOOR_VESTIGING',
      ]);
      expect(await acceptedUpdateCount(handle)).toBe(accepted);
      const state = await view(handle);
      expect(state.pip).toBeUndefined();
      expect(state.phase).toBe('PIP');
    });
  });

  it('afschalen to A2 only in the B1-route after at least 600 lesson hours', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ policy: { ...baseInput().policy, maxPipBijstellingen: 3 } }),
      );
      await throughPip(handle, today);
      const afschalen = { dagtekening: today, leerroute: 'B1', level: 'A2', alfabetisering: false } as const;
      expect(await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [afschalen] }))).toBe(
        'PIP_AFSCHALEN_TE_WEINIG_LESUREN',
      );
      const { sendEvent } = await import('./helpers');
      await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 600, inPersonHours: 400 });
      const result = await handle.executeUpdate(bijstellenPipUpdate, { args: [afschalen] });
      expect(result.pip.level).toBe('A2');
    });
  });

  it('ondertussengroep never gets a sanction proposal', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ ondertussengroep: true }));
      await throughPip(handle, today);
      expect(
        await refusalOf(
          handle.executeUpdate(proposeHandhavingUpdate, {
            args: [{ date: today, reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' }],
          }),
        ),
      ).toBe('HANDHAVING_ONDERTUSSENGROEP');
      expect((await view(handle)).handhavingVoorstellen).toBe(0);
      expect(calls.tasks.filter((task) => task.type === 'HANDHAVING_BEOORDELEN')).toHaveLength(0);
    });
  });

  it('handhaving only proposes: first a warning, then a boete proposal flagged with the Raad van State limit for asielstatushouders', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today);
      const input = { date: today, reason: 'VOORTGANGSGESPREK_NIET_VERSCHENEN' } as const;
      const first = await handle.executeUpdate(proposeHandhavingUpdate, { args: [input] });
      const second = await handle.executeUpdate(proposeHandhavingUpdate, { args: [input] });
      expect(first.proposal.kind).toBe('WAARSCHUWING');
      expect(second.proposal.kind).toBe('BOETE_VOORSTEL');
      expect(second.proposal.flags).toContain('RVS_2025_ASIELSTATUSHOUDER');
      expect(second.taskKey).toBeDefined();
      expect((await view(handle)).status).toBe('ACTIEF');
    });
  });

  it('refuses closing as PLICHT_VOLDAAN while the route is incomplete', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today);
      expect(
        await refusalOf(
          handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VOLDAAN' }] }),
        ),
      ).toBe('AFRONDING_ONVOLLEDIG');
    });
  });
});
