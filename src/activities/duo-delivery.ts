/**
 * Sends the workflow's DUO outbox messages (recipient 'DUO') with the DUO client: the BSN
 * comes from the Person table, DUO's current facts are read first (raadpleging) for the
 * business-rule pre-checks (src/integrations/duo/rules.ts), and the berichtId is derived from
 * the outbox key, so a retried send carries the same id.
 *
 * Outcomes (thrown as ApplicationFailure, so the outbox records them):
 * - a pre-check refuses → non-retryable 'DuoRuleRefused' + a task for the consulent;
 * - DUO answers 4xx → non-retryable 'DuoRejected' + a task for the consulent with DUO's text;
 * - DUO unavailable → retryable 'DuoUnavailable'.
 * Failure messages carry no BSN (they end up in workflow history).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../db/client';
import { taskAudience, taskTitle, type TaskParams } from '../domain/tasks';
import type { Leerroute, Level, TargetGroup } from '../domain/types';
import { DuoError, berichtIdFor, toApplicationFailure, type DuoClient, type DuoPip } from '../integrations/duo/client';
import {
  checkInburgeringsaanbodForDuo,
  checkMapForDuo,
  checkPipForDuo,
  checkPvtForDuo,
  checkUrenForDuo,
  checkZrouteForDuo,
  toDuoPip,
  type RuleResult,
} from '../integrations/duo/rules';

export const DUO_RULE_REFUSED = 'DuoRuleRefused';

/** Today's calendar date in the Netherlands (YYYY-MM-DD). */
export function todayInAmsterdam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}

export interface DuoOutboxSenderDeps {
  prisma: PrismaClient;
  /** One client, or one per gemeente (each gemeente has its own OIN = `bron`). */
  duo: DuoClient | ((gemeente: string) => DuoClient);
  /** "Today" for the date rules (default: today in Europe/Amsterdam). */
  today?: () => string;
}

interface OutboxRow {
  id: string;
  key: string;
  trajectoryId: string | null;
  type: string;
  payload: unknown;
}

const LEERROUTE_FROM_DUO: Record<DuoPip['leerroute'], Leerroute> = { B: 'B1', O: 'ONDERWIJS', Z: 'Z' };

