/**
 * A generic binary encoding for plain data holding typed arrays: JSON for the structure, the
 * typed arrays' bytes after it. The pack stores the index snapshot with it, so the pack never
 * knows what a snapshot holds: whatever `CorpusIndex.toSnapshot()` returns is written, and
 * whatever is read back goes to `CorpusIndex.fromSnapshot()`, which alone judges it (format
 * version, parameters, lengths, checksum). A more compact index with other fields needs no
 * change here.
 *
 * Layout: u32 JSON length · JSON (UTF-8) · padding to 4 · each array's bytes, each padded to 8
 * (so every array can be read with its natural alignment). Little-endian, as every engine
 * Wirecheck runs on is.
 */

const TYPED = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

interface BlobRef {
  $typed: TypedName;
  at: number;
  length: number;
}

const pad = (n: number, to: number) => (n + to - 1) & ~(to - 1);

export function encodeStructured(value: unknown): Uint8Array {
  const blobs: Typed[] = [];
  let offset = 0;
  const plain = (v: unknown): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError('cannot encode a non-finite number');
      return v;
    }
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new TypeError(`cannot encode a ${name}`);
      const t = v as Typed;
      blobs.push(t);
      const ref: BlobRef = { $typed: name, at: offset, length: t.length };
      offset = pad(offset + t.byteLength, 8);
      return ref;
    }
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = plain(x);
      return out;
    }
    throw new TypeError(`cannot encode a ${typeof v}`);
  };
  const json = encoder.encode(JSON.stringify(plain(value)));
  const start = pad(4 + json.length, 8);
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = start;
  for (const b of blobs) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at = pad(at + b.byteLength, 8);
  }
  return out;
}

/** Decodes what encodeStructured wrote; the typed arrays are copies (never views of `bytes`). */
export function decodeStructured(input: Uint8Array): unknown {
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength); // slice() must copy (not so on Node's Buffer)
  if (bytes.length < 4) throw new RangeError('structured data is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(0, true);
  if (4 + jsonLength > bytes.length) throw new RangeError('structured data is truncated');
  const start = pad(4 + jsonLength, 8);
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') {
      const r = v as Partial<BlobRef>;
      if (typeof r.$typed === 'string') {
        const Ctor = TYPED[r.$typed];
        if (!Ctor || typeof r.at !== 'number' || typeof r.length !== 'number') throw new RangeError('structured data has a bad array reference');
        const from = start + r.at;
        const byteLength = r.length * Ctor.BYTES_PER_ELEMENT;
        if (r.at < 0 || from + byteLength > bytes.length) throw new RangeError('structured data is truncated');
        // A copy into its own buffer: aligned, and never dragging the whole pack along when
        // stored (IndexedDB clones a view's entire buffer).
        const copy = bytes.slice(from, from + byteLength);
        return new Ctor(copy.buffer, 0, r.length);
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = revive(x);
      return out;
    }
    return v;
  };
  return revive(JSON.parse(decoder.decode(bytes.subarray(4, 4 + jsonLength))));
}
