/**
 * Dates as Okta Identity Governance writes them: `created`/`lastUpdated` to the second in UTC
 * (`2024-10-04T13:43:35Z`), schedule dates in the campaign's own time zone (`2024-10-04T09:43:40-04:00`).
 */

const dayMs = 86_400_000;
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const isoDuration =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Epoch milliseconds of an ISO-8601 date-time with an offset (seconds optional); undefined otherwise. */
export function parseDateTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !rfc3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `2024-10-04T13:43:35Z`: Okta governance timestamps carry no milliseconds. */
export function secondsIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, zone: string): WallClock {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(ms: number, zone: string): number {
  const wall = wallClock(ms, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - (ms - (ms % 1000))) / 60_000);
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/**
 * An instant written in a time zone the way Okta's Java services write an OffsetDateTime: seconds always, the
 * fraction only when there is one (trailing zeros dropped), `Z` for a zero offset.
 */
export function zonedIso(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000);
  const millis = local.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${pad(millis, 3).replace(/0+$/, '')}`;
  const sign = offset < 0 ? '-' : '+';
  const zoneText = offset === 0 ? 'Z' : `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zoneText}`
  );
}

export function isDuration(text: unknown): boolean {
  return typeof text === 'string' && isoDuration.test(text);
}

/**
 * `start` plus `times` × an ISO-8601 duration, counted on the zone's wall clock (P1M keeps the day of the month,
 * clamped to the month's last day; P1D keeps the local time across a DST change).
 */
export function addDuration(start: number, duration: string, zone: string, times: number): number {
  const match = isoDuration.exec(duration);
  if (match === null) throw new Error(`not an ISO-8601 duration: ${duration}`);
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((value) => Number(value ?? 0) * times);
  const wall = wallClock(start, zone);
  const monthIndex = wall.month - 1 + (months ?? 0) + (years ?? 0) * 12;
  const year = wall.year + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const dateUtc = Date.UTC(
    year,
    month,
    Math.min(wall.day, lastDay) + (days ?? 0) + (weeks ?? 0) * 7,
    wall.hour,
    wall.minute,
    wall.second,
    start % 1000,
  );
  // Wall clock → instant: subtract the zone's offset, then correct once for a DST change in between.
  let instant = dateUtc - offsetMinutes(dateUtc, zone) * 60_000;
  instant = dateUtc - offsetMinutes(instant, zone) * 60_000;
  return instant + ((hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0)) * 1000;
}

export function addDays(ms: number, days: number): number {
  return ms + days * dayMs;
}
