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
import {
  DuoError,
  berichtIdFor,
  toApplicationFailure,
  type DuoClient,
  type DuoContactpersoongegevens,
  type DuoInburgeringsaanbod,
  type DuoPip,
} from '../integrations/duo/client';
import {
  checkContactpersoonForDuo,
  checkGevolgdeUrenForDuo,
  checkInburgeringsaanbodForDuo,
  checkMapForDuo,
  checkPipForDuo,
  checkPvtForDuo,
  checkZrouteForDuo,
  toDuoPip,
  type DuoUrenSoort,
  type RuleResult,
} from '../integrations/duo/rules';
import { refuse } from '../domain/rule-result';

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
  /**
   * DUO's instellingsnummer (10 digits) of a taalaanbieder, for the Inburgeringsaanbod.
   * Default: the Partner id when it is a 10-digit number, else the one institution in DUO's
   * own list (GET /instellingen) with exactly the partner's name. (Partner has no column for
   * it yet: see the report on the schema.)
   */
  instellingsnummer?: (partner: { id: string; name: string }) => string | undefined;
  /**
   * Contact data of a consulent for DUO's Contactpersoon (name, e-mail, phone; never in
   * workflow history). Gets the name from the consulent's API key label, when there is one;
   * what it returns overrides that. Typically the gemeente's team e-mail and phone number.
   */
  contactpersoon?: (input: {
    gemeente: string;
    consulentId: string;
    label?: string;
  }) => Partial<DuoContactpersoongegevens> | undefined | Promise<Partial<DuoContactpersoongegevens> | undefined>;
}

type RefuseWith = (result: RuleResult) => Promise<void>;

/** Outbox rows of a CONTACTPERSOON message remember DUO's id: `duo-contactpersoon:<gemeente>:<id>`. */
export const DUO_CONTACTPERSOON_REF = 'duo-contactpersoon:';

const URENSOORTEN: DuoUrenSoort[] = ['TAALLES_KNM', 'PARTICIPATIE', 'PARTICIPATIE_ALS_TAALLES'];

/** The workflow's current totals (the projection), to never send an older, lower total. */
function projectedUren(state: unknown, soort: DuoUrenSoort): number | undefined {
  const hours = (state as { modules?: { hours?: Record<string, unknown> } } | null)?.modules?.hours;
  if (!hours) return undefined;
  const n = (key: string) => (typeof hours[key] === 'number' ? (hours[key] as number) : 0);
  if (soort === 'PARTICIPATIE_ALS_TAALLES') return Math.min(9999, Math.floor(n('LES') + n('TAAL_KNM')));
  if (soort === 'PARTICIPATIE') return Math.min(9999, Math.floor(n('PARTICIPATIE')));
  return undefined;
}

interface OutboxRow {
  id: string;
  key: string;
  trajectoryId: string | null;
  type: string;
  payload: unknown;
}

const TRAJECTORY_FACTS = {
  gemeente: true,
  targetGroup: true,
  state: true,
  person: { select: { bsn: true } },
  assignments: {
    where: { partner: { kind: 'TAALAANBIEDER' } },
    select: { partner: { select: { id: true, name: true } } },
    orderBy: { createdAt: 'desc' },
  },
} as const;

interface TrajectoryFacts {
  gemeente: string;
  targetGroup: string;
  state: unknown;
  assignments: { partner: { id: string; name: string } }[];
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

