// The EU-funds notice (issue 18): EU money is paid after spending is justified, often months later, so the
// association must advance it and find co-funding. Its wording is templates/eu-notice.txt, which staff may edit; it
// is read once per process (a broken template falls back to the built-in wording and is logged by the caller).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { templatesDir } from '../paths.js';

export const EU_NOTICE_TEMPLATE = join(templatesDir, 'eu-notice.txt');

const FALLBACK =
  'Fonds européens{{#funds}} ({{funds}}){{/funds}}\u00a0: l’aide est versée après justification des dépenses, souvent plusieurs mois plus tard. ' +
  '{{#rate}}L’UE finance jusqu’à {{rate}}\u00a0%\u00a0: prévoyez {{rest}}\u00a0% d’autres financements et l’avance de trésorerie.{{/rate}}' +
  '{{^rate}}L’association doit pouvoir avancer l’argent (trésorerie) et trouver des cofinancements.{{/rate}}';

/** What decides the notice: the funder type, the EU funds the text names and the co-funding rate it gives. */
export interface EuFacts {
  funder: string;
  euFunds?: readonly string[] | null;
  rate?: number | null;
}

let template: string | undefined;

function noticeTemplate(): string {
  if (template === undefined) {
    try {
      template = readFileSync(EU_NOTICE_TEMPLATE, 'utf8');
      Mustache.parse(template);
    } catch {
      template = FALLBACK;
    }
  }
  return template;
}

/** Forgets the template read (tests, or a service told to reload it). */
export function resetEuNoticeTemplate(): void {
  template = undefined;
}

/** Whether a call carries EU money: funder type `eu`, or EU funds named in its text. */
export function isEuFunded(call: EuFacts): boolean {
  return call.funder === 'eu' || (call.euFunds?.length ?? 0) > 0;
}

// The notice of a call depends on three small facts: each distinct notice is written once per process.
const written = new Map<string, string>();

/** The notice as one line of plain text (escaped by whoever puts it in HTML or XML); null for a non-EU call. */
export function euNotice(call: EuFacts): string | null {
  if (!isEuFunded(call)) return null;
  const rate = typeof call.rate === 'number' && call.rate > 0 && call.rate <= 100 ? Math.round(call.rate) : null;
  const funds = (call.euFunds ?? []).join(', ');
  const key = `${rate ?? ''}|${funds}`;
  let text = written.get(key);
  if (text === undefined) {
    const view = { rate: rate === null || rate === 100 ? null : String(rate), rest: rate === null ? null : String(100 - rate), funds: funds || null };
    // Plain text: values are numbers and fund names; no HTML escaping here (the HTML and XML writers escape).
    text = Mustache.render(noticeTemplate(), view, {}, { escape: (value: unknown) => String(value) }).replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
    if (written.size > 1000) written.clear();
    written.set(key, text);
  }
  return text || null;
}
