/**
 * Pseudonyms: the trajectory id is a keyed HMAC of gemeente + BSN (config.PSEUDONYM_KEY), so
 * the same person in the same gemeente always maps to the same trajectory and workflow id
 * (idempotent start), while neither id reveals the BSN. `bsnHash` is the lookup key of the
 * Person row (e.g. for DUO notifications that carry a BSN).
 */
import { createHmac } from 'node:crypto';

export function trajectoryIdFor(pseudonymKey: string, gemeente: string, bsn: string, generation = 0): string {
  // Generation > 0: a new plicht after an ended trajectory of the same person here (SS110 path).
  const subject = generation === 0 ? `trajectory:${gemeente}:${bsn}` : `trajectory:${gemeente}:${bsn}:${generation}`;
  const digest = createHmac('sha256', pseudonymKey).update(subject, 'utf8').digest();
  return `trj_${digest.subarray(0, 15).toString('hex')}`;
}

export function bsnHash(pseudonymKey: string, bsn: string): string {
  return createHmac('sha256', pseudonymKey).update(`bsn:${bsn}`, 'utf8').digest('hex');
}

/** The BSN elfproef (11-check): 9 digits, Σ digit·weight (9..2, −1) divisible by 11. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.reduce((total, digit, index) => total + digit * (index === 8 ? -1 : 9 - index), 0);
  return sum % 11 === 0 && value !== '000000000';
}
