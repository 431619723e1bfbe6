// The European funds and programmes a call names, normalised to the short names members know.

/** Normalised name, and how French (and sometimes English) texts write it. */
const FUNDS: ReadonlyArray<readonly [string, RegExp]> = [
  // « FSE », « FSE+ », « Fonds social européen (plus) »: the 2021-2027 programme is FSE+, and texts still say FSE.
  ['FSE+', /(?<![\p{L}\d])(?:FSE\s?\+?|ESF\s?\+?)(?![\p{L}\d])|[Ff]onds\s+[Ss]ocial\s+[Ee]urop[ée]en/u],
  ['FEDER', /(?<![\p{L}\d])(?:FEDER|ERDF)(?![\p{L}\d])|fonds\s+europ[ée]en\s+de\s+d[ée]veloppement\s+r[ée]gional/iu],
  ['FEADER', /(?<![\p{L}\d])(?:FEADER|EAFRD)(?![\p{L}\d])|fonds\s+europ[ée]en\s+agricole\s+(?:pour\s+le|de)\s+d[ée]veloppement\s+rural/iu],
  // « leader » is also an ordinary French word (« leader du marché »): the programme is written in capitals, or
  // named as a programme, a GAL's or a measure's.
  ['LEADER', /(?<![\p{L}\d])LEADER(?![\p{L}\d])|(?:programme|fonds|dispositif|mesure|enveloppe|cr[ée]dits|GAL|d[ée]marche|approche|volet|financement|fiche(?:-action)?|strat[ée]gie|du|au|en)\s+(?:europ[ée]en(?:ne)?\s+)?Leader(?![\p{L}\d])/u],
  ['FTJ', /(?<![\p{L}\d])(?:FTJ|JTF)(?![\p{L}\d])|fonds\s+(?:pour\s+une|de)\s+transition\s+juste|just\s+transition\s+fund/iu],
  ['Interreg', /(?<![\p{L}\d])interreg(?![\p{L}])/iu],
  ['Erasmus+', /(?<![\p{L}\d])erasmus(?![\p{L}])/iu],
  ['CERV', /(?<![\p{L}\d])CERV(?![\p{L}\d])|citoyens,?\s+[ée]galit[ée],?\s+droits\s+et\s+valeurs|citizens,?\s+equality,?\s+rights\s+and\s+values/iu],
  ['Europe créative', /(?<![\p{L}\d])(?:europe\s+cr[ée]ative|creative\s+europe)(?![\p{L}])/iu],
  ['Horizon Europe', /(?<![\p{L}\d])horizon\s+europe(?![\p{L}])/iu],
  ['Europe numérique', /(?<![\p{L}\d])(?:(?:programme\s+)?europe\s+num[ée]rique|digital\s+europe)(?![\p{L}])/iu],
  ['FAMI', /(?<![\p{L}\d])(?:FAMI|AMIF)(?![\p{L}\d])|fonds\s+(?:«\s*)?asile,?\s+migration\s+et\s+int[ée]gration/iu],
];

/** The funds named in `text`, normalised, in the order they are first named. */
export function findEuFunds(text: string): string[] {
  const found: Array<[string, number]> = [];
  for (const [name, pattern] of FUNDS) {
    const match = pattern.exec(text);
    if (match) found.push([name, match.index]);
  }
  return found.sort((a, b) => a[1] - b[1]).map(([name]) => name);
}
