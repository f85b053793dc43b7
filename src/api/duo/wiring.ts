/**
 * Puts the DUO integration together for the API process:
 *
 *   const duoIntegration = createDuoIntegration({ apiDeps: resolveDeps(deps), duo: createDuoClient({...}), duoOin, gemeenteByOin });
 *   createApp({ ...deps, extraRouters: [{ path: '/duo/v1', router: duoIntegration.router }] });
 *
 * A notification whose processing failed stays RECEIVED; the inbox drain (src/api/inbox/)
 * processes it again with `duoIntegration.deps`.
 *
 * A trajectory for a person DUO announces (SS101, SS128, SS139, SS120, SS121) is started with
 * the API's own idempotent start operation (src/api/trajectories/start-trajectory.ts) as the
 * system principal `system:duo`; events are signalled with the pseudonymous id only.
 */
import type { Client } from '@temporalio/client';
import type { Router } from 'express';
import { bsnHash } from '../trajectories/pseudonym';
import { isStartRequested, startTrajectory } from '../trajectories/start-trajectory';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import type { DuoClient } from '../../integrations/duo/client';
import {
  processDuoNotification,
  type DuoNotificationDeps,
  type StartTrajectoryForDuo,
} from '../../integrations/duo/notifications';
import { partnerEventSignal, trajectoryWorkflowId, type PartnerEvent } from '../../workflows/trajectory/messages';
import { createDuoNotificatieRouter } from './router';
import type { SenderAuthentication } from './sender';

export interface DuoIntegrationOptions {
  apiDeps: ResolvedApiDeps;
  /** One client, or one per gemeente (its OIN as `bron`). */
  duo: DuoClient | ((gemeente: string) => DuoClient);
  /** DUO's OIN (accepted `bron`). */
  duoOin: string;
  /** Our gemeenten's OINs → gemeente id. */
  gemeenteByOin: Record<string, string>;
  mountPath?: string;
  /** Who sends (see sender.ts: mutual TLS or a named proxy's verified-certificate header). */
  authenticateSender: SenderAuthentication;
}

export function duoSystemPrincipal(gemeente: string): Principal {
  return {
    subject: 'system:duo',
    role: 'beheerder',
    gemeente,
    partnerId: null,
    partnerKind: null,
    credentialId: 'duo-notificatie',
    method: 'duo-notificatie',
  };
}

/** Starts the trajectory of a person DUO announced, through the API's start operation. */
export function startTrajectoryForDuo(apiDeps: ResolvedApiDeps) {
  return async (input: StartTrajectoryForDuo): Promise<{ trajectoryId: string }> => {
    const started = await startTrajectory({
      deps: apiDeps,
      principal: duoSystemPrincipal(input.gemeente),
      body: {
        bsn: input.bsn,
        gemeente: input.gemeente,
        targetGroup: input.targetGroup,
        ondertussengroep: false,
        onBijstand: false,
        // DUO does not know the bijstand: the consulent is asked (task BIJSTAND_VASTSTELLEN).
        bijstandOnbekend: true,
        dates: {
          ...(input.plichtStart ? { plichtStart: input.plichtStart } : {}),
          ...(input.ss139 ? { ss139: input.ss139 } : {}),
        },
        // DUO announces a plicht for a person whose trajectory here ended: a new plicht (SS110 path).
        nieuwePlicht: input.nieuwePlicht ?? false,
      },
    });
    if (isStartRequested(started)) throw new Error('DUO-start werd een startverzoek (onverwacht)');
    return { trajectoryId: started.trajectoryId };
  };
}

export function temporalSignaller(client: Client) {
  return async (trajectoryId: string, event: PartnerEvent): Promise<void> => {
    await client.workflow.getHandle(trajectoryWorkflowId(trajectoryId)).signal(partnerEventSignal, event);
  };
}

export function createDuoIntegration(options: DuoIntegrationOptions): { router: Router; deps: DuoNotificationDeps } {
  const { apiDeps } = options;
  const hashBsn = (bsn: string) => bsnHash(apiDeps.config.PSEUDONYM_KEY, bsn);
  const deps: DuoNotificationDeps = {
    prisma: apiDeps.prisma,
    duo: options.duo,
    hashBsn,
    signal: temporalSignaller(apiDeps.temporal),
    startTrajectory: startTrajectoryForDuo(apiDeps),
  };
  const router = createDuoNotificatieRouter({
    prisma: apiDeps.prisma,
    duoOin: options.duoOin,
    gemeenteByOin: options.gemeenteByOin,
    hashBsn,
    authenticateSender: options.authenticateSender,
    logger: apiDeps.logger,
    ...(options.mountPath ? { mountPath: options.mountPath } : {}),
    onStored: async (stored) => {
      await processDuoNotification(deps, stored);
    },
  });
  return { router, deps };
}