export function createDuoOutboxSender(deps: DuoOutboxSenderDeps) {
  const { prisma } = deps;
  const clientFor = (gemeente: string): DuoClient => (typeof deps.duo === 'function' ? deps.duo(gemeente) : deps.duo);
  const today = deps.today ?? todayInAmsterdam;

  /** DUO_MELDING_GEWEIGERD from the task catalogue (src/domain/tasks.ts). */
  async function refusedTask(
    message: OutboxRow,
    gemeente: string,
    params: Pick<TaskParams, 'refusedBy' | 'reason'>,
    description: string,
  ) {
    if (!message.trajectoryId) return;
    await prisma.task.createMany({
      data: [
        {
          key: `${message.key}/duo-geweigerd`,
          trajectoryId: message.trajectoryId,
          gemeente,
          type: 'DUO_MELDING_GEWEIGERD',
          title: taskTitle('DUO_MELDING_GEWEIGERD', { messageType: message.type, ...params }),
          description: description.slice(0, 2000),
          audience: taskAudience('DUO_MELDING_GEWEIGERD'),
        },
      ],
      skipDuplicates: true,
    });
  }

  return {
    async send(message: OutboxRow): Promise<void> {
      const trajectory = message.trajectoryId
        ? await prisma.trajectory.findUnique({
            where: { id: message.trajectoryId },
            select: { gemeente: true, targetGroup: true, person: { select: { bsn: true } } },
          })
        : null;
      const bsn = trajectory?.person?.bsn;
      if (!trajectory || !bsn) {
        throw ApplicationFailure.nonRetryable(`no person for DUO message ${message.type}`, DUO_RULE_REFUSED);
      }
      const duo = clientFor(trajectory.gemeente);
      const payload = (message.payload ?? {}) as Record<string, unknown>;
      const options = { berichtId: berichtIdFor(message.key) };
      const refuseWith = async (result: RuleResult) => {
        if (result.ok) return;
        await refusedTask(
          message,
          trajectory.gemeente,
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

      try {
        switch (message.type) {
          case 'PIP_VASTGESTELD':
          case 'PIP_BIJGESTELD': {
            const [plicht, current] = await Promise.all([
              duo.getInburgeringsplicht(bsn, options),
              duo.getPip(bsn, options),
            ]);
            const pip = toDuoPip({
              dagtekening: String(payload.dagtekening),
              leerroute: payload.leerroute as Leerroute,
              level: payload.niveau as Level,
              ...(typeof payload.geschatteIntensiteitB1Route === 'number'
                ? { b1Intensity: payload.geschatteIntensiteitB1Route }
                : {}),
              targetGroup: trajectory.targetGroup as TargetGroup,
              ...(payload.alfabetisering === false ? { alfabetisering: 'NVT' as const } : {}),
            });
            if (
              current &&
              current.pip.dagtekeningPip === pip.dagtekeningPip &&
              current.pip.leerroute === pip.leerroute
            ) {
              return; // already registered (a retry after a lost answer)
            }
            await refuseWith(
              checkPipForDuo(pip, {
                targetGroup: trajectory.targetGroup as TargetGroup,
                isFirstPip: !current,
                ...(plicht?.begindatum ? { plichtStart: plicht.begindatum } : {}),
                ...(current ? { currentPipDagtekening: current.pip.dagtekeningPip } : {}),
              }),
            );
            await duo.postPip(bsn, pip, options);
            return;
          }
          case 'MAP_EINDGESPREK':
          case 'PVT_ONDERTEKEND': {
            const isMap = message.type === 'MAP_EINDGESPREK';
            const date = String(isMap ? payload.datumEindgesprek : payload.datumOndertekening);
            const [termijn, current, earlier] = await Promise.all([
              duo.getInburgeringstermijn(bsn, options),
              duo.getPip(bsn, options),
              isMap ? duo.getMap(bsn, options) : duo.getPvt(bsn, options),
            ]);
            const context = {
              today: today(),
              hasActuelePip: Boolean(current),
              previouslySentByUs: Boolean(earlier),
              isChange: Boolean(earlier),
              ...(termijn ? { termijnStart: termijn.startdatum, termijnEnd: termijn.einddatum } : {}),
            };
            const verwijtbaar: 'Ja' | 'Nee' | undefined =
              payload.verwijtbaar === 'Ja' || payload.verwijtbaar === 'Nee' ? payload.verwijtbaar : undefined;
            if (isMap) {
              const body = { datumEindgesprekMap: date, ...(verwijtbaar ? { verwijtbaar } : {}) };
              await refuseWith(checkMapForDuo(body, context));
              await duo.putMap(bsn, body, options);
            } else {
              const body = { datumOndertekeningPvt: date, ...(verwijtbaar ? { verwijtbaar } : {}) };
              await refuseWith(checkPvtForDuo(body, context));
              await duo.putPvt(bsn, body, options);
            }
            return;
          }
          case 'Z_ROUTE_AFGEROND': {
            const [termijn, current] = await Promise.all([
              duo.getInburgeringstermijn(bsn, options),
              duo.getPip(bsn, options),
            ]);
            const body = { datumAfrondingZroute: String(payload.datumAfronding) };
            await refuseWith(
              checkZrouteForDuo(body, {
                today: today(),
                hasActuelePip: Boolean(current),
                ...(current ? { leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] } : {}),
                ...(termijn ? { termijnStart: termijn.startdatum } : {}),
              }),
            );
            await duo.putZroute(bsn, body, options);
            return;
          }
          case 'INBURGERINGSAANBOD': {
            const instellingsnummer = String(payload.instellingsnummer);
            const [termijn, current, instellingen] = await Promise.all([
              duo.getInburgeringstermijn(bsn, options),
              duo.getPip(bsn, options),
              duo.getInstellingen(options),
            ]);
            const body = {
              indicatorAlfabetiseringsonderwijs: (payload.alfabetisering ?? 'NVT') as 'A' | 'AA' | 'NVT',
              ...(payload.datumInburgeringsaanbod
                ? { datumInburgeringsaanbod: String(payload.datumInburgeringsaanbod) }
                : {}),
              ...(payload.verwachteStartdatum
                ? { verwachteStartdatumOpleiding: String(payload.verwachteStartdatum) }
                : {}),
              ...(payload.verwachteEinddatum
                ? { verwachteEinddatumOpleiding: String(payload.verwachteEinddatum) }
                : {}),
            };
            const instelling = instellingen?.find((item) => item.instellingsnummer === instellingsnummer);
            await refuseWith(
              checkInburgeringsaanbodForDuo(body, {
                targetGroup: trajectory.targetGroup as TargetGroup,
                ...(current
                  ? {
                      actuelePipDagtekening: current.pip.dagtekeningPip,
                      leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute],
                    }
                  : {}),
                ...(instelling ? { instelling } : {}),
                ...(termijn ? { termijnStart: termijn.startdatum, termijnEnd: termijn.einddatum } : {}),
              }),
            );
            await duo.postInburgeringsaanbod(bsn, instellingsnummer, body, options);
            return;
          }
          case 'GEVOLGDE_UREN': {
            const uren = Number(payload.uren);
            await refuseWith(checkUrenForDuo(uren));
            if (payload.soort === 'TAALLES_KNM') await duo.putUrenTaallesEnKnm(bsn, uren, options);
            else if (payload.soort === 'PARTICIPATIE') await duo.putUrenParticipatieactiviteiten(bsn, uren, options);
            else if (payload.soort === 'PARTICIPATIE_ALS_TAALLES')
              await duo.putUrenParticipatieAlsTaalles(bsn, uren, options);
            else throw ApplicationFailure.nonRetryable(`unknown uren soort`, DUO_RULE_REFUSED);
            return;
          }
          default:
            throw ApplicationFailure.nonRetryable(
              `no DUO operation for message type ${message.type}`,
              DUO_RULE_REFUSED,
            );
        }
      } catch (error) {
        if (error instanceof DuoError && !error.retryable) {
          const text = error.info.fouten.join('; ') || `HTTP ${error.info.status}`;
          await refusedTask(
            message,
            trajectory.gemeente,
            { refusedBy: 'DUO', reason: text },
            `DUO (${error.info.operation}, berichtId ${error.info.berichtId}) antwoordde HTTP ${error.info.status}: ${text}`,
          );
        }
        throw toApplicationFailure(error);
      }
    },
  };
}
