import { z } from 'zod';
import { FIGURE_TABLE_IDS } from '../../monitor/figures';

import { isoDateRangePattern } from '../../domain/date-windows';
import { FIRST_YEAR, LAST_YEAR } from '../../domain/period';
import { zGemeente } from '../http/primitives';

/**
 * Every query and path parameter of the monitor says exactly what the server accepts (the
 * OpenAPI document is no looser than the handlers): years FIRST_YEAR–LAST_YEAR, periods as
 * `JJJJ`, `JJJJ-Qn`, `JJJJ-Hn`, `JJJJ-MM`, real calendar dates, the installation's gemeenten.
 * What one parameter cannot say — `van` and `tot` together, `tot` not before `van`, at most ten
 * years, not with `periode` — is checked by the handler (400 naming the parameter) and written
 * in the descriptions.
 */
/** `2000`–`2100`, compactly: 20dd or 2100. */
const YEAR_PATTERN = `(20[0-9]{2}|2100)`;
export const PERIODE_PATTERN = new RegExp(`^${YEAR_PATTERN}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$`);
export const KWARTAAL_PATTERN = new RegExp(`^${YEAR_PATTERN}-Q[1-4]$`);
export const JAAR_PATTERN = new RegExp(`^${YEAR_PATTERN}$`);
const DATE_PATTERN = new RegExp(isoDateRangePattern(`${FIRST_YEAR}-01-01`, `${LAST_YEAR}-12-31`));

const zMonitorDate = z
  .string()
  .regex(DATE_PATTERN, `Verwacht een datum JJJJ-MM-DD (${FIRST_YEAR}–${LAST_YEAR})`)
  .meta({ format: 'date', example: '2026-10-01' });

const zGemeenteQuery = zGemeente
  .optional()
  .meta({ description: 'Eén gemeente (regionale beheerder); standaard alle gemeenten in uw bevoegdheid.' });

export const ZPeriodQuery = {
  periode: z
    .string()
    .regex(PERIODE_PATTERN, 'Verwacht JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM (jaar 2000–2100)')
    .optional()
    .meta({
      description:
        'JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM, bijv. 2026-Q4 (jaar 2000–2100). Niet samen met van/tot. Zonder periode en van/tot: het lopende kwartaal.',
      example: '2026-Q4',
    }),
  van: zMonitorDate
    .optional()
    .meta({ description: 'Eerste dag (JJJJ-MM-DD). Alleen samen met tot, niet met periode.', example: '2026-10-01' }),
  tot: zMonitorDate.optional().meta({
    description:
      'Laatste dag, inbegrepen (JJJJ-MM-DD). Alleen samen met van; niet vóór van, hoogstens tien jaar na van.',
    example: '2026-12-31',
  }),
  gemeente: zGemeenteQuery,
};

export const zFormaat = z.enum(['json', 'csv']).default('json').meta({ description: 'json (standaard) of csv.' });

export const ZFiguresQuery = z.object(ZPeriodQuery).strict();
export const ZFigureTableQuery = z.object({ ...ZPeriodQuery, formaat: zFormaat }).strict();
export const ZFigureTableParams = z.object({ tabel: z.enum(FIGURE_TABLE_IDS) });

export const ZMoneyQuery = z
  .object({
    jaar: z
      .string()
      .regex(JAAR_PATTERN, 'Verwacht een jaartal JJJJ (2000–2100)')
      .optional()
      .meta({ description: 'Jaar (JJJJ, 2000–2100); standaard het lopende jaar.', example: '2026' }),
    gemeente: zGemeenteQuery,
  })
  .strict();
export const ZMoneyTableQuery = ZMoneyQuery.extend({ formaat: zFormaat }).strict();
export const ZMoneyTableParams = z.object({ tabel: z.enum(['voorzieningen', 'prestatiebekostiging']) });

const zCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ZFigureTable = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().meta({ description: 'Hoe de cijfers geteld zijn.' }),
    columns: z.array(z.object({ key: z.string(), header: z.string().meta({ description: 'Kop in de CSV.' }) })),
    rows: z
      .array(z.record(z.string(), zCell))
      .meta({ description: 'Eén rij per gemeente (kolom `gemeente`), plus `regio` bij meer dan één gemeente.' }),
  })
  .meta({ id: 'FigureTable' });

const ZPeriod = z.object({
  label: z.string(),
  kind: z.enum(['MAAND', 'KWARTAAL', 'HALFJAAR', 'JAAR', 'VRIJ']),
  van: z.string(),
  tot: z.string(),
});

export const ZFigures = z
  .object({
    periode: ZPeriod,
    asOf: z.string().meta({ description: 'Peildatum (vandaag, Europe/Amsterdam).' }),
    gemeenten: z.array(z.string()),
    tables: z.array(ZFigureTable),
  })
  .meta({ id: 'MonitorFigures' });

export const ZMoney = z
  .object({ jaar: z.number().int(), gemeenten: z.array(z.string()), tables: z.array(ZFigureTable) })
  .meta({ id: 'MonitorMoney' });
