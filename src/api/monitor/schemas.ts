import { z } from 'zod';
import { FIGURE_TABLE_IDS } from '../../monitor/figures';

const zGemeenteQuery = z
  .string()
  .max(60)
  .optional()
  .meta({ description: 'Eén gemeente (regionale beheerder); standaard alle gemeenten in uw bevoegdheid.' });

export const ZPeriodQuery = {
  periode: z.string().max(40).optional().meta({
    description: 'JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM, bijv. 2026-Q4. Zonder periode en van/tot: het lopende kwartaal.',
  }),
  van: z.string().max(40).optional().meta({ description: 'Eerste dag (JJJJ-MM-DD), met tot.' }),
  tot: z.string().max(40).optional().meta({ description: 'Laatste dag, inbegrepen (JJJJ-MM-DD), met van.' }),
  gemeente: zGemeenteQuery,
};

export const zFormaat = z.enum(['json', 'csv']).default('json').meta({ description: 'json (standaard) of csv.' });

export const ZFiguresQuery = z.object(ZPeriodQuery).strict();
export const ZFigureTableQuery = z.object({ ...ZPeriodQuery, formaat: zFormaat }).strict();
export const ZFigureTableParams = z.object({ tabel: z.enum(FIGURE_TABLE_IDS) });

export const ZMoneyQuery = z
  .object({
    jaar: z.string().max(10).optional().meta({ description: 'Jaar (JJJJ); standaard het lopende jaar.' }),
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
