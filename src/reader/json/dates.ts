// Dates as APIs give them, as the day they mean in the network's time zone. Pure.
//   2027-03-15                  a day: kept as is
//   20270315                    a day written without dashes (Welcome Europe's exports)
//   2023-09-04T22:00:00+00:00   an instant: 5 September in Paris, not the 4th (ODS, Île-de-France)
//   2027-04-08T00:00:00.000+0000  an instant with an offset without colon (EU Funding & Tenders)
//   2027-04-08T17:00:00         a local time without offset: its day as written
//   15/03/2027                  a French day
// Anything else is not a date here (free text such as « 15 avril 2027 » is left to the extractor).

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function validDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

// An API repeats the same few dates across its items, and formatting an instant in a time zone costs about 20 µs:
// each text is read once per time zone (bounded). One map per time zone, keyed by the text itself, so a lookup
// hashes the text the API gave rather than a new string built for the key.
const known = new Map<string, Map<string, string | null>>();
const KNOWN_MAX = 20_000;

/** The day (YYYY-MM-DD) a date value means in `timeZone`, or null when it is not a date this reader knows. */
export function dayOf(value: unknown, timeZone: string): string | null {
  return dayReader(timeZone)(value);
}

/**
 * `dayOf` for one time zone, its cache found once: a source maps thousands of dates in the same zone, and each
 * `dayOf` call otherwise looks the zone up again before looking the date up. A reader also remembers the last text
 * it read: give each field its own, and items that repeat the previous item's date (a batch's common opening day,
 * items sorted by deadline) skip the cache, whose lookup hashes the new string (each item's text is a new string).
 */
export function dayReader(timeZone: string): (value: unknown) => string | null {
  let days = known.get(timeZone);
  if (!days) {
    days = new Map();
    known.set(timeZone, days);
  }
  const cache = days;
  let lastText = '';
  let lastDay: string | null = null;
  return (value) => {
    if (typeof value !== 'string') return readDay(value, timeZone);
    if (value === lastText) return lastDay;
    let day = cache.get(value);
    if (day === undefined) {
      if (cache.size >= KNOWN_MAX) cache.clear();
      day = readDay(value, timeZone);
      cache.set(value, day);
    }
    lastText = value;
    lastDay = day;
    return day;
  };
}

function readDay(value: unknown, timeZone: string): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 19000101 && value <= 29991231) return dayOf(String(value), timeZone);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match) return validDay(Number(match[3]), Number(match[2]), Number(match[1]));
  match = INSTANT.exec(text);
  if (!match) return null;
  const day = validDay(Number(match[1]), Number(match[2]), Number(match[3]));
  if (day === null) return null;
  const offset = match[7];
  if (offset === undefined) return day;
  const normalized = offset.toUpperCase() === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  const time = Date.parse(`${day}T${match[4]}:${match[5]}:${match[6] ?? '00'}${normalized}`);
  if (Number.isNaN(time)) return null;
  return dayFormatter(timeZone).format(new Date(time));
}
