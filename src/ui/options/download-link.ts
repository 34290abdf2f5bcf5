/**
 * A file made in the page, handed to the browser as a download: an object URL on an
 * <a download> link that is clicked once for the reader when it appears, and stays on the page
 * ("Save … again") until the next file or until the page goes, when its URL is revoked. No
 * downloads permission is needed.
 */

import { useEffect, useRef } from 'preact/hooks';

/**
 * `shown`: the URL the link shows now (null while it is not on the page); each new one is
 * clicked once.
 */
export function useDownloadLink(shown: string | null) {
  const link = useRef<HTMLAnchorElement>(null);
  const url = useRef<string | null>(null);

  useEffect(() => () => {
    if (url.current) URL.revokeObjectURL(url.current);
  }, []);

  useEffect(() => {
    if (shown) link.current?.click();
  }, [shown]);

  /** Revokes the last file's URL: its link is about to go. */
  const release = () => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = null;
  };
  /** An object URL for `blob`, revoked with the next file or the page. */
  const urlFor = (blob: Blob): string => {
    release();
    url.current = URL.createObjectURL(blob);
    return url.current;
  };
  return { link, release, urlFor };
}
