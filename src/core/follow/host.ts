/** The host (URL.host, with any port) a URL names; '' for text that is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
