// Calendar day in the service's time zone: "open" and "this week" are judged as a member in France sees them.

/** YYYY-MM-DD of `now` in `timeZone`. */
export function dayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
