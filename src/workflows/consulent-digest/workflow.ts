/**
 * The daily digest of consulent notices: started every morning by a Temporal Schedule
 * (src/temporal/digest-schedule.ts). One activity gathers, per consulent who chose the digest,
 * the notices that waited (WACHT_OP_DAGOVERZICHT) into one outbox message and starts its
 * delivery — so the digest mail has the outbox's retries and audit like every notice.
 */
import { proxyActivities } from '@temporalio/workflow';
import { todayInAmsterdam } from '../../domain/today';
import type { createDigestActivities } from '../../activities/digest';
import type { ConsulentDigestResult } from './messages';

const { sendConsulentDigests } = proxyActivities<ReturnType<typeof createDigestActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

export async function consulentDigestWorkflow(): Promise<ConsulentDigestResult> {
  // Workflow time is deterministic: the date of the run's start in Amsterdam.
  const date = todayInAmsterdam(new Date());
  return { date, digests: await sendConsulentDigests({ date }) };
}
