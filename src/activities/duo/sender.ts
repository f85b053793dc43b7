/**
 * Sends the workflow's DUO messages with the DUO client, one sender per message type
 * (send-*.ts): the burgerservicenummer comes from the Person table, DUO's current facts are
 * read first (raadpleging) for the business-rule pre-checks (src/integrations/duo/rules.ts),
 * and the berichtId is derived from the outbox key, so a retried send carries the same id.
 *
 * Outcomes (thrown as ApplicationFailure, so the outbox records them):
 * - a pre-check refuses → non-retryable 'DuoRuleRefused' + a task for the consulent;
 * - DUO answers 4xx → non-retryable 'DuoRejected' + a task for the consulent with DUO's text;
 * - DUO unavailable → retryable 'DuoUnavailable'.
 * Failure messages carry no burgerservicenummer (they end up in workflow history).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../db/client';
import type { RuleResult } from '../../domain/rule-result';
import { taskAudience, taskTitle, type TaskParams } from '../../domain/tasks';
import { todayInAmsterdam } from '../../domain/today';
import { pendingNotice, queueTaskNotice, startDeliveryIfInActivity } from '../notices';
import { DuoError, berichtIdFor, toApplicationFailure, type DuoClient } from '../../integrations/duo/client';
import type { DuoMessage, DuoMessageType } from '../../workflows/trajectory/messages';
import {
  DUO_RULE_REFUSED,
  type DuoOutboxRow,
  type DuoSendContext,
  type DuoSender,
  type DuoSenderDeps,
} from './context';
import { sendContactpersoon } from './send-contactpersoon';
import { sendGevolgdeUren } from './send-gevolgde-uren';
import { sendInburgeringsaanbod } from './send-inburgeringsaanbod';
import { sendMapEindgesprek, sendMapVerwijtbaarheid, sendPvtOndertekend, sendPvtVerwijtbaarheid } from './send-map-pvt';
import { sendPip } from './send-pip';
import { sendZrouteAfgerond } from './send-z-route';

export { DUO_RULE_REFUSED, type DuoSenderDeps };
export { DUO_CONTACTPERSOON_REF } from './send-contactpersoon';

const SENDERS: { [T in DuoMessageType]: DuoSender<T> } = {
  PIP_VASTGESTELD: sendPip,
  PIP_BIJGESTELD: sendPip,
  MAP_EINDGESPREK: sendMapEindgesprek,
  PVT_ONDERTEKEND: sendPvtOndertekend,
  MAP_VERWIJTBAARHEID: sendMapVerwijtbaarheid,
  PVT_VERWIJTBAARHEID: sendPvtVerwijtbaarheid,
  Z_ROUTE_AFGEROND: sendZrouteAfgerond,
  INBURGERINGSAANBOD: sendInburgeringsaanbod,
  GEVOLGDE_UREN: sendGevolgdeUren,
  CONTACTPERSOON: sendContactpersoon,
};

function senderFor<T extends DuoMessageType>(type: T): DuoSender<T> | undefined {
  return SENDERS[type];
}

/** DUO_MELDING_GEWEIGERD from the task catalogue (src/domain/tasks.ts). */
async function refusedTask(
  prisma: PrismaClient,
  row: DuoOutboxRow,
  type: string,
  gemeente: string,
  params: Pick<TaskParams, 'refusedBy' | 'reason'>,
  description: string,
) {
  const key = `${row.key}/duo-geweigerd`;
  const created = await prisma.task.createMany({
    data: [
      {
        key,
        trajectoryId: row.trajectoryId,
        gemeente,
        type: 'DUO_MELDING_GEWEIGERD',
        title: taskTitle('DUO_MELDING_GEWEIGERD', { messageType: type, ...params }),
        description: description.slice(0, 2000),
        audience: taskAudience('DUO_MELDING_GEWEIGERD'),
      },
    ],
    skipDuplicates: true,
  });
  // The consulent hears of it by mail too — without DUO's own text (it may quote the person).
  const notice =
    created.count > 0
      ? await queueTaskNotice(prisma, key, todayInAmsterdam(new Date()), {
          title: taskTitle('DUO_MELDING_GEWEIGERD', { messageType: type, refusedBy: params.refusedBy }),
        })
      : await pendingNotice(prisma, key);
  if (notice) await startDeliveryIfInActivity(notice);
}

export function createDuoOutboxSender(deps: DuoSenderDeps) {
  const { prisma } = deps;
  const clientFor = (gemeente: string): DuoClient => (typeof deps.duo === 'function' ? deps.duo(gemeente) : deps.duo);
  const today = deps.today ?? (() => todayInAmsterdam(new Date()));

  return {
    async send(row: DuoOutboxRow, message: DuoMessage): Promise<void> {
      const trajectory = await prisma.trajectory.findUnique({
        where: { id: row.trajectoryId },
        select: { gemeente: true, person: { select: { bsn: true } } },
      });
      const bsn = trajectory?.person?.bsn;
      if (!trajectory || !bsn) {
        throw ApplicationFailure.nonRetryable(`no person for DUO message ${message.type}`, DUO_RULE_REFUSED);
      }
      const { gemeente } = trajectory;
      const refuseWith = async (result: RuleResult) => {
        if (result.ok) return;
        await refusedTask(
          prisma,
          row,
          message.type,
          gemeente,
          { refusedBy: 'VOORCONTROLE', reason: result.reason },
          `DUO zou deze melding weigeren (${result.rule}): ${result.reason}`,
        );
        throw ApplicationFailure.nonRetryable(
          `DUO pre-check refused ${message.type}: ${result.rule}`,
          DUO_RULE_REFUSED,
          {
            rule: result.rule,
          },
        );
      };
      const send = senderFor(message.type);
      if (!send) {
        throw ApplicationFailure.nonRetryable(`no DUO operation for message type ${message.type}`, DUO_RULE_REFUSED);
      }
      const context: DuoSendContext = {
        deps,
        duo: clientFor(gemeente),
        bsn,
        gemeente,
        row,
        message,
        options: { berichtId: berichtIdFor(row.key) },
        today: today(),
        refuseWith,
      };
      try {
        await (send as DuoSender<DuoMessageType>)(context);
      } catch (error) {
        if (error instanceof DuoError && !error.retryable) {
          const text = error.info.fouten.join('; ') || `HTTP ${error.info.status}`;
          await refusedTask(
            prisma,
            row,
            message.type,
            gemeente,
            { refusedBy: 'DUO', reason: text },
            `DUO (${error.info.operation}, berichtId ${error.info.berichtId}) antwoordde HTTP ${error.info.status}: ${text}`,
          );
        }
        throw toApplicationFailure(error);
      }
    },
  };
}
