// The « Correspond à … » sentence of a call in a member's digest, written once for explanations that repeat.
// Writing each sentence anew was a third of building a digest's view. A member's calls are often explained alike
// (the same terms of the same profile, in the same fields), and members whose profiles share terms share sentences.
// Each match row parses its own entries, so sentences are found by what the entries say, never by the array.
import { describeExplanation } from '../match/explain.js';
import type { ExplanationEntry } from '../match/score.js';

interface Sentence {
  entries: readonly ExplanationEntry[];
  text: string;
}

// By the first entry's term, the few sentences last written for it, newest first. A cache of every sentence cost more
// than it saved where explanations hardly repeat from member to member (the bench's generated profiles): keeping a
// few per term keeps each member's repeats and the network's common ones, and a look-up allocates nothing.
const PER_TERM = 4;
// Emptied when full, so a long-running serve stays small: a network's vocabulary is a few thousand terms.
const MAX_TERMS = 20_000;
const byFirstTerm = new Map<string, Sentence[]>();

function sameEntries(a: readonly ExplanationEntry[], b: readonly ExplanationEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // describeEntry writes no synonym for an empty one, so '' and none read the same.
    if (x.term !== y.term || x.field !== y.field || (x.via || '') !== (y.via || '')) return false;
  }
  return true;
}

/** describeExplanation's sentence for `entries`, or null when there is none. */
export function explanationSentence(entries: readonly ExplanationEntry[]): string | null {
  if (entries.length === 0) return null;
  const term = entries[0]!.term;
  let recent = byFirstTerm.get(term);
  if (recent !== undefined) {
    for (const sentence of recent) if (sameEntries(sentence.entries, entries)) return sentence.text;
  } else {
    if (byFirstTerm.size >= MAX_TERMS) byFirstTerm.clear();
    byFirstTerm.set(term, (recent = []));
  }
  const text = describeExplanation(entries);
  if (recent.length >= PER_TERM) recent.pop();
  // A copy: the caller's entries are its own to change.
  recent.unshift({ entries: entries.map((e) => ({ ...e })), text });
  return text;
}
