// JSON columns holding lists of strings (matched terms, tags): a damaged or hand-edited cell reads as an empty list
// rather than failing the digest or the API that reads it.

/** The strings of a JSON array column; anything else is an empty list. */
export function stringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