  /**
   * Inburgeringsaanbod at the institution of the TAALAANBIEDER assigned to the trajectory.
   * DUO's rules are checked first (asielmigrant, a PIP, a BoW/TST instelling in DUO's list,
   * dates). A PIP reported in the same decision may not be at DUO yet (its delivery runs
   * next to this one): while our PIP message is still on its way this waits (retryable).
   */
  async function sendInburgeringsaanbod(
    duo: DuoClient,
    bsn: string,
    message: OutboxRow,
    trajectory: TrajectoryFacts,
    payload: Record<string, unknown>,
    refuseWith: RefuseWith,
  ): Promise<void> {
    const options = { berichtId: berichtIdFor(message.key) };
    const [termijn, current, instellingen] = await Promise.all([
      duo.getInburgeringstermijn(bsn),
      duo.getPip(bsn),
      duo.getInstellingen(),
    ]);
    if (!current && message.trajectoryId) {
      const pipOnItsWay = await prisma.outboxMessage.count({
        where: {
          trajectoryId: message.trajectoryId,
          recipient: 'DUO',
          type: { in: ['PIP_VASTGESTELD', 'PIP_BIJGESTELD'] },
          status: { in: ['PENDING', 'RETRYING'] },
        },
      });
      if (pipOnItsWay > 0) {
        throw ApplicationFailure.retryable(
          'DUO kent de PIP nog niet: het aanbod wacht op de PIP-melding',
          'DuoWachtOpPip',
        );
      }
    }
    const partner = trajectory.assignments[0]?.partner;
    await refuseWith(
      partner || typeof payload.instellingsnummer === 'string'
        ? { ok: true }
        : refuse('DUO_AANBOD_GEEN_TAALAANBIEDER', 'Er is geen taalaanbieder aan het traject toegewezen.'),
    );
    const list = instellingen ?? [];
    const byName = partner
      ? list.filter((item) => item.naam.trim().toLowerCase() === partner.name.trim().toLowerCase())
      : [];
    const instellingsnummer =
      typeof payload.instellingsnummer === 'string'
        ? payload.instellingsnummer
        : partner
          ? (deps.instellingsnummer?.(partner) ??
            (/^\d{10}$/.test(partner.id) ? partner.id : byName.length === 1 ? byName[0]!.instellingsnummer : undefined))
          : undefined;
    const instelling = list.find((item) => item.instellingsnummer === instellingsnummer);

    // alfabetisering: the PIP says yes/no; DUO wants A (analfabeet) or AA (anders-gealfabetiseerd).
    const pipIndicator = current?.pip.indicatorAlfabetiseringsonderwijs;
    const alfabetisering =
      payload.alfabetisering === 'A' || payload.alfabetisering === 'AA' || payload.alfabetisering === 'NVT'
        ? payload.alfabetisering
        : payload.alfabetisering === true
          ? pipIndicator === 'A' || pipIndicator === 'AA'
            ? pipIndicator
            : undefined
          : 'NVT';
    await refuseWith(
      alfabetisering
        ? { ok: true }
        : refuse(
            'DUO_AANBOD_ALFABETISERING_ONBEKEND',
            'Het PIP noemt alfabetisering, maar niet of het om analfabeet (A) of anders-gealfabetiseerd (AA) gaat.',
          ),
    );
    const body: DuoInburgeringsaanbod = {
      indicatorAlfabetiseringsonderwijs: alfabetisering ?? 'NVT',
      ...(typeof payload.datumInburgeringsaanbod === 'string'
        ? { datumInburgeringsaanbod: payload.datumInburgeringsaanbod }
        : {}),
      ...(typeof payload.verwachteStartdatum === 'string'
        ? { verwachteStartdatumOpleiding: payload.verwachteStartdatum }
        : {}),
      ...(typeof payload.verwachteEinddatum === 'string'
        ? { verwachteEinddatumOpleiding: payload.verwachteEinddatum }
        : {}),
    };
    await refuseWith(
      checkInburgeringsaanbodForDuo(body, {
        targetGroup: trajectory.targetGroup as TargetGroup,
        ...(current
          ? { actuelePipDagtekening: current.pip.dagtekeningPip, leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] }
          : {}),
        ...(instelling ? { instelling } : {}),
        ...(termijn ? { termijnStart: termijn.startdatum, termijnEnd: termijn.einddatum } : {}),
      }),
    );
    await duo.postInburgeringsaanbod(bsn, instelling!.instellingsnummer, body, options);
  }

  /**
   * Contactpersoon: the consulent is registered once per gemeente at DUO (POST
   * /contactpersonen; DUO's id is kept on this outbox row, `payloadRef`), brought up to date
   * (PUT) when known, and linked to the person (POST /contactpersonen/{id}/personen/{bsn},
   * which replaces an earlier link).
   */
  async function sendContactpersoon(
    duo: DuoClient,
    bsn: string,
    message: OutboxRow,
    gemeente: string,
    consulentId: string,
    refuseWith: RefuseWith,
  ): Promise<void> {
    const key = await prisma.apiKey.findFirst({
      where: { subject: consulentId, revokedAt: null, OR: [{ gemeente }, { gemeente: null }] },
      orderBy: { createdAt: 'desc' },
      select: { label: true },
    });
    const resolved = await deps.contactpersoon?.({ gemeente, consulentId, ...(key ? { label: key.label } : {}) });
    const gegevens = { ...(key ? { naam: key.label } : {}), ...resolved };
    await refuseWith(checkContactpersoonForDuo(gegevens));
    const body: DuoContactpersoongegevens = {
      naam: gegevens.naam!.trim(),
      email: gegevens.email!.trim(),
      telefoonnummer: gegevens.telefoonnummer!.trim(),
    };
    const prefix = `${DUO_CONTACTPERSOON_REF}${gemeente}:`;
    const known = await prisma.outboxMessage.findFirst({
      where: {
        recipient: 'DUO',
        type: 'CONTACTPERSOON',
        payloadRef: { startsWith: prefix },
        payload: { path: ['consulentId'], equals: consulentId },
      },
      orderBy: { createdAt: 'desc' },
      select: { payloadRef: true },
    });
    let id = known?.payloadRef ? Number(known.payloadRef.slice(prefix.length)) : undefined;
    if (id !== undefined && Number.isInteger(id)) {
      try {
        await duo.updateContactpersoon(id, body, { berichtId: berichtIdFor(`${message.key}#wijzigen`) });
      } catch (error) {
        // DUO no longer knows it (deleted): register it again.
        if (!(error instanceof DuoError && error.info.status === 404)) throw error;
        id = undefined;
      }
    } else {
      id = undefined;
    }
    if (id === undefined) {
      const created = await duo.createContactpersoon(body, { berichtId: berichtIdFor(`${message.key}#aanmaken`) });
      id = created.contactpersoon?.id;
      if (id === undefined) {
        throw ApplicationFailure.nonRetryable('DUO gaf geen id voor de contactpersoon', DUO_RULE_REFUSED);
      }
    }
    await prisma.outboxMessage.update({ where: { id: message.id }, data: { payloadRef: `${prefix}${id}` } });
    await duo.koppelContactpersoon(id, bsn, { berichtId: berichtIdFor(`${message.key}#koppelen`) });
  }

  return {
    async send(message: OutboxRow): Promise<void> {
      const trajectory = message.trajectoryId
        ? await prisma.trajectory.findUnique({
            where: { id: message.trajectoryId },
            select: TRAJECTORY_FACTS,
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
          case 'PVT_ONDERTEKEND':
          case 'MAP_VERWIJTBAARHEID':
          case 'PVT_VERWIJTBAARHEID': {
            const isMap = message.type === 'MAP_EINDGESPREK' || message.type === 'MAP_VERWIJTBAARHEID';
            const onlyVerwijtbaarheid = message.type.endsWith('_VERWIJTBAARHEID');
            const [termijn, current, earlier] = await Promise.all([
              duo.getInburgeringstermijn(bsn, options),
              duo.getPip(bsn, options),
              isMap ? duo.getMap(bsn, options) : duo.getPvt(bsn, options),
            ]);
            const earlierDate = earlier
              ? 'datumEindgesprekMap' in earlier
                ? earlier.datumEindgesprekMap
                : earlier.datumOndertekeningPvt
              : undefined;
            // PUT replaces the whole resource: a verwijtbaarheid keeps a date DUO already has
            // (and the rules then refuse 'Verwijtbaar' with a date before the end of the termijn).
            const date = onlyVerwijtbaarheid
              ? earlierDate
              : String(isMap ? payload.datumEindgesprek : payload.datumOndertekening);
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
              const body = {
                ...(date !== undefined ? { datumEindgesprekMap: date } : {}),
                ...(verwijtbaar ? { verwijtbaar } : {}),
              };
              await refuseWith(checkMapForDuo(body, context));
              await duo.putMap(bsn, body, options);
            } else {
              const body = {
                ...(date !== undefined ? { datumOndertekeningPvt: date } : {}),
                ...(verwijtbaar ? { verwijtbaar } : {}),
              };
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
            await sendInburgeringsaanbod(duo, bsn, message, trajectory, payload, refuseWith);
            return;
          }
          case 'GEVOLGDE_UREN': {
            const soort = payload.soort as DuoUrenSoort;
            if (!URENSOORTEN.includes(soort)) {
              throw ApplicationFailure.nonRetryable(`unknown uren soort`, DUO_RULE_REFUSED);
            }
            // A total never goes down: a delayed retry of an older report sends the newest total.
            const uren = Math.max(Number(payload.uren), projectedUren(trajectory.state, soort) ?? 0);
            const current = soort === 'PARTICIPATIE' ? await duo.getPip(bsn) : null;
            await refuseWith(
              checkGevolgdeUrenForDuo(soort, uren, {
                targetGroup: trajectory.targetGroup as TargetGroup,
                ...(current ? { leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] } : {}),
              }),
            );
            if (soort === 'TAALLES_KNM') await duo.putUrenTaallesEnKnm(bsn, uren, options);
            else if (soort === 'PARTICIPATIE') await duo.putUrenParticipatieactiviteiten(bsn, uren, options);
            else await duo.putUrenParticipatieAlsTaalles(bsn, uren, options);
            return;
          }
          case 'CONTACTPERSOON': {
            await sendContactpersoon(duo, bsn, message, trajectory.gemeente, String(payload.consulentId), refuseWith);
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
