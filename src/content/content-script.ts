/**
 * The content script as one object: the page policy and reads (page-reader.ts), the in-page
 * notice (notice-ui.ts, notice.ts) and the highlights (highlights.ts), driven by the background's
 * messages and the page's SPA navigations. Every browser API comes in through `ContentHost`,
 * so unit tests drive it with fakes and linkedom; entrypoints/content.ts wires the real ones.
 *
 * Messages reach a content script only from our own extension, but they are still checked for
 * shape: a malformed one is ignored, never half-applied. Nothing here blocks the page: reads
 * wait for idle time, and the only changes to the live DOM are the notice's host element and
 * the highlight marks, both removed without a trace.
 */

import type { BackgroundHighlightMessage, BackgroundMessage, ContentMessage, NoticeText } from '../messaging/protocol';
import { type HighlightPassage, type Highlighting, highlightPassages } from './highlights';
import type { NoticeData } from './notice';
import { NoticeController, type NoticeView } from './notice-ui';
import { PageReader } from './page-reader';

/** More than an article can align; a message beyond it is not from our background. */
const MAX_PASSAGES = 5_000;
/** Longer than any sentence of the notice in any language. */
const MAX_NOTICE_TEXT = 1_000;

export interface ContentHost {
  document: Document;
  currentUrl(): string;
  whenIdle(task: () => void): void;
  after(ms: number, task: () => void): void;
  send(message: ContentMessage): Promise<unknown>;
  notice: NoticeView;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const NOTICE_TEXT_KEYS = ['brand', 'headline', 'likelySource', 'numbers', 'hint', 'dismiss', 'mute'] as const satisfies readonly (keyof NoticeText)[];

function parseNoticeText(raw: unknown): NoticeText | undefined {
  if (!isRecord(raw)) return undefined;
  const text: Partial<Record<keyof NoticeText, string>> = {};
  for (const key of NOTICE_TEXT_KEYS) {
    const value = raw[key];
    if (typeof value !== 'string' || value.length > MAX_NOTICE_TEXT) return undefined;
    text[key] = value;
  }
  return text as NoticeText;
}

function parseNotice(raw: unknown): NoticeData | null | undefined {
  if (raw === null) return null;
  if (!isRecord(raw)) return undefined;
  const { verdict, sourceTitle, paraphraseScore, coverage } = raw;
  if (verdict !== 'verbatim' && verdict !== 'edited' && verdict !== 'rewritten' && verdict !== 'partial' && verdict !== 'none') return undefined;
  if (typeof sourceTitle !== 'string' || typeof coverage !== 'number') return undefined;
  if (paraphraseScore !== null && typeof paraphraseScore !== 'number') return undefined;
  const text = parseNoticeText(raw.text);
  if (!text) return undefined;
  return { verdict, sourceTitle, paraphraseScore, coverage, text };
}

function parsePassages(raw: unknown): HighlightPassage[] | undefined {
  if (!Array.isArray(raw) || raw.length > MAX_PASSAGES) return undefined;
  const out: HighlightPassage[] = [];
  for (const p of raw) {
    if (!isRecord(p) || typeof p.text !== 'string' || typeof p.paraphraseScore !== 'number' || typeof p.quote !== 'boolean') return undefined;
    out.push({ text: p.text, paraphraseScore: p.paraphraseScore, quote: p.quote });
  }
  return out;
}

/** A background message in our protocol, or null for anything else. */
export function parseBackgroundMessage(raw: unknown): BackgroundMessage | null {
  if (!isRecord(raw)) return null;
  switch (raw.type) {
    case 'background:request-article':
      return { type: 'background:request-article' };
    case 'background:notice': {
      const notice = parseNotice(raw.notice);
      return notice === undefined ? null : { type: 'background:notice', notice };
    }
    case 'background:highlight': {
      if (typeof raw.on !== 'boolean') return null;
      const passages = raw.on ? parsePassages(raw.passages) : [];
      return passages ? { type: 'background:highlight', on: raw.on, passages } : null;
    }
    default:
      return null;
  }
}

export class ContentScript {
  readonly reader: PageReader;
  readonly notices: NoticeController;
  private highlighting: Highlighting | undefined;

  constructor(private readonly host: ContentHost) {
    this.reader = new PageReader(host);
    this.notices = new NoticeController(host.notice, host);
  }

  start(): void {
    this.reader.start();
  }

  /** wxt:locationchange — the article (and so its notice and marks) belongs to the old view. */
  onNavigation(): void {
    this.clearHighlights();
    this.notices.onNavigation();
    this.reader.onNavigation();
  }

  /** Handles a message from the background; returns the number of marks for highlight messages. */
  onMessage(raw: unknown): { marks: number; found: number; missed: number } | null {
    const message = parseBackgroundMessage(raw);
    if (!message) return null;
    switch (message.type) {
      case 'background:request-article':
        this.reader.onRequest();
        return null;
      case 'background:notice':
        this.notices.onNotice(message.notice);
        return null;
      case 'background:highlight':
        return this.highlight(message);
    }
  }

  private highlight(message: BackgroundHighlightMessage): { marks: number; found: number; missed: number } {
    this.clearHighlights();
    if (!message.on || message.passages.length === 0) return { marks: 0, found: 0, missed: 0 };
    const doc = this.host.document;
    const root = doc.body ?? doc.documentElement;
    if (!root) return { marks: 0, found: 0, missed: message.passages.length };
    const h = highlightPassages(root, message.passages, { skip: (el) => this.host.notice.isHost(el) });
    this.highlighting = h;
    return { marks: h.marks, found: h.found, missed: h.missed };
  }

  clearHighlights(): void {
    this.highlighting?.remove();
    this.highlighting = undefined;
  }
}
