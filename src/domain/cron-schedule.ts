/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), as Kubernetes CronJobs
 * read it: `*`, numbers, `a-b` ranges, `a,b` lists, `/n` steps, month and weekday names, weekday 7
 * = Sunday. When both day fields are restricted a day matches if either does (classic cron).
 * Times are compared in UTC, the default of a CronJob without `timeZone`.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

export type ParsedCron =
  | { readonly ok: true; readonly value: CronSchedule }
  | { readonly ok: false; readonly reason: string };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

export function parseCron(expression: string): ParsedCron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    return {
      ok: false,
      reason: `needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    };
  const sets: Set<number>[] = [];
  for (const [i, spec] of FIELDS.entries()) {
    const parsed = parseField(parts[i] ?? '', spec);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    sets.push(parsed);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  // 7 is another name for Sunday.
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    ok: true,
    value: {
      expression: parts.join(' '),
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      dayOfMonthRestricted: !(parts[2] ?? '').startsWith('*'),
      dayOfWeekRestricted: !(parts[4] ?? '').startsWith('*'),
    },
  };
}

/** Whether the schedule fires in the (UTC) minute containing `at`. */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  if (
    !schedule.minutes.has(at.getUTCMinutes()) ||
    !schedule.hours.has(at.getUTCHours()) ||
    !schedule.months.has(at.getUTCMonth() + 1)
  )
    return false;
  const dom = schedule.daysOfMonth.has(at.getUTCDate());
  const dow = schedule.daysOfWeek.has(at.getUTCDay());
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dom || dow;
  return dom && dow;
}

/** The first whole minute strictly after `after` at which the schedule fires (within ~5 years). */
export function nextCronTime(schedule: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  // Minute steps are cheap enough: at most ~2.6M iterations for "29 February on a Monday".
  for (let i = 0; i < 5 * 366 * 24 * 60; i++) {
    if (cronMatches(schedule, t)) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return null;
}

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [rangeText = '', stepText, extra] = item.split('/');
    if (extra !== undefined) return `${spec.name} '${item}': more than one '/'`;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1)
        return `${spec.name} '${item}': the step must be a whole number >= 1`;
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (rangeText === '*') {
      from = spec.min;
      to = spec.max === 7 ? 6 : spec.max;
    } else {
      const [a = '', b, more] = rangeText.split('-');
      if (more !== undefined) return `${spec.name} '${item}': not a range`;
      const start = value(a, spec);
      if (start === null)
        return `${spec.name} '${item}': '${a}' is not from ${spec.min} to ${spec.max}`;
      from = start;
      if (b === undefined) to = stepText === undefined ? start : spec.max;
      else {
        const end = value(b, spec);
        if (end === null)
          return `${spec.name} '${item}': '${b}' is not from ${spec.min} to ${spec.max}`;
        if (end < start) return `${spec.name} '${item}': the range runs backwards`;
        to = end;
      }
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

function value(text: string, spec: FieldSpec): number | null {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return spec.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : null;
}
