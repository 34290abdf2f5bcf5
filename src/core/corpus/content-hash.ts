/**
 * 64 bits over everything an import compares (title, url, published, text): two seeded
 * 32-bit hashes. Among 100,000 articles a collision, which would make a changed article look
 * unchanged, has a probability near 3 × 10⁻¹⁰. Lives in core so a corpus pack can carry each
 * article's hash and an import can tell unchanged articles without reading their text.
 */

import { hashString } from '../fingerprint/hash';
import type { Article } from '../types';

export function contentHashOf(a: Pick<Article, 'title' | 'url' | 'published' | 'text'>): string {
  const joined = `${a.title}\u0000${a.url}\u0000${a.published}\u0000${a.text}`;
  return `${hashString(joined, 0x2f6b1c3d).toString(36)}.${hashString(joined, 0x51ed270b).toString(36)}`;
}
