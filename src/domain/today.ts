/**
 * "Today" is the Europe/Amsterdam calendar date — defined once, here. The workflow passes its
 * deterministic `new Date()`, the API and the activities the wall clock. A UTC date would be
 * yesterday's between 00:00 and 01:00 (winter) or 02:00 (summer) Dutch time, and refuse a
 * decision dated today as lying in the future.
 *
 * Durable timers fire at the start of their calendar day in Amsterdam
 * (`startOfDayInAmsterdam`), so the date a timer fires on is the date "today" returns at that
 * moment. Pure and deterministic (Intl with a fixed time zone, no clock read).
 */
import { addDays, assertIsoDate } from './dates';
import type { IsoDate } from './types';

export const DUTCH_TIME_ZONE = 'Europe/Amsterdam';

/**
 * Made on first use: a workflow's modules are evaluated again for every workflow the worker
 * runs (the SDK's reused V8 context), and an outbox delivery never asks for "today".
 */
let formatter: Intl.DateTimeFormat | undefined;

function parts(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: DUTCH_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return formatter;
}

function wallClock(instant: Date): { date: IsoDate; ms: number } {
  const fields: Record<string, string> = {};
  for (const part of parts().formatToParts(instant)) fields[part.type] = part.value;
  const date = `${fields.year}-${fields.month}-${fields.day}`;
  const ms = Date.UTC(
    Number(fields.year),
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
  return { date, ms };
}

/**
 * The Amsterdam day last asked for, as [from, to) in ms: "today" is asked many times per
 * workflow task (every handler, query and loop turn), and Intl's formatToParts is slow.
 */
let lastDay: { from: number; to: number; date: IsoDate } | undefined;

/** The Dutch calendar date of an instant (YYYY-MM-DD). */
export function todayInAmsterdam(now: Date): IsoDate {
  const instant = now.getTime();
  if (lastDay && instant >= lastDay.from && instant < lastDay.to) return lastDay.date;
  const { date } = wallClock(now);
  lastDay = {
    from: startOfDayInAmsterdam(date).getTime(),
    to: startOfDayInAmsterdam(addDays(date, 1)).getTime(),
    date,
  };
  return date;
}

/** Amsterdam's offset from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(instant: number): number {
  return wallClock(new Date(instant)).ms - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant 00:00 Amsterdam time on `date`. Dutch clocks change at 02:00/03:00, never at
 * midnight, so the offset two hours before UTC midnight is the one in force at local midnight.
 */
export function startOfDayInAmsterdam(date: IsoDate): Date {
  assertIsoDate(date);
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
  return new Date(utcMidnight - offsetAt(utcMidnight - 2 * 60 * 60 * 1000));
}
