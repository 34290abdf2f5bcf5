/** The English catalogue as a WebExtension `_locales/en/messages.json` (used by the build, wxt.config.ts). */

/** "$1" in the catalogue becomes a named placeholder, as browser.i18n expects. */
export function toMessagesJson(messages: Record<string, string>): string {
  const out: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> = {};
  for (const [key, text] of Object.entries(messages)) {
    const placeholders: Record<string, { content: string }> = {};
    const message = text.replace(/\$(\d)/g, (_, n: string) => {
      placeholders[`p${n}`] = { content: `$${n}` };
      return `$P${n}$`;
    });
    out[key] = Object.keys(placeholders).length ? { message, placeholders } : { message };
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
