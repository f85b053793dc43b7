/**
 * Who may see which gemeente's figures, and which period a request asks for. A gemeente
 * beheerder sees only their own gemeente; the regional beheerder each gemeente and the
 * region. A gemeente outside the caller's scope is a 404 naming `query.gemeente` (as if it
 * did not exist: not even its existence leaks), and nothing is computed for it.
 */
import type { Config } from '../../config';
import { parsePeriode, periodFromRange, quarterOf, type Period } from '../../domain/period';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';

export function monitorGemeenten(
  principal: Principal,
  config: Pick<Config, 'GEMEENTEN'>,
  requested: string | undefined,
  field = 'query.gemeente',
): string[] {
  const allowed = principal.gemeente === null ? config.GEMEENTEN : [principal.gemeente];
  if (requested === undefined) return [...allowed];
  if (!allowed.includes(requested)) {
    throw new AppError('NOT_FOUND', `Gemeente ${requested} bestaat niet of valt buiten uw bevoegdheid.`, {
      errors: [{ field, message: 'Onbekende gemeente of buiten uw bevoegdheid' }],
    });
  }
  return [requested];
}

const badPeriod = (field: string, message: string) =>
  new AppError('BAD_REQUEST', message, { errors: [{ field, message }] });

/** `periode`, or `van` + `tot`; neither: the current quarter. */
export function periodFromQuery(
  query: { periode?: string | undefined; van?: string | undefined; tot?: string | undefined },
  today: string,
): Period {
  const hasRange = query.van !== undefined || query.tot !== undefined;
  if (query.periode !== undefined && hasRange)
    throw badPeriod('query.periode', 'Geef óf een periode óf van en tot, niet allebei.');
  if (query.periode !== undefined) {
    const period = parsePeriode(query.periode);
    if (!period)
      throw badPeriod(
        'query.periode',
        `Onbekende periode "${query.periode}": gebruik JJJJ, JJJJ-Qn (kwartaal), JJJJ-Hn (halfjaar) of JJJJ-MM.`,
      );
    return period;
  }
  if (!hasRange) return quarterOf(today);
  if (query.van === undefined) throw badPeriod('query.van', 'Met tot hoort ook van (JJJJ-MM-DD).');
  if (query.tot === undefined) throw badPeriod('query.tot', 'Met van hoort ook tot (JJJJ-MM-DD, de laatste dag).');
  const result = periodFromRange(query.van, query.tot);
  switch (result) {
    case 'VAN_ONGELDIG':
      throw badPeriod('query.van', `Ongeldige datum van "${query.van}" (JJJJ-MM-DD).`);
    case 'TOT_ONGELDIG':
      throw badPeriod('query.tot', `Ongeldige datum tot "${query.tot}" (JJJJ-MM-DD).`);
    case 'TOT_VOOR_VAN':
      throw badPeriod('query.tot', `tot (${query.tot}) ligt vóór van (${query.van}).`);
    case 'TE_LANG':
      throw badPeriod('query.tot', 'Een periode mag hoogstens tien jaar beslaan.');
    default:
      return result;
  }
}
