/**
 * Markdown for user data (emails, group names, reasons): backslash-escape what GitHub would read as formatting,
 * tables, links or HTML; keep one line; stop a leading `@` from mentioning someone.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~&#]/g, (char) => `\\${char}`)
    .replace(/(^|[^\p{L}\p{N}_.+-])@/gu, '$1@\u200b');
}

/** Text inside an HTML element (a `<summary>`), where Markdown is not read. */
export function escapeHtml(text: string): string {
  return oneLine(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replace(/(^|[^\p{L}\p{N}_.+-])@/gu, '$1@\u200b');
}

/** Inline code that holds any text: the fence is longer than the longest run of backticks inside. */
export function codeSpan(text: string): string {
  const content = oneLine(text);
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** `[text](url)`, with the characters that would end the destination early percent-encoded. */
export function link(text: string, url: string): string {
  const destination = url.replace(
    /[\s()<>]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${text}](${destination})`;
}

/** Control characters (a newline would end a list item or a table row) become spaces. */
function oneLine(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out;
}
