import { describe, expect, it } from 'vitest';
import { defaultStartPhase } from '../../src/domain/start-phase';

describe('default start phase', () => {
  it('an asielstatushouder starts at the koppeling (COA hands over)', () => {
    expect(defaultStartPhase({ targetGroup: 'asielstatushouder', ondertussengroep: false })).toBe('KOPPELING');
  });

  it('the ondertussengroep (old law, settled long ago) and every other migrant start at the brede intake', () => {
    expect(defaultStartPhase({ targetGroup: 'asielstatushouder', ondertussengroep: true })).toBe('BREDE_INTAKE');
    expect(defaultStartPhase({ targetGroup: 'gezinsmigrant', ondertussengroep: false })).toBe('BREDE_INTAKE');
    expect(defaultStartPhase({ targetGroup: 'overige_migrant', ondertussengroep: true })).toBe('BREDE_INTAKE');
  });
});
