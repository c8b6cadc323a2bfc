/**
 * API X sends descriptions as HTML (docs/api-x.openapi.yaml: `description: HTML`) and Shopify
 * stores `descriptionHtml` as given, so the HTML goes through as HTML, minus what must never
 * reach a storefront: script-like elements with their content, event-handler attributes and
 * `javascript:` URLs. Everything else (the merchant-visible markup) is kept byte for byte, so
 * an unchanged description hashes the same from run to run.
 */

/** Elements removed with everything inside them. */
const DROPPED = 'script|style|iframe|object|embed|noscript|template';
const PAIRED = new RegExp(`<(${DROPPED})\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>`, 'gi');
/** An opening or closing tag of those left unpaired (a truncated record). */
const STRAY = new RegExp(`<\\/?(?:${DROPPED})\\b[^>]*>?`, 'gi');
const EVENT_HANDLER = /\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const SCRIPT_URL =
  /(\s(?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data):/gi;

export function sanitizeHtml(html: string): string {
  let out = html;
  // Repeated until stable: removing one piece can join the halves of another.
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out
      .replace(PAIRED, '')
      .replace(STRAY, '')
      .replace(EVENT_HANDLER, '')
      .replace(SCRIPT_URL, '$1#');
  }
  return out.trim();
}
