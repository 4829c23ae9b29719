import MarkdownIt, { type Token } from 'markdown-it';

/**
 * What a Markdown body written by okta-access may hold, checked on the parse (markdown-it: CommonMark with GFM tables,
 * strikethrough and autolinks, raw HTML on, as GitHub reads a comment) and on the raw text (what a tool finding
 * hidden markers reads). Returns each live construct found, as a sentence; none means the body is inert.
 */

const markdown = new MarkdownIt({ html: true, linkify: true });
// GitHub links bare `http(s)://` and `www.` addresses and emails, not `example.com` or `//example.com`.
markdown.linkify.set({ fuzzyLink: false });
markdown.linkify.add('//', null);

/** The HTML okta-access writes itself: folded lists, inline code for text with `<` or `|`, its hidden markers. */
const ownTags = new Set(['details', 'summary', 'code']);
const ownMarker = /^<!-- okta-access (plan|plan-hash|drift|remediate): [^<>]* -->$/;

export interface InertOptions {
  /** The hidden markers the body must hold, exactly: okta-access's own. */
  readonly markers: readonly string[];
}

export function liveConstructs(body: string, options: InertOptions): string[] {
  const found: string[] = [];
  const comments = body.match(/<!--[\s\S]*?(-->|$)/g) ?? [];
  if (comments.length !== options.markers.length || comments.some((c, i) => c !== options.markers[i])) {
    found.push(
      `hidden markers ${JSON.stringify(comments)} are not exactly ${JSON.stringify(options.markers)}`,
    );
  }
  // What a tool looking for the approved plan hash reads: only okta-access's own marker may match.
  const hashes = body.match(/<!--\s*okta-access plan-hash/g) ?? [];
  if (hashes.length !== options.markers.filter((marker) => marker.includes('plan-hash')).length)
    found.push(`${hashes.length} plan-hash markers`);
  for (const match of body.matchAll(/<(?!\/?(details|summary|code)>|!-- okta-access )/g))
    found.push(
      `a raw "<" that starts no tag of okta-access's: ${JSON.stringify(body.slice(match.index, match.index + 30))}`,
    );
  const tokens = markdown.parse(body, {});
  walk(tokens, false, found);
  return found;
}

function walk(tokens: readonly Token[], inLink: boolean, found: string[]): void {
  let link = inLink;
  for (const token of tokens) {
    switch (token.type) {
      case 'html_block':
      case 'html_inline':
        checkHtml(token.content, found);
        break;
      case 'image':
        found.push(`an image: ${token.attrGet('src')}`);
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        if (!href.startsWith('mailto:')) found.push(`a link to ${href}`);
        link = true;
        break;
      }
      case 'link_close':
        link = false;
        break;
      case 'heading_open':
        if (!['h3', 'h4', 'h5'].includes(token.tag)) found.push(`a ${token.tag} heading`);
        break;
      case 'text':
        if (!link) checkText(token.content, found);
        break;
      default:
        break;
    }
    if (token.children !== null) walk(token.children, link, found);
  }
}

/** Raw HTML: only okta-access's own tags and markers; the text between them is checked like Markdown text. */
function checkHtml(html: string, found: string[]): void {
  for (const match of html.matchAll(/<!--[\s\S]*?-->|<\/?([A-Za-z][\w-]*)[^>]*>|<[!?/][^>]*>?/g)) {
    const [tag, name] = match;
    if (tag.startsWith('<!--')) {
      if (!ownMarker.test(tag)) found.push(`an HTML comment: ${tag}`);
    } else if (name === undefined || !ownTags.has(name.toLowerCase()) || /\s/.test(tag)) {
      found.push(`an HTML tag: ${tag}`);
    }
  }
  const text = html
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  checkText(text, found);
}

/** Text GitHub would turn into a mention, an issue reference or a link. */
function checkText(text: string, found: string[]): void {
  for (const [pattern, what] of [
    [/(^|[^A-Za-z0-9_])@[A-Za-z0-9]/, 'a mention'],
    [/#\d/, 'an issue reference'],
    [/\bGH-\d/i, 'an issue reference'],
    [/(^|[^A-Za-z0-9_.-])www\./i, 'a www link'],
    [/(https?|ftp):\/\//i, 'a bare link'],
  ] as const) {
    const match = pattern.exec(text);
    if (match !== null)
      found.push(
        `${what} in text: ${JSON.stringify(text.slice(Math.max(0, match.index - 20), match.index + 30))}`,
      );
  }
}
