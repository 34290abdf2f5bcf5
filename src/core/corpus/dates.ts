/**
 * Publication dates as readers' files write them, read into one ISO 8601 form.
 *
 * Corpora come from feeds (RFC 2822: "Wed, 22 Feb 2023 14:30:00 +0000"), spreadsheets
 * ("02/22/2023", "2/22/2023 2:30 PM": month first, as in the United States, where AP's
 * exports come from), news pages ("February 22, 2023", "Feb. 22, 2023 at 9:05 a.m.") and
 * databases ("2023-02-22 14:30:00"). Each form has its own pattern and every part is checked:
 * `Date.parse` is left out because engines disagree on what it accepts and it rolls
 * 2023-02-30 over to March 2 instead of refusing it. An ISO date is kept as written. Any other is read into `YYYY-MM-DD` for a date,
 * `YYYY-MM-DDTHH:MM:SS` for a local date-time and the same with `Z` once a zone is given
 * (converted to UTC). An impossible date (February 30, month 13, 25 o'clock) is an error
 * that says why; so is a form none of the patterns knows.
 *
 * Every four-digit year is read as itself, 0000–0099 included: the arithmetic goes through
 * `setUTCFullYear`, since `Date.UTC` reads the years 0–99 as 1900–1999. Those years are not
 * refused, because an ISO date of any year is kept as written and some exports write
 * "0001-01-01" for "no date"; refusing them would stop a whole corpus over a placeholder.
 * Two more limits keep what is read writable again: a zone offset is at most ±14:00 (the
 * widest in use, Kiribati's +14:00; minutes below 60), and a zoned date whose UTC instant
 * leaves the years 0000–9999 is refused, since ISO 8601 has no four-digit form for it
 * ("+010000-01-01T…" is a date this reader itself refuses).
 */

export type DateReading = { ok: true; iso: string } | { ok: false; problem: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*([ap]\\.?m\\.?)?';
const ZONE = '(z|utc|gmt|[+-]\\d{2}:?\\d{2}|[ecmp][sd]t)?';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';

/** The strict ISO 8601 shapes kept as they are. */
const ISO_KEPT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})(?:[t ]${TIME}\\s*${ZONE})?$`, 'i');
const RFC2822 = new RegExp(`^${WEEKDAY}(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})(?:,?\\s+${TIME})?\\s*${ZONE}$`, 'i');
const US_NUMERIC = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:,?\\s+${TIME})?\\s*${ZONE}$`, 'i');
const MONTH_FIRST = new RegExp(`^${WEEKDAY}${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})(?:,?\\s+(?:at\\s+)?${TIME})?\\s*${ZONE}$`, 'i');

/** North American zone abbreviations feeds still use (RFC 2822 obsolete zones), in minutes east of UTC. */
const NAMED_ZONES: Record<string, number> = { est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

const FORMS = 'an ISO date (2023-02-22, 2023-02-22T14:30:00Z), a feed date (Wed, 22 Feb 2023 14:30:00 +0000), 02/22/2023 (month first) or February 22, 2023';

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The widest zone offset in use (UTC+14:00, Line Islands; the most western is −12:00), in minutes. */
const MAX_ZONE_MINUTES = 14 * 60;

/** Minutes east of UTC; null without a zone; a string saying why for an offset no zone has. */
function zoneMinutes(zone: string | undefined): number | null | string {
  if (!zone) return null;
  const z = zone.toLowerCase();
  if (z === 'z' || z === 'utc' || z === 'gmt') return 0;
  if (Object.hasOwn(NAMED_ZONES, z)) return NAMED_ZONES[z]!;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z)!;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59 || minutes > MAX_ZONE_MINUTES) return `has no time zone ${zone} (offsets run from -14:00 to +14:00)`;
  return m[1] === '-' ? -minutes : minutes;
}

/** Days in a month of the proleptic Gregorian calendar, year 0 a leap year as ISO 8601 has it. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch of a UTC date-time; every year as itself (Date.UTC takes 0–99 as 1900–1999). */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function build(
  year: number,
  month: number,
  day: number,
  time: { h?: string; m?: string; s?: string; ampm?: string; zone?: string },
  original: string,
): DateReading {
  if (month < 1 || month > 12) return { ok: false, problem: `${JSON.stringify(original)} has no month ${month}` };
  const daysIn = daysInMonth(year, month);
  if (day < 1 || day > daysIn) return { ok: false, problem: `${JSON.stringify(original)} is not a real day (${MONTHS[month - 1]} ${pad(year, 4)} has ${daysIn} days)` };
  if (time.h === undefined) return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
  let hour = Number(time.h);
  const minute = Number(time.m);
  const second = Number(time.s ?? 0);
  if (time.ampm) {
    if (hour < 1 || hour > 12) return { ok: false, problem: `${JSON.stringify(original)} has no hour ${hour} ${time.ampm}` };
    const pm = time.ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return { ok: false, problem: `${JSON.stringify(original)} is not a real time of day` };
  const zone = zoneMinutes(time.zone);
  if (typeof zone === 'string') return { ok: false, problem: `${JSON.stringify(original)} ${zone}` };
  if (zone === null) return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(Math.min(second, 59))}` };
  const utc = new Date(utcMillis(year, month, day, hour, minute, Math.min(second, 59)) - zone * 60_000);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return { ok: false, problem: `${JSON.stringify(original)} falls in the year ${utcYear} in UTC, outside 0000–9999` };
  return { ok: true, iso: utc.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** Reads a publication date in one of the common forms; '' stays '' (no date). */
export function readDate(value: string): DateReading {
  const v = value.trim().replace(/\s+/g, ' ');
  if (v === '') return { ok: true, iso: '' };
  if (v.length > 64) return { ok: false, problem: `a date of ${v.length} characters is not a date` };
  let m = ISO.exec(v);
  if (m) {
    // A valid ISO date is kept as written (its offset and fractions too); only checked.
    const r = build(Number(m[1]), Number(m[2]), Number(m[3]), { h: m[4], m: m[5], s: m[6], ampm: m[7], zone: m[8] }, v);
    return r.ok && !m[7] && ISO_KEPT.test(v) ? { ok: true, iso: v } : r;
  }
  m = RFC2822.exec(v);
  if (m) return build(Number(m[3]), monthNumber(m[2]!), Number(m[1]), { h: m[4], m: m[5], s: m[6], ampm: m[7], zone: m[8] }, v);
  m = US_NUMERIC.exec(v);
  if (m) return build(Number(m[3]), Number(m[1]), Number(m[2]), { h: m[4], m: m[5], s: m[6], ampm: m[7], zone: m[8] }, v);
  m = MONTH_FIRST.exec(v);
  if (m) return build(Number(m[3]), monthNumber(m[1]!), Number(m[2]), { h: m[4], m: m[5], s: m[6], ampm: m[7], zone: m[8] }, v);
  return { ok: false, problem: `${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)} is not a date Wirecheck can read: use ${FORMS}` };
}

/** True for a date or date-time in one of the strict ISO 8601 shapes that names a real day and time. */
export function isIsoDate(value: string): boolean {
  const m = ISO_KEPT.exec(value);
  // An offset of hours alone ("+02") is the same zone as "+0200".
  const zone = m?.[7] && /^[+-]\d{2}$/.test(m[7]) ? `${m[7]}00` : m?.[7];
  return m !== null && build(Number(m[1]), Number(m[2]), Number(m[3]), { h: m[4], m: m[5], s: m[6], zone }, value).ok;
}
