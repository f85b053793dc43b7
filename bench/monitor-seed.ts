/**
 * The monitor's synthetic data set, shared by `npm run bench:monitor` (100 000 trajectories)
 * and `npm run seed:monitor` (the example quarter): N trajectories over the four gemeenten and
 * 2024–2026 with their voortgang tasks, outbox messages and MonitorEvent rows, written in SQL
 * (generate_series) — deterministic: the same N gives the same figures (ids aside).
 */
import type pg from 'pg';

/** One trajectory per i: gemeente, doelgroep, dates spread over 2024–2026, about a third closed. */
const SEED_SQL = `
INSERT INTO "Trajectory" (id, "workflowId", gemeente, "targetGroup", ondertussengroep, phase, leerroute, status,
  "closeReason", "stateVersion", "updatedAt", "instroomOn", "pipClockSource", "pipClockStart", "firstPipDeadline",
  "firstPipDagtekening", "termijnStart", "termijnEnd", "closedOn", "ontzorgenStart", "ontzorgenEnd",
  "pvtDone", "mapDone", "knmDone", "examLevel", "hoursTaalKnm", "hoursParticipatie", "heldMessages")
SELECT 'b' || i, 'trajectory-b' || i,
  -- Knuth's multiplicative hash (top two bits): the gemeente is independent of the i % k patterns below.
  (ARRAY['altena','drimmelen','geertruidenberg','oosterhout'])[1 + ((i::bigint * 2654435761) % 4294967296) / 1073741824],
  (ARRAY['asielstatushouder','asielstatushouder','gezinsmigrant','overige_migrant'])[1 + (i / 4) % 4],
  i % 17 = 0,
  CASE WHEN closed THEN 'AFGEROND' WHEN pip IS NULL THEN 'PIP' ELSE 'LEERROUTE' END,
  CASE WHEN pip IS NULL THEN NULL ELSE (ARRAY['Z','Z','Z','Z','Z','Z','B1','B1','B1','ONDERWIJS'])[1 + (i / 7) % 10] END,
  CASE WHEN closed THEN 'CLOSED' ELSE 'ACTIVE' END,
  CASE WHEN closed THEN (ARRAY['PLICHT_VOLDAAN','PLICHT_VOLDAAN','PLICHT_VOLDAAN','ONTHEFFING','VERHUISD'])[1 + i % 5] END,
  1, now(), instroom, CASE WHEN i % 3 = 0 THEN 'INSCHRIJVING' ELSE 'SS139' END, instroom, instroom + 70,
  pip, pip + 1, pip + 1 + interval '3 years', CASE WHEN closed THEN pip + 400 + (i % 300) END,
  CASE WHEN i % 4 = 0 THEN pip END, CASE WHEN i % 4 = 0 THEN pip + 182 END,
  i % 2 = 0, i % 3 = 0, i % 5 = 0, CASE WHEN closed THEN (ARRAY['A2','B1','B2'])[1 + i % 3] END,
  i % 400, i % 300, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END
FROM (
  SELECT i, instroom, CASE WHEN i % 10 = 0 THEN NULL ELSE instroom + (40 + i % 45) END AS pip,
         i % 3 = 0 AND instroom < date '2026-01-01' AS closed
  FROM (SELECT i, date '2024-01-01' + (i % 1050) AS instroom FROM generate_series(1, $1::int) AS i) s
) t;

INSERT INTO "Task" (id, key, "trajectoryId", gemeente, type, title, "dueDate", status, result, "closedAt")
SELECT gen_random_uuid()::text, 'bench-task-' || t.id || '-' || k, t.id, t.gemeente, 'VOORTGANGSGESPREK', 'Voortgangsgesprek',
  t."firstPipDagtekening" + 90 * k, CASE WHEN k = 3 THEN 'OPEN' ELSE 'CLOSED' END,
  CASE WHEN k = 3 THEN NULL ELSE '{"reden":"voortgangsgesprek gevoerd"}'::jsonb END,
  CASE WHEN k = 3 THEN NULL ELSE (t."firstPipDagtekening" + 90 * k + (k * 3 - 4))::timestamp END
FROM "Trajectory" t, generate_series(1, 3) AS k WHERE t."firstPipDagtekening" IS NOT NULL;

INSERT INTO "MonitorEvent" (id, key, "trajectoryId", gemeente, type, data, "occurredOn")
SELECT gen_random_uuid()::text, 'bench-ev-' || t.id, t.id, t.gemeente, 'HANDHAVING_BESLOTEN',
  jsonb_build_object('datum', t."instroomOn" + 200, 'soort', CASE WHEN substr(t.id, 2)::int % 2 = 0 THEN 'BOETE' ELSE 'WAARSCHUWING' END, 'bedragCent', 25000),
  t."instroomOn" + 200
FROM "Trajectory" t WHERE substr(t.id, 2)::int % 9 = 0;

INSERT INTO "OutboxMessage" (id, key, "trajectoryId", recipient, type, status, "createdAt", "deliveredAt")
SELECT gen_random_uuid()::text, 'bench-out-' || t.id, t.id, CASE WHEN substr(t.id, 2)::int % 4 = 0 THEN 'TAALAANBIEDER' ELSE 'DUO' END,
  'PIP_VASTGESTELD', (ARRAY['DELIVERED','DELIVERED','DELIVERED','FAILED','PENDING','HELD_NO_CONSENT'])[1 + substr(t.id, 2)::int % 6],
  t."firstPipDagtekening"::timestamp, t."firstPipDagtekening"::timestamp + interval '1 hour'
FROM "Trajectory" t WHERE t."firstPipDagtekening" IS NOT NULL;
`;

/** Seeds N trajectories (and their rows) through `client`, then VACUUM ANALYZE. */
export async function seedMonitorData(client: pg.ClientBase, n: number): Promise<void> {
  for (const statement of SEED_SQL.split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    await client.query(statement, statement.includes('$1') ? [n] : []);
  }
  // The steady state autovacuum keeps: statistics and the visibility map (index-only scans).
  await client.query('VACUUM ANALYZE');
}
