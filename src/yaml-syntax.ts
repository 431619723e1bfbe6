// YAML syntax errors as staff read them: in French, each once, on the line to fix. Shared by the two files staff
// edit by hand, feeds.yaml (src/sources/load.ts) and synonyms.yaml (src/match/synonyms.ts).
import type { YAMLError } from 'yaml';

export interface YamlSyntaxProblem {
  line: number;
  message: string;
}

// What the parser says of the lines after a real mistake, as it tries to read on: echoes, not mistakes (one tab gave
// eight of them, on every following line).
const ECHO_CODES = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN']);

/** Every real YAML syntax error of `text`, in French, each once; the parser's echoes only when nothing else. */
export function yamlSyntaxProblems(text: string, errors: readonly YAMLError[], lineAt: (offset: number) => number): YamlSyntaxProblem[] {
  // A tab throws the reading of every line after it off: the tabs alone, then, until they are fixed.
  const tabs = errors.filter((error) => error.code === 'TAB_AS_INDENT');
  const real = tabs.length > 0 ? tabs : errors.filter((error) => !ECHO_CODES.has(error.code));
  const problems = (real.length > 0 ? real : errors.slice(0, 1)).map((error) => yamlSyntaxProblem(text, error, lineAt));
  return problems.filter((problem, index) => problems.findIndex((other) => other.line === problem.line) === index);
}

/** One YAML syntax error, in French, on the line staff must fix (an unclosed quote or bracket: where it opens). */
function yamlSyntaxProblem(text: string, error: YAMLError, lineAt: (offset: number) => number): YamlSyntaxProblem {
  let offset = error.pos[0];
  let message: string;
  switch (error.code) {
    case 'TAB_AS_INDENT':
      message = 'tabulation en début de ligne : YAML n’accepte que des espaces pour indenter';
      break;
    case 'DUPLICATE_KEY':
      message = 'la même clé figure deux fois au même endroit : gardez-en une';
      break;
    case 'MISSING_CHAR':
      if (/quote/i.test(error.message)) {
        // Reported where the text ends; the line to fix is the one with the quote left open.
        offset = Math.max(text.lastIndexOf('"', offset - 1), text.lastIndexOf("'", offset - 1), 0);
        message = 'guillemet ouvert et jamais refermé';
      } else {
        message = 'indentation incohérente : alignez cette ligne sur les clés voisines (espaces), ou ajoutez le « - » d’un nouvel élément';
      }
      break;
    case 'BAD_INDENT':
      if (/flow (?:sequence|mapping)/i.test(error.message)) {
        offset = Math.max(text.lastIndexOf('[', offset - 1), text.lastIndexOf('{', offset - 1), 0);
        message = 'liste entre crochets [ … ] ou entre accolades { … } jamais refermée';
        break;
      }
      message = 'indentation ou deux-points incorrects : chaque clé s’écrit « clé: valeur », alignée sur les clés voisines';
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      message = 'indentation ou deux-points incorrects : chaque clé s’écrit « clé: valeur », alignée sur les clés voisines';
      break;
    default:
      message = `syntaxe YAML invalide (${error.message.split('\n')[0]})`;
  }
  return { line: lineAt(offset), message };
}
