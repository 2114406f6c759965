// Clan tags ride inline in the details name (REPLAY_FORMAT.md §7.3), in one of four forms:
// `&lt;TAG&gt;<sp/>Name`, `<TAG><sp/>Name`, `[TAG]<sp/>Name` and `[TAG]Name`.
const clanForms = [
  /^&lt;(.*?)&gt;<sp\/>(.*)$/s,
  /^<(.*?)><sp\/>(.*)$/s,
  /^\[(.*?)\]<sp\/>(.*)$/s,
  /^\[(.*?)\](.*)$/s,
];

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Splits a details name into the clean name and the clan tag (`null` when there is none). */
export function splitClanTag(raw: string): { name: string; clanTag: string | null } {
  for (const form of clanForms) {
    const match = form.exec(raw);
    if (match) {
      const tag = unescapeHtml(match[1] ?? '');
      return { name: unescapeHtml(match[2] ?? ''), clanTag: tag === '' ? null : tag };
    }
  }

  return { name: unescapeHtml(raw), clanTag: null };
}
