/** The form search text is stored and compared in: NFKC-normalised (full-width → ASCII), lower case. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** At most this many words of a free-text query are used; more only slow the query down. */
export const MAX_SEARCH_WORDS = 6;

/** The distinct words of a free-text query, normalised. */
export function searchWords(text: string): string[] {
  return [
    ...new Set(
      normalizeSearchText(text)
        .split(/[\s,，、;；]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
