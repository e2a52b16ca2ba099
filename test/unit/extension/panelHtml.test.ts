import * as assert from 'assert';
import { escapeHtml, newNonce, panelCsp, panelHtml } from '../../../src/extension/panel/panelHtml';

describe('panel HTML shell', () => {
  const html = panelHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css'],
    title: '</title><script>alert(1)</script>',
    nonce: 'abc123+/=',
  });

  it('has a strict CSP: nothing by default, nonce-only scripts, no unsafe-inline/eval', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src &#39;none&#39;/);
    assert.match(csp, /script-src &#39;nonce-abc123\+\/=&#39;/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net/);
    assert.doesNotMatch(html, /unsafe-/);
  });

  it('has exactly the CSP directives and sources it needs, nothing more', () => {
    const source = 'https://file+.vscode-resource.vscode-cdn.net';
    const expected = {
      'default-src': ["'none'"],
      'script-src': ["'nonce-abc123+/='"],
      'style-src': [source],
      'img-src': ['data:', source], // sorted, as parseCsp returns them
      'font-src': [source],
    };
    // The policy as built, and as the page carries it (the meta tag's attribute, unescaped).
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const unescaped = meta.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    for (const csp of [panelCsp(source, 'abc123+/='), unescaped])
      assert.deepStrictEqual(parseCsp(csp), expected, `CSP: ${csp}`);
    // Exactly one CSP on the page: a second policy could only narrow it, but it must not hide a typo.
    assert.strictEqual(html.match(/Content-Security-Policy/g)?.length, 1);
  });

  it('loads exactly one script, nonce-tagged, and inlines no data', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 1, html);
    assert.match(scripts[0], /nonce="abc123\+\/="/);
    assert.match(scripts[0], /src="[^"]+dist\/webview\.js"/);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+media\/panel\.css">/);
  });

  it('escapes the title', () => {
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.strictEqual(escapeHtml(`<a href="x">'&`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    assert.notStrictEqual(a, newNonce());
    assert.strictEqual(Buffer.from(a, 'base64').length, 16);
    assert.ok(panelCsp('x', a).includes(`'nonce-${a}'`));
  });
});

/**
 * A CSP string as `{ directive: sorted sources }`. Directive names are case-insensitive; a repeated
 * directive is a test failure (browsers ignore the repeat, so it is always a mistake).
 */
function parseCsp(csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    assert.ok(!(key in out), `directive ${key} appears twice in ${csp}`);
    out[key] = sources.sort();
  }
  return out;
}
