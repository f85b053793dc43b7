/**
 * Which pages each role sees. Adding a role (e.g. a teamleider) is one entry here plus the
 * roles on the pages it may open.
 */
import type { PeopleRole } from './auth/claims';

export interface NavItem {
  href: string;
  label: string;
}

export const NAVIGATION: Record<PeopleRole, NavItem[]> = {
  consulent: [
    { href: '/werkvoorraad', label: 'Werkvoorraad' },
    { href: '/mijn-caseload', label: 'Mijn caseload' },
    { href: '/zoeken', label: 'Zoeken' },
    { href: '/trajecten/nieuw', label: 'Nieuw traject' },
    { href: '/meldingen', label: 'Meldingen' },
  ],
  teamleider: [
    { href: '/werkvoorraad', label: 'Werkvoorraad' },
    { href: '/zoeken', label: 'Zoeken' },
  ],
  beheerder: [
    { href: '/overzicht', label: 'Overzicht' },
    { href: '/werkvoorraad', label: 'Werkvoorraad' },
    { href: '/koppelingen', label: 'Koppelingen' },
    { href: '/monitor', label: 'Monitor' },
    { href: '/zoeken', label: 'Zoeken' },
  ],
};

/** Where a person lands after signing in. */
export function homeOf(role: PeopleRole): string {
  return NAVIGATION[role][0]!.href;
}
