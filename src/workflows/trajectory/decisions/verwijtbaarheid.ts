/**
 * Verwijtbaarheid of MAP / PVT at the end of the termijn (completion of the
 * VERWIJTBAARHEID_DOORGEVEN task), reported to DUO.
 *
 * DUO: 'Verwijtbaar = Nee' only when the end of the termijn falls within two months — the
 * window of the task (isInVerwijtbaarWindow); 'Verwijtbaar = Ja' only when the termijn is
 * overschreden (from its end date on). A module already reported as done (MAP eindgesprek, PVT
 * ondertekend) has nothing to report: DUO refuses 'Verwijtbaar' with a date before the end, and a
 * report without the date would withdraw it.
 */
import { isBefore, isOnOrAfter, isValidIsoDate } from '../../../domain/dates';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import { isInVerwijtbaarWindow, verwijtbaarWindowStart } from '../../../domain/termijn';
import { closeTasksOfType, decide, reportToDuo } from '../effects';
import { recordVerwijtbaarheidUpdate } from '../messages';
import { defineDecision } from './define';

const ja = (value: boolean): 'Ja' | 'Nee' => (value ? 'Ja' : 'Nee');

export const recordVerwijtbaarheid = defineDecision({
  update: recordVerwijtbaarheidUpdate,
  validate: (state, input, { today }) => {
    const map = input.mapVerwijtbaar;
    const pvt = input.pvtVerwijtbaar;
    const shape = firstRefusal(
      state.status === 'AFGESLOTEN'
        ? refuse('TRAJECT_AFGESLOTEN', 'Het traject is afgesloten; er kan niets meer worden vastgelegd.')
        : RULE_OK,
      isValidIsoDate(input.date) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Datum: geen geldige datum (JJJJ-MM-DD).'),
      isValidIsoDate(input.date) && isBefore(today, input.date)
        ? refuse('DATUM_IN_TOEKOMST', `Datum (${input.date}) ligt in de toekomst.`)
        : RULE_OK,
      [map, pvt].every((value) => value === undefined || typeof value === 'boolean')
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Verwijtbaar per module is ja (true) of nee (false).'),
    );
    if (!shape.ok) return shape;
    const end = state.termijn?.end;
    if (!end) return refuse('VERWIJTBAAR_BUITEN_VENSTER', 'Er loopt nog geen inburgeringstermijn.');
    const windowStart = verwijtbaarWindowStart(end);
    const overschreden = isOnOrAfter(today, end);
    const values = [map, pvt].filter((value): value is boolean => value !== undefined);
    return firstRefusal(
      isBefore(today, windowStart)
        ? refuse(
            'VERWIJTBAAR_BUITEN_VENSTER',
            `Verwijtbaarheid doorgeven kan pas in de laatste twee maanden van de termijn (vanaf ${windowStart}).`,
          )
        : RULE_OK,
      values.includes(false) && !isInVerwijtbaarWindow(end, today)
        ? refuse(
            'VERWIJTBAAR_BUITEN_VENSTER',
            `'Verwijtbaar: nee' neemt DUO alleen aan in de laatste twee maanden van de termijn (${windowStart} tot ${end}).`,
          )
        : RULE_OK,
      values.includes(true) && !overschreden
        ? refuse(
            'VERWIJTBAAR_BUITEN_VENSTER',
            `'Verwijtbaar: ja' neemt DUO pas aan als de termijn is overschreden (vanaf ${end}).`,
          )
        : RULE_OK,
      values.length > 0 && state.ondertussengroep
        ? refuse(
            'VERWIJTBAAR_NIET_VAN_TOEPASSING',
            'De inburgeraar valt onder de oude wet (ondertussengroep): geen melding aan DUO.',
          )
        : RULE_OK,
      map !== undefined && state.pip?.leerroute === 'ONDERWIJS'
        ? refuse('VERWIJTBAAR_NIET_VAN_TOEPASSING', 'De onderwijsroute heeft geen MAP.')
        : RULE_OK,
      map !== undefined && state.progress.mapEindgesprek
        ? refuse(
            'VERWIJTBAAR_NIET_VAN_TOEPASSING',
            'Het MAP-eindgesprek is al aan DUO doorgegeven: verwijtbaarheid is dan niet van toepassing.',
          )
        : RULE_OK,
      pvt !== undefined && state.progress.pvtSigned
        ? refuse(
            'VERWIJTBAAR_NIET_VAN_TOEPASSING',
            'De participatieverklaring is al ondertekend en doorgegeven: verwijtbaarheid is dan niet van toepassing.',
          )
        : RULE_OK,
    );
  },
  apply: (state, input, { today }) => {
    const end = state.termijn?.end ?? today;
    const details: Record<string, string> = { termijnEinde: end };
    if (input.mapVerwijtbaar !== undefined) {
      const verwijtbaar = ja(input.mapVerwijtbaar);
      details.map = verwijtbaar;
      reportToDuo(state, `map-verwijtbaar:${end}:${verwijtbaar}`, {
        recipient: 'DUO',
        type: 'MAP_VERWIJTBAARHEID',
        payload: { verwijtbaar, termijnEinde: end },
      });
    }
    if (input.pvtVerwijtbaar !== undefined) {
      const verwijtbaar = ja(input.pvtVerwijtbaar);
      details.pvt = verwijtbaar;
      reportToDuo(state, `pvt-verwijtbaar:${end}:${verwijtbaar}`, {
        recipient: 'DUO',
        type: 'PVT_VERWIJTBAARHEID',
        payload: { verwijtbaar, termijnEinde: end },
      });
    }
    closeTasksOfType(state, ['VERWIJTBAARHEID_DOORGEVEN'], 'verwijtbaarheid doorgegeven');
    // After the end, this is the judgement the termijn's end asked for (follow-ups).
    if (isOnOrAfter(today, end))
      closeTasksOfType(state, ['TERMIJN_VERSTREKEN_BEOORDELEN'], 'verwijtbaarheid beoordeeld');
    decide(state, { kind: 'VERWIJTBAARHEID', date: input.date, details });
  },
});
