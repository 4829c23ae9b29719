import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeHtml, escapeMarkdown, printable, wordJoiner } from '../../src/render/escape.js';
import { liveConstructs } from '../security/markdown-checks.js';

/** Strings an attacker would try: Markdown, HTML, mentions, references, links, controls, reordering characters. */
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...'<>&@#!`*_[]()|~\\$:/-+=.1 \n\r\tw'.split('')) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '<!--',
        '-->',
        '</details>',
        '<img src=x>',
        '@octocat',
        '#1',
        'GH-2',
        'https://x.example/p.png',
        'www.x.example',
        '![p](https://x.example/p.png)',
        '```',
        '\u001b[2J',
        '\u202e',
        '\u2066',
        '\u0085',
        '&lt;',
        '1. ',
        '# ',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  ),
  maxLength: 40,
});

const visibleMarkdown = new MarkdownIt({ html: true });

/** The text a reader sees of a rendered paragraph: tags dropped, entities decoded, the word joiners removed. */
function seen(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replaceAll(wordJoiner, '')
    .trim();
}

/** HTML shows a run of spaces as one, and a paragraph without the spaces around it. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What escaping should show of `text`: one line, control and reordering characters as escapes. */
function expected(text: string): string {
  return printable(text.replace(/[\n\r\t]/g, ' '))
    .replaceAll(wordJoiner, '')
    .trim();
}

describe('the one escaping routine', () => {
  it('escapeMarkdown: no <, no newline, no control character, nothing live, in a list item, a table cell or a paragraph', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeMarkdown(text);
        expect(out).not.toMatch(/[<\n\r]/);
        expect(out).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
        expect(out).not.toMatch(/(^|[^A-Za-z0-9_])@[A-Za-z0-9]/);
        expect(out).not.toContain('<!--');
        for (const body of [
          `- ${out}\n`,
          `| a | b |\n| --- | --- |\n| ${out} | x |\n`,
          `x ${out}\n`,
          `${out}\n`,
        ]) {
          expect(liveConstructs(body, { markers: [] }), body).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('escapeMarkdown shows the text as it was (on one line, with its controls as escapes)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = visibleMarkdown.render(`x ${escapeMarkdown(text)}`);
        expect(squeeze(seen(html))).toBe(squeeze(`x ${expected(text)}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapeHtml inside <summary> and codeSpan: inert, and showing the text as it was', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const summary = `<details><summary>${escapeHtml(text)}</summary>\n\n- x\n\n</details>\n`;
        expect(liveConstructs(summary, { markers: [] }), summary).toEqual([]);
        expect(squeeze(seen(visibleMarkdown.render(summary)).replace(/\s*x$/, ''))).toBe(
          squeeze(expected(text)),
        );

        const code = codeSpan(text);
        expect(code.replace(/^<code>|<\/code>$/g, '')).not.toMatch(/[<\n\r]/);
        for (const body of [`- ${code}\n`, `| ${code} | x |\n| --- | --- |\n`]) {
          expect(liveConstructs(body, { markers: [] }), body).toEqual([]);
        }
        const shown = seen(visibleMarkdown.render(`x ${code}`));
        // A code span drops one space at each end when both are there; the text itself is all there.
        expect(squeeze(shown)).toBe(squeeze(`x ${expected(text)}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('printable: no control or reordering character reaches a terminal, and plain text is unchanged', () => {
    fc.assert(
      fc.property(hostile, fc.string(), (text, plain) => {
        expect(printable(text)).not.toMatch(
          /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u,
        );
        const clean = plain.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu, '');
        expect(printable(clean)).toBe(clean);
      }),
    );
    expect(printable('a\u001b[2Jb\u202ec\u001b]8;;https://x.example\u0007d')).toBe(
      'a\\u001b[2Jb\\u202ec\\u001b]8;;https://x.example\\u0007d',
    );
  });

  it('keeps emails whole and breaks mentions, references and bare links with an invisible word joiner', () => {
    expect(escapeMarkdown('ada@example.com @octocat x#1 GH-2 https://x.example www.x.example')).toBe(
      `ada@example.com @${wordJoiner}octocat x\\#${wordJoiner}1 GH-${wordJoiner}2 https${wordJoiner}://x.example www${wordJoiner}.x.example`,
    );
    expect(escapeMarkdown('<!-- x --> </details> ![p](u)')).toBe(
      '&lt;\\!-- x --&gt; &lt;/details&gt; \\!\\[p\\](u)',
    );
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('<!-- x -->')).toBe('<code>&lt;\\!-- x --&gt;</code>');
  });
});
