import { describe, expect, it } from 'vitest';
import { ENFORCEMENT_REASONS, proposeSanction } from '../../src/domain/enforcement';
import { TARGET_GROUPS } from '../../src/domain/types';

describe('handhaving proposals (framework 3.2.5, 4.8; Wi art. 22–23)', () => {
  it('ondertussengroep never gets a sanction proposal', () => {
    // Arrange: every combination, however many warnings
    const proposals = TARGET_GROUPS.flatMap((targetGroup) =>
      ENFORCEMENT_REASONS.flatMap((reason) =>
        [0, 1, 5].map((priorWarnings) =>
          proposeSanction({ ondertussengroep: true, targetGroup, reason, priorWarnings }),
        ),
      ),
    );

    // Assert
    expect(proposals.every((proposal) => proposal.kind === 'NONE' && proposal.maxAmountEur === undefined)).toBe(true);
    expect(proposals[0]?.flags).toEqual(['ONDERTUSSENGROEP']);
  });

  it('first a warning, never a boete without a prior warning', () => {
    const proposal = proposeSanction({
      ondertussengroep: false,
      targetGroup: 'gezinsmigrant',
      reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN',
      priorWarnings: 0,
    });
    expect(proposal.kind).toBe('WAARSCHUWING');
    expect(proposal.maxAmountEur).toBeUndefined();
    expect(proposal.flags).toEqual(['BESLISSING_DOOR_MEDEWERKER']);
  });

  it('after a warning a boete proposal of at most € 800, decided by a person', () => {
    const proposal = proposeSanction({
      ondertussengroep: false,
      targetGroup: 'gezinsmigrant',
      reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN',
      priorWarnings: 1,
    });
    expect(proposal).toEqual({
      kind: 'BOETE_VOORSTEL',
      maxAmountEur: 800,
      flags: ['BESLISSING_DOOR_MEDEWERKER'],
      reason:
        'Voorstel om een boete te overwegen van ten hoogste € 800 (afspraken uit het PIP niet nagekomen, na 1 waarschuwing). Weeg de omstandigheden mee.',
    });
  });

  it('a boete proposal for an asielstatushouder carries the Raad van State 2025 flag', () => {
    const proposal = proposeSanction({
      ondertussengroep: false,
      targetGroup: 'asielstatushouder',
      reason: 'PIP_NIET_MEEGEWERKT',
      priorWarnings: 2,
    });
    expect(proposal.kind).toBe('BOETE_VOORSTEL');
    expect(proposal.flags).toContain('RVS_2025_ASIELSTATUSHOUDER');
    expect(proposal.reason).toContain('Raad van State');
  });
});
