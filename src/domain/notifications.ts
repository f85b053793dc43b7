/**
 * Which tasks reach the consulent by e-mail, and what such a mail may say. The werkvoorraad
 * always holds every task; a mail is for what should not wait until the consulent looks:
 * - a new task of the trajectory's consulent, assigned to that consulent, due within 7 days;
 * - every escalation (a TEAMLEIDER task of the trajectory): the consulent hears it too;
 * - DUO refusing a message (or our pre-check finding that DUO would).
 * The mail holds the task's title and a link to the werkplek — never a name, BSN or note. Task
 * titles come from the catalogue (src/domain/tasks.ts) with codes and dates only; `mailSafeTitle`
 * is the second line: it masks anything shaped like a BSN or an e-mail address.
 */
import { addDays, isAfter } from './dates';
import type { TaskAudience, TaskType } from './tasks';
import type { IsoDate } from './types';

/** A new task due within this many days is mailed. */
export const NOTICE_DUE_WITHIN_DAYS = 7;

export const NOTICE_REASONS = ['NIEUWE_TAAK', 'ESCALATIE', 'DUO_WEIGERING'] as const;
export type NoticeReason = (typeof NOTICE_REASONS)[number];

/** How a consulent wants notices: a mail each, one mail a day, or only the werkvoorraad. */
export const NOTICE_MODES = ['DIRECT', 'DAGOVERZICHT', 'UIT'] as const;
export type NoticeMode = (typeof NOTICE_MODES)[number];

export const NOTICE_MODE_LABELS: Record<NoticeMode, string> = {
  DIRECT: 'Direct: een e-mail per melding',
  DAGOVERZICHT: 'Dagoverzicht: één e-mail per dag met alle meldingen',
  UIT: 'Uit: alleen in de werkvoorraad',
};

export interface NewTask {
  type: TaskType;
  audience: TaskAudience;
  trajectoryId: string | null;
  assigneeId?: string | null;
  dueDate?: IsoDate | null;
}

/** Why this new task is mailed to the trajectory's consulent, or undefined (not mailed). */
export function noticeReason(
  task: NewTask,
  consulentId: string | null | undefined,
  today: IsoDate,
): NoticeReason | undefined {
  if (!task.trajectoryId || !consulentId) return undefined;
  if (task.type === 'DUO_MELDING_GEWEIGERD') return 'DUO_WEIGERING';
  if (task.audience === 'TEAMLEIDER') return 'ESCALATIE';
  if (task.audience !== 'CONSULENT' || task.assigneeId !== consulentId || !task.dueDate) return undefined;
  return isAfter(task.dueDate, addDays(today, NOTICE_DUE_WITHIN_DAYS)) ? undefined : 'NIEUWE_TAAK';
}

/** The subject line's prefix per reason. */
export const NOTICE_REASON_LABELS: Record<NoticeReason, string> = {
  NIEUWE_TAAK: 'Nieuwe taak',
  ESCALATIE: 'Escalatie',
  DUO_WEIGERING: 'DUO weigert een melding',
};

/** Anything shaped like a BSN (8–9 digits in a row) or an e-mail address is masked. */
export function mailSafeTitle(title: string): string {
  return title
    .replace(/[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g, '[adres]')
    .replace(/\d[\d.\s-]{6,}\d/g, (run) => (run.replace(/\D/g, '').length >= 8 ? '[nummer]' : run));
}
