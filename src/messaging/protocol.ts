/**
 * The one message protocol between Wirecheck's contexts, named by direction.
 *
 * Content scripts run inside pages we do not control, so everything they send is untrusted:
 * `parseContentMessage` checks the shape, the types and the sizes of every field and rejects
 * anything else. Extension pages (popup, options) are ours, but their messages are validated
 * the same way, because one validator is easier to trust than two.
 */

import type { MatchResult } from '../core/types';

/** Readability output is truncated to this many characters before it is sent. */
export const MAX_ARTICLE_CHARS = 200_000;
const MAX_TITLE_CHARS = 2_000;
const MAX_URL_CHARS = 8_192;

// content script → background
export interface ContentArticleMessage {
  type: 'content:article';
  url: string;
  title: string;
  text: string;
  lang?: string;
}
export interface ContentNotArticleMessage {
  type: 'content:not-article';
  url: string;
}
export type ContentMessage = ContentArticleMessage | ContentNotArticleMessage;

// extension page (popup, options) → background
export interface UiGetTabStateMessage {
  type: 'ui:get-tab-state';
  tabId: number;
}
export interface UiCorpusChangedMessage {
  type: 'ui:corpus-changed';
}
export type UiMessage = UiGetTabStateMessage | UiCorpusChangedMessage;

// background → content script
export interface BackgroundRequestArticleMessage {
  type: 'background:request-article';
}

/** What the background knows about a tab, as the popup shows it. */
export type TabState =
  | { status: 'unknown' }
  | { status: 'not-article'; url: string }
  | { status: 'checking'; url: string; title: string }
  | { status: 'checked'; url: string; title: string; result: MatchResult; checkedAt: number }
  | { status: 'error'; url: string; message: string };

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(m: Record<string, unknown>, key: string, max: number, optional = false): string | undefined {
  const v = m[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new InvalidMessageError(`${key} must be a string`);
  if (v.length > max) throw new InvalidMessageError(`${key} is longer than ${max} characters`);
  return v;
}

function httpUrl(m: Record<string, unknown>): string {
  const url = str(m, 'url', MAX_URL_CHARS)!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidMessageError('url is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidMessageError('url must be http(s)');
  return url;
}

function checkKeys(m: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(m)) if (!allowed.includes(k)) throw new InvalidMessageError(`unexpected field ${k}`);
}

export function parseContentMessage(raw: unknown): ContentMessage {
  if (!isRecord(raw)) throw new InvalidMessageError('message must be an object');
  switch (raw.type) {
    case 'content:article': {
      checkKeys(raw, ['type', 'url', 'title', 'text', 'lang']);
      const lang = str(raw, 'lang', 35, true);
      return {
        type: 'content:article',
        url: httpUrl(raw),
        title: str(raw, 'title', MAX_TITLE_CHARS)!,
        text: str(raw, 'text', MAX_ARTICLE_CHARS)!,
        ...(lang ? { lang } : {}),
      };
    }
    case 'content:not-article':
      checkKeys(raw, ['type', 'url']);
      return { type: 'content:not-article', url: httpUrl(raw) };
    default:
      throw new InvalidMessageError('unknown message type');
  }
}

export function parseUiMessage(raw: unknown): UiMessage {
  if (!isRecord(raw)) throw new InvalidMessageError('message must be an object');
  switch (raw.type) {
    case 'ui:get-tab-state': {
      checkKeys(raw, ['type', 'tabId']);
      const tabId = raw.tabId;
      if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) throw new InvalidMessageError('tabId must be a tab id');
      return { type: 'ui:get-tab-state', tabId };
    }
    case 'ui:corpus-changed':
      checkKeys(raw, ['type']);
      return { type: 'ui:corpus-changed' };
    default:
      throw new InvalidMessageError('unknown message type');
  }
}

/** Who sent a message, reduced to what the background needs to decide whether to trust it. */
export interface SenderInfo {
  /** The sending extension's id (must be ours). */
  id?: string;
  /** URL of the sending frame. */
  url?: string;
  tabId?: number;
  frameId?: number;
}

export type SenderKind = { kind: 'content'; tabId: number } | { kind: 'extension-page' } | { kind: 'rejected'; reason: string };

/**
 * Content messages count only from the top frame of a tab (an article inside an ad iframe is
 * not the page's article); extension-page messages only from our own origin.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) return { kind: 'rejected', reason: 'message from another extension' };
  if (sender.url?.startsWith(ownOrigin)) return { kind: 'extension-page' };
  if (sender.tabId === undefined || sender.tabId < 0) return { kind: 'rejected', reason: 'content message without a tab' };
  if (sender.frameId !== undefined && sender.frameId !== 0) return { kind: 'rejected', reason: 'message from a subframe' };
  return { kind: 'content', tabId: sender.tabId };
}
