/**
 * What every HTML page Batchscope writes needs (the panel's shell, the CLI's report): text
 * escaped for HTML, and a nonce for the one script a strict CSP lets run. Node-only (`crypto`).
 */
import { randomBytes } from 'crypto';

/** 128 bits from the OS CSPRNG, base64: unguessable by content that might end up in the page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
