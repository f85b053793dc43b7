/**
 * Every status an outbox or inbox row can have is shown in Dutch in the werkplek (inspectie,
 * koppelingen), never as the raw code — also the two waiting states of the outbox.
 */
import { describe, expect, it } from 'vitest';
import { OUTBOX_STATUS } from '../../src/activities/outbox';
import { DELIVERY_STATUS_LABELS, labelOf } from '../../src/domain/labels';

const INBOX_STATUSES = ['RECEIVED', 'DELIVERED', 'IGNORED', 'FAILED'];

describe('delivery status labels', () => {
  it('has a Dutch label for every outbox and inbox status', () => {
    for (const status of [...Object.values(OUTBOX_STATUS), ...INBOX_STATUSES]) {
      const label = labelOf(DELIVERY_STATUS_LABELS, status);
      expect(label, status).not.toBe(status);
      expect(label, status).toMatch(/^[a-z]/);
    }
  });

  it('names what a waiting message waits for', () => {
    expect(labelOf(DELIVERY_STATUS_LABELS, 'WACHT_OP_DUO')).toBe('wacht op koppeling met DUO');
    expect(labelOf(DELIVERY_STATUS_LABELS, 'WACHT_OP_PARTNER')).toBe('wacht op toewijzing van een aanbieder');
    expect(labelOf(DELIVERY_STATUS_LABELS, 'HELD_NO_CONSENT')).toBe('wacht op machtiging');
  });
});
