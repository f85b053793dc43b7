/**
 * The development identity provider's accounts: one consulent, teamleider and beheerder per gemeente,
 * a second consulent per gemeente (to hand tasks over to) and a regional beheerder. Their
 * passwords are derived from the login, so they are the same on every machine and printed by
 * `npm start`; they are public, which is why production refuses the development provider.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../db/client';
import type { PeopleRole } from './claims';

export interface DevelopmentAccount {
  /** Login name = `sub` claim. */
  login: string;
  password: string;
  name: string;
  role: PeopleRole;
  /** Gemeente id, or `regio`. */
  gemeente: string;
}

const capitalized = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

export function developmentPassword(login: string): string {
  return `ontw-${createHash('sha256').update(`inburgering-werkplek:${login}`).digest('base64url').slice(0, 10)}`;
}

export function developmentAccounts(gemeenten: readonly string[]): DevelopmentAccount[] {
  const accounts: Array<Omit<DevelopmentAccount, 'password'>> = [];
  for (const gemeente of gemeenten) {
    const name = capitalized(gemeente);
    accounts.push({ login: `consulent@${gemeente}`, name: `Consulent ${name}`, role: 'consulent', gemeente });
    accounts.push({ login: `collega@${gemeente}`, name: `Collega-consulent ${name}`, role: 'consulent', gemeente });
    accounts.push({ login: `teamleider@${gemeente}`, name: `Teamleider ${name}`, role: 'teamleider', gemeente });
    accounts.push({ login: `beheerder@${gemeente}`, name: `Beheerder ${name}`, role: 'beheerder', gemeente });
  }
  accounts.push({ login: 'beheerder@regio', name: 'Regionale beheerder', role: 'beheerder', gemeente: 'regio' });
  return accounts.map((account) => ({ ...account, password: developmentPassword(account.login) }));
}

/** Registers the development consulenten as colleagues (tasks can be handed over before they sign in). */
export async function seedDevelopmentPeople(prisma: PrismaClient, accounts: DevelopmentAccount[]): Promise<void> {
  for (const account of accounts) {
    const gemeente = account.gemeente === 'regio' ? null : account.gemeente;
    await prisma.werkplekUser.upsert({
      where: { subject: account.login },
      create: { subject: account.login, name: account.name, role: account.role, gemeente },
      update: {},
    });
  }
}
