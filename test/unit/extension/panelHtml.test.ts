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
