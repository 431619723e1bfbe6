// Calendar day in the service's time zone: "open" and "this week" are judged as a member in France sees them.

// Building an Intl.DateTimeFormat costs about as much as a whole call search's page: one per time zone.
const formats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of `now` in `timeZone`. */
export function dayIn(timeZone: string, now: Date): string {
  let format = formats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(now);
}
