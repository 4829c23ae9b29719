/**
 * Text from the access repository or from Okta (names, emails, descriptions, notes, file names, messages quoting
 * them) on its way into what okta-access prints: a GitHub comment, issue, pull request or job summary, or a
 * terminal. Whoever can open a pull request writes that text, so it is shown and never obeyed: in Markdown it cannot
 * format, link, load an image, hold HTML (so no `<details>` closed early and no second hidden `<!--` marker), mention
 * anyone, reference an issue or start a new line; on a terminal it cannot move the cursor, clear the screen, set a
 * hyperlink or reverse the direction of what follows. Every renderer goes through this one module.
 */

/**
 * Control characters and the invisible characters that reorder text (bidirectional overrides, embeddings and
 * isolates, as in "Trojan Source"), plus the Unicode line and paragraph separators.
 */
const hidden = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

/** What stops GitHub from reading `@name` as a mention, `#1` as a reference or `https://…` as a link: shown as nothing. */
export const wordJoiner = '\u2060';

/**
 * For a terminal: every control or reordering character shown as its escape (`\u001b`, `\u202e`), never sent; the
 * rest of the text unchanged.
 */
export function printable(text: string): string {
  return text.replace(hidden, escapeSequence);
}

/**
 * Inline Markdown text: one line (a newline or tab becomes a space, other control characters their escape), what
 * GitHub would read as emphasis, code, a link, an image, a table cell, math, a heading or a list escaped with a
 * backslash, `<` `>` `&` as entities (so the text holds no `<` at all), and mentions, issue references and bare
 * links broken by an invisible word joiner. An email's `@` follows a letter and mentions no one: it is kept as is.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text)
    .replace(/[\\`*_[\]|~#!$]/g, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => entities[char] ?? char)
    // A list item or a setext heading underline when the text starts a line.
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
  return inert(escaped);
}

/** Text inside an HTML element (a `<summary>`), where Markdown is not read but mentions and references are. */
export function escapeHtml(text: string): string {
  // Named entities only: the word joiner that breaks `#12` would break a numeric one (`&#39;`).
  return inert(oneLine(text).replace(/[&<>"]/g, (char) => entities[char] ?? char));
}

/**
 * Inline code that holds any text: the fence is longer than the longest run of backticks inside. Text with a `<`
 * (which a raw body must never hold: it could open a hidden `<!--` marker) or a `|` (which ends a table cell even
 * in code) is set as an HTML `<code>` element around escaped text instead, which GitHub shows the same way.
 */
export function codeSpan(text: string): string {
  const content = oneLine(text);
  if (content === '' || /[<|]/.test(content)) return `<code>${escapeMarkdown(content)}</code>`;
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * `[text](url)` for a link okta-access makes (to a file and line of the access repository): `text` is already
 * Markdown; in the URL, what would end the destination early or escape its end is percent-encoded.
 */
export function link(text: string, url: string): string {
  const destination = url.replace(
    /[\s()<>\\"'`\p{Cc}]/gu,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${text}](${destination})`;
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** Newlines and tabs become spaces (a newline would end a list item, a table row or an HTML block); see `printable`. */
function oneLine(text: string): string {
  return text.replace(hidden, (char) =>
    char === '\n' || char === '\r' || char === '\t' ? ' ' : escapeSequence(char),
  );
}

/**
 * A word joiner after the `@` of a mention (`@name`, `@org/team`: an `@` not after a letter, digit or `_`), after the
 * `#` of an issue reference (`#12`, `owner/repo#12`) and the `GH-` of `GH-12`, and between a scheme and its `://`
 * or inside a leading `www.` (which GitHub would turn into a link).
 */
function inert(text: string): string {
  return text
    .replace(/(?<![A-Za-z0-9_])@/g, `@${wordJoiner}`)
    .replace(/#(?=\d)/g, `#${wordJoiner}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${wordJoiner}`)
    .replace(/:\/\//g, `${wordJoiner}://`)
    .replace(/(?<![A-Za-z0-9_.-])(www)\./gi, `$1${wordJoiner}.`);
}

function escapeSequence(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** A fenced code block that holds any text: the fence is longer than the longest run of backticks inside. */
export function codeBlock(text: string, info = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}
