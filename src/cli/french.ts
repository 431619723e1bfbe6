// Commander writes its help titles and usage errors in English; staff read them, so they are said in French here.

const TITLES: Record<string, string> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Arguments:': 'Arguments :',
  'Global Options:': 'Options générales :',
};

/** A help section title of commander, in French. */
export function frenchHelpTitle(title: string): string {
  return TITLES[title] ?? title;
}

const plural = (n: string, word: string) => `${n} ${word}${n === '1' ? '' : 's'}`;

const ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown command '(.*)'/, (name) => `erreur : commande inconnue « ${name} »`],
  [/^error: unknown option '(.*)'/, (name) => `erreur : option inconnue « ${name} »`],
  [/^error: missing required argument '(.*)'/, (name) => `erreur : argument obligatoire manquant : ${name}`],
  [/^error: option '(.*)' argument missing/, (flags) => `erreur : l’option « ${flags} » demande une valeur`],
  [/^error: required option '(.*)' not specified/, (flags) => `erreur : l’option « ${flags} » est obligatoire`],
  [
    /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (command, expected, got) =>
      `erreur : trop d’arguments${command ? ` pour « ${command} »` : ''} (${plural(expected!, 'attendu')}, ${plural(got!, 'reçu')})`,
  ],
];

/** A usage error of commander (`error: unknown option '--x'\n(Did you mean --y?)`), in French. */
export function frenchCommanderError(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const out = lines.map((line) => {
    for (const [pattern, say] of ERRORS) {
      const match = pattern.exec(line);
      if (match) return say(...match.slice(1).map((g) => g ?? ''));
    }
    const suggestion = /^\(Did you mean (.*)\?\)$/.exec(line);
    if (suggestion) return `(Vouliez-vous dire ${suggestion[1]} ?)`;
    return line.replace(/^error: /, 'erreur : ');
  });
  return `${out.join('\n')}\n`;
}
