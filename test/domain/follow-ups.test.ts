import { describe, expect, it } from 'vitest';
import {
  followUpDueDate,
  termijnEndFollowUp,
  verzuimPeriode,
  verzuimReachesThreshold,
  voortgangFollowUp,
} from '../../src/domain/follow-ups';
import {
  DEFAULT_OPVOLGING_DAGEN,
  DEFAULT_VERZUIM_DREMPEL_UREN,
  opvolgingDagen,
  validatePolicy,
  verzuimDrempelUren,
} from '../../src/domain/policy';
import { taskTitle } from '../../src/domain/tasks';
import { DEFAULT_POLICY } from '../../src/domain/types';

describe('follow-up of a voortgangsgesprek', () => {
  it('none when on schedule', () => {
    expect(voortgangFollowUp('OP_SCHEMA', '2026-03-02', DEFAULT_POLICY)).toBeUndefined();
  });

  it('achterstand: plan a follow-up talk; niet verschenen: contact — due after the policy days (default 14)', () => {
    expect(voortgangFollowUp('ACHTERSTAND', '2026-03-02', DEFAULT_POLICY)).toEqual({
      action: 'GESPREK_INPLANNEN',
      dueDate: '2026-03-16',
    });
    expect(voortgangFollowUp('NIET_VERSCHENEN', '2026-03-02', { opvolgingDagen: 5 })).toEqual({
      action: 'CONTACT_OPNEMEN',
      dueDate: '2026-03-07',
    });
  });

  it('the due date counts calendar days across a month end', () => {
    expect(followUpDueDate('2026-01-25', { opvolgingDagen: 10 })).toBe('2026-02-04');
  });

  it('task titles say what to do and by when, in Dutch', () => {
    expect(taskTitle('VOORTGANG_OPVOLGEN', { opvolging: 'CONTACT_OPNEMEN', dueDate: '2026-03-16' })).toBe(
      'Niet verschenen op het voortgangsgesprek: neem contact op met de inburgeraar (uiterlijk 16 maart 2026)',
    );
    expect(taskTitle('VOORTGANG_OPVOLGEN', { opvolging: 'GESPREK_INPLANNEN' })).toContain('plan een vervolggesprek');
    expect(taskTitle('VERZUIM_OPVOLGEN', { maand: '2026-03', verzuimUren: 8.5 })).toBe(
      'Verzuim: 8,5 uur gemist in maart 2026. Neem contact op met de inburgeraar',
    );
  });
});

describe('verzuim', () => {
  it('the period is the calendar month of the report', () => {
    expect(verzuimPeriode('2026-03-31')).toBe('2026-03');
    expect(verzuimPeriode('2026-04-01')).toBe('2026-04');
  });

  it('reaching the threshold (default 8 hours) opens a task once: under → at or over', () => {
    expect(verzuimReachesThreshold(0, 7.75, DEFAULT_POLICY)).toBe(false);
    expect(verzuimReachesThreshold(0, 8, DEFAULT_POLICY)).toBe(true);
    expect(verzuimReachesThreshold(6, 12, DEFAULT_POLICY)).toBe(true);
    // Already over: a later report in the same month opens no second task.
    expect(verzuimReachesThreshold(8, 10, DEFAULT_POLICY)).toBe(false);
  });

  it('the threshold is per gemeente', () => {
    expect(verzuimReachesThreshold(0, 8, { verzuimDrempelUren: 16 })).toBe(false);
    expect(verzuimReachesThreshold(10, 16, { verzuimDrempelUren: 16 })).toBe(true);
  });
});

describe('follow-up policy', () => {
  it('defaults: 14 days, 8 hours', () => {
    expect(opvolgingDagen(DEFAULT_POLICY)).toBe(DEFAULT_OPVOLGING_DAGEN);
    expect(DEFAULT_OPVOLGING_DAGEN).toBe(14);
    expect(verzuimDrempelUren(DEFAULT_POLICY)).toBe(DEFAULT_VERZUIM_DREMPEL_UREN);
    expect(DEFAULT_VERZUIM_DREMPEL_UREN).toBe(8);
  });

  it('a gemeente may set 1..90 days and 1..200 whole hours', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, opvolgingDagen: 90, verzuimDrempelUren: 200 })).toEqual({ ok: true });
    expect(validatePolicy({ ...DEFAULT_POLICY, opvolgingDagen: 0 })).toMatchObject({
      ok: false,
      rule: 'BELEID_OPVOLGING_DAGEN',
    });
    expect(validatePolicy({ ...DEFAULT_POLICY, opvolgingDagen: 91 })).toMatchObject({ rule: 'BELEID_OPVOLGING_DAGEN' });
    expect(validatePolicy({ ...DEFAULT_POLICY, verzuimDrempelUren: 0 })).toMatchObject({
      rule: 'BELEID_VERZUIM_DREMPEL',
    });
    expect(validatePolicy({ ...DEFAULT_POLICY, verzuimDrempelUren: 7.5 })).toMatchObject({
      rule: 'BELEID_VERZUIM_DREMPEL',
    });
  });
});

describe('the end of the termijn', () => {
  it('without the obligation met: a task for a person, due after the follow-up days', () => {
    expect(termijnEndFollowUp('2029-03-03', false, DEFAULT_POLICY)).toEqual({ dueDate: '2029-03-17' });
    expect(termijnEndFollowUp('2029-03-03', false, { opvolgingDagen: 30 })).toEqual({ dueDate: '2029-04-02' });
  });

  it('with the obligation met: nothing to judge', () => {
    expect(termijnEndFollowUp('2029-03-03', true, DEFAULT_POLICY)).toBeUndefined();
  });
});
