/**
 * Raw deflate at level 6 with a preset dictionary: the bytes `fflate`'s
 * `deflateSync(data, { level: 6, dictionary })` writes (fflate 0.8.3, MIT, Arjun Barrett; its
 * `dopt`, `dflt`, `wblk`, `hTree`, `lc` and tables, ported line for line), with the per-call
 * costs that do not depend on the text paid once.
 *
 * fflate prepends the dictionary to the text and runs its match finder over both, only
 * emitting symbols from the text on; the dictionary's positions just enter the hash chains
 * (`head`, `prev`). Those entries depend on the dictionary alone, except the last two
 * positions, whose 3-byte hashes reach into the text, and on the hash width, which fflate
 * picks from the total length (15 bits for dictionary + text up to 22 KB, 16 up to 42 KB, …,
 * 20 from 440 KB on). So the chains after the dictionary's first n − 2 positions are built once per
 * width and copied into reused arrays on each call (a memcpy of 128 KB to 2 MB instead of
 * 16,000 hash steps into freshly zeroed arrays), and the text is UTF-8 encoded straight after a
 * copy of the dictionary in a reused buffer. Everything from there on is fflate's algorithm,
 * unchanged, block splits and stored-block choice included, so the output is byte-identical
 * (test/unit/raw-deflate.test.ts holds it to fflate on the corpora the tests use).
 *
 * Why not a library: fflate pays the dictionary's 16,000 hash steps and fresh arrays on every
 * call; CompressionStream takes no dictionary and is asynchronous (text search and export
 * read texts synchronously); Node's zlib exists only in the CLI and writes other bytes than
 * the extension's import workers would, so a pack would depend on where it was made.
 *
 * Measured on 3,000 bench/eval/synthetic.ts stories (~2,900 bytes of UTF-8 each, Node 22.23,
 * the 16 KB news dictionary, CPU time, four rounds): fflate's deflateSync 0.16–0.26 ms a
 * text, of which ~0.14 ms is the dictionary and allocation alone (an empty text costs that
 * much); this file 0.094–0.116 ms (1.7× fewer); Node's zlib.deflateRawSync with the same
 * dictionary 0.11 ms, its output 3.7% smaller. In `wirecheck index` (10,000 stories, one
 * thread) compression is a quarter of the CPU time.
 */

const u8 = Uint8Array;
const u16 = Uint16Array;
const i32 = Int32Array;

// Fixed length / distance extra bits, code length index order (RFC 1951).
const fleb = new u8([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0]);
const fdeb = new u8([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0]);
const clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** Reverse index map from extra bits: value → (offset << 5) | code. */
function reverseBases(eb: Uint8Array, start: number): Int32Array {
  const b = new u16(31);
  for (let i = 0; i < 31; ++i) b[i] = start += 1 << eb[i - 1]!;
  const r = new i32(b[30]!);
  for (let i = 1; i < 30; ++i) for (let j = b[i]!; j < b[i + 1]!; ++j) r[j] = ((j - b[i]!) << 5) | i;
  return r;
}
const revfl = reverseBases(fleb, 2);
revfl[258] = 28;
const revfd = reverseBases(fdeb, 0);

const rev = new u16(32768);
for (let i = 0; i < 32768; ++i) {
  let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  rev[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

/** Code lengths → bit-reversed codes (fflate's hMap without its decoding table). */
function hMap(cd: Uint8Array, mb: number): Uint16Array {
  const s = cd.length;
  const l = new u16(mb);
  for (let i = 0; i < s; ++i) if (cd[i]) l[cd[i]! - 1] = l[cd[i]! - 1]! + 1;
  const le = new u16(mb);
  for (let i = 1; i < mb; ++i) le[i] = (le[i - 1]! + l[i - 1]!) << 1;
  const co = new u16(s);
  for (let i = 0; i < s; ++i) if (cd[i]) co[i] = rev[le[cd[i]! - 1]!++]! >> (15 - cd[i]!);
  return co;
}

const flt = new u8(288);
for (let i = 0; i < 144; ++i) flt[i] = 8;
for (let i = 144; i < 256; ++i) flt[i] = 9;
for (let i = 256; i < 280; ++i) flt[i] = 7;
for (let i = 280; i < 288; ++i) flt[i] = 8;
const fdt = new u8(32).fill(5);
const flm = hMap(flt, 9);
const fdm = hMap(fdt, 5);
const et = new u8(0);

const shft = (p: number) => ((p + 7) / 8) | 0;

function wbits(d: Uint8Array, p: number, v: number): void {
  v <<= p & 7;
  const o = (p / 8) | 0;
  d[o]! |= v;
  d[o + 1]! |= v >> 8;
}

function wbits16(d: Uint8Array, p: number, v: number): void {
  v <<= p & 7;
  const o = (p / 8) | 0;
  d[o]! |= v;
  d[o + 1]! |= v >> 8;
  d[o + 2]! |= v >> 16;
}

interface TreeNode {
  s: number;
  f: number;
  l?: TreeNode;
  r?: TreeNode;
}

/** Code lengths (at most mb bits) from a frequency table. */
function hTree(d: Uint16Array, mb: number): { t: Uint8Array; l: number } {
  const t: TreeNode[] = [];
  for (let i = 0; i < d.length; ++i) if (d[i]) t.push({ s: i, f: d[i]! });
  const s = t.length;
  const t2 = t.slice();
  if (!s) return { t: et, l: 0 };
  if (s === 1) {
    const v = new u8(t[0]!.s + 1);
    v[t[0]!.s] = 1;
    return { t: v, l: 1 };
  }
  t.sort((a, b) => a.f - b.f);
  t.push({ s: -1, f: 25001 });
  let l = t[0]!;
  let r = t[1]!;
  let i0 = 0;
  let i1 = 1;
  let i2 = 2;
  t[0] = { s: -1, f: l.f + r.f, l, r };
  while (i1 !== s - 1) {
    l = t[t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    r = t[i0 !== i1 && t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    t[i1++] = { s: -1, f: l.f + r.f, l, r };
  }
  let maxSym = t2[0]!.s;
  for (let i = 1; i < s; ++i) if (t2[i]!.s > maxSym) maxSym = t2[i]!.s;
  const tr = new u16(maxSym + 1);
  let mbt = ln(t[i1 - 1]!, tr, 0);
  if (mbt > mb) {
    let i = 0;
    let dt = 0;
    const lft = mbt - mb;
    const cst = 1 << lft;
    t2.sort((a, b) => tr[b.s]! - tr[a.s]! || a.f - b.f);
    for (; i < s; ++i) {
      const sym = t2[i]!.s;
      if (tr[sym]! > mb) {
        dt += cst - (1 << (mbt - tr[sym]!));
        tr[sym] = mb;
      } else break;
    }
    dt >>= lft;
    while (dt > 0) {
      const sym = t2[i]!.s;
      if (tr[sym]! < mb) dt -= 1 << (mb - tr[sym]!++ - 1);
      else ++i;
    }
    for (; i >= 0 && dt; --i) {
      const sym = t2[i]!.s;
      if (tr[sym] === mb) {
        --tr[sym];
        ++dt;
      }
    }
    mbt = mb;
  }
  return { t: new u8(tr), l: mbt };
}

function ln(n: TreeNode, l: Uint16Array, d: number): number {
  return n.s === -1 ? Math.max(ln(n.l!, l, d + 1), ln(n.r!, l, d + 1)) : (l[n.s] = d);
}

/** Run-length coded code lengths. */
function lc(c: Uint8Array): { c: Uint16Array; n: number } {
  let s = c.length;
  while (s && !c[--s]);
  const cl = new u16(++s);
  let cli = 0;
  let cln = c[0]!;
  let cls = 1;
  const w = (v: number) => {
    cl[cli++] = v;
  };
  for (let i = 1; i <= s; ++i) {
    if (c[i] === cln && i !== s) ++cls;
    else {
      if (!cln && cls > 2) {
        for (; cls > 138; cls -= 138) w(32754);
        if (cls > 2) {
          w(cls > 10 ? ((cls - 11) << 5) | 28690 : ((cls - 3) << 5) | 12305);
          cls = 0;
        }
      } else if (cls > 3) {
        w(cln);
        --cls;
        for (; cls > 6; cls -= 6) w(8304);
        if (cls > 2) {
          w(((cls - 3) << 5) | 8208);
          cls = 0;
        }
      }
      while (cls--) w(cln);
      cls = 1;
      cln = c[i]!;
    }
  }
  return { c: cl.subarray(0, cli), n: s };
}

function clen(cf: Uint16Array, cl: Uint8Array): number {
  let l = 0;
  for (let i = 0; i < cl.length; ++i) l += cf[i]! * cl[i]!;
  return l;
}

/** A stored block; returns the new bit position. */
function wfblk(out: Uint8Array, pos: number, dat: Uint8Array): number {
  const s = dat.length;
  const o = shft(pos + 2);
  out[o] = s & 255;
  out[o + 1] = s >> 8;
  out[o + 2] = out[o]! ^ 255;
  out[o + 3] = out[o + 1]! ^ 255;
  for (let i = 0; i < s; ++i) out[o + i + 4] = dat[i]!;
  return (o + 4 + s) * 8;
}

/** One block, the cheapest of stored, fixed and dynamic Huffman codes; returns the new bit position. */
function wblk(dat: Uint8Array, out: Uint8Array, final: number, syms: Int32Array, lf: Uint16Array, df: Uint16Array, eb: number, li: number, bs: number, bl: number, p: number): number {
  wbits(out, p++, final);
  lf[256] = lf[256]! + 1;
  const { t: dlt, l: mlb } = hTree(lf, 15);
  const { t: ddt, l: mdb } = hTree(df, 15);
  const { c: lclt, n: nlc } = lc(dlt);
  const { c: lcdt, n: ndc } = lc(ddt);
  const lcfreq = new u16(19);
  for (let i = 0; i < lclt.length; ++i) lcfreq[lclt[i]! & 31] = lcfreq[lclt[i]! & 31]! + 1;
  for (let i = 0; i < lcdt.length; ++i) lcfreq[lcdt[i]! & 31] = lcfreq[lcdt[i]! & 31]! + 1;
  const { t: lct, l: mlcb } = hTree(lcfreq, 7);
  let nlcc = 19;
  for (; nlcc > 4 && !lct[clim[nlcc - 1]!]; --nlcc);
  const flen = (bl + 5) << 3;
  const ftlen = clen(lf, flt) + clen(df, fdt) + eb;
  const dtlen = clen(lf, dlt) + clen(df, ddt) + eb + 14 + 3 * nlcc + clen(lcfreq, lct) + 2 * lcfreq[16]! + 3 * lcfreq[17]! + 7 * lcfreq[18]!;
  if (bs >= 0 && flen <= ftlen && flen <= dtlen) return wfblk(out, p, dat.subarray(bs, bs + bl));
  let lm: Uint16Array;
  let ll: Uint8Array;
  let dm: Uint16Array;
  let dl: Uint8Array;
  wbits(out, p, 1 + (dtlen < ftlen ? 1 : 0));
  p += 2;
  if (dtlen < ftlen) {
    lm = hMap(dlt, mlb);
    ll = dlt;
    dm = hMap(ddt, mdb);
    dl = ddt;
    const llm = hMap(lct, mlcb);
    wbits(out, p, nlc - 257);
    wbits(out, p + 5, ndc - 1);
    wbits(out, p + 10, nlcc - 4);
    p += 14;
    for (let i = 0; i < nlcc; ++i) wbits(out, p + 3 * i, lct[clim[i]!]!);
    p += 3 * nlcc;
    for (const clct of [lclt, lcdt]) {
      for (let i = 0; i < clct.length; ++i) {
        const len = clct[i]! & 31;
        wbits(out, p, llm[len]!);
        p += lct[len]!;
        if (len > 15) {
          wbits(out, p, (clct[i]! >> 5) & 127);
          p += clct[i]! >> 12;
        }
      }
    }
  } else {
    lm = flm;
    ll = flt;
    dm = fdm;
    dl = fdt;
  }
  for (let i = 0; i < li; ++i) {
    const sym = syms[i]!;
    if (sym > 255) {
      const len = (sym >> 18) & 31;
      wbits16(out, p, lm[len + 257]!);
      p += ll[len + 257]!;
      if (len > 7) {
        wbits(out, p, (sym >> 23) & 31);
        p += fleb[len]!;
      }
      const dst = sym & 31;
      wbits16(out, p, dm[dst]!);
      p += dl[dst]!;
      if (dst > 3) {
        wbits16(out, p, (sym >> 5) & 8191);
        p += fdeb[dst]!;
      }
    } else {
      wbits16(out, p, lm[sym]!);
      p += ll[sym]!;
    }
  }
  wbits16(out, p, lm[256]!);
  return p + ll[256]!;
}

/** Level 6: fflate's deo[5], (nice << 13) | chain. */
const NICE = 1048704 >> 13;
const CHAIN = 1048704 & 8191;

/** The hash chains after a dictionary's positions whose hashes lie inside it, for one hash width. */
interface Chains {
  head: Uint16Array;
  prev: Uint16Array;
}

/**
 * A dictionary ready to deflate with: its hash chains per hash width, made on first use, and
 * the buffers every call reuses (one thread compresses one text at a time).
 */
export class DictionaryDeflater {
  private readonly chains = new Map<number, Chains>();
  private readonly head = new Map<number, Uint16Array>();
  private readonly prev = new u16(32768);
  private readonly syms = new i32(25000);
  private readonly lf = new u16(288);
  private readonly df = new u16(32);
  /** The dictionary, then the text being compressed. */
  private input: Uint8Array;
  private out = new u8(0);

  constructor(private readonly dict: Uint8Array) {
    if (dict.length > 32768) this.dict = dict.subarray(-32768);
    this.input = new u8(this.dict.length + 65536);
    this.input.set(this.dict);
  }

  /** `deflateSync(encoder.encode(text), { level: 6, dictionary })`, byte for byte. */
  deflateText(text: string, encoder: TextEncoder): Uint8Array {
    const pre = this.dict.length;
    if (this.input.length < pre + text.length * 3) {
      this.input = new u8(pre + text.length * 3);
      this.input.set(this.dict);
    }
    const { written } = encoder.encodeInto(text, this.input.subarray(pre));
    return this.deflateInput(pre + written);
  }

  /** `deflateSync(data, { level: 6, dictionary })`, byte for byte. */
  deflate(data: Uint8Array): Uint8Array {
    const pre = this.dict.length;
    if (this.input.length < pre + data.length) {
      this.input = new u8(pre + data.length);
      this.input.set(this.dict);
    }
    this.input.set(data, pre);
    return this.deflateInput(pre + data.length);
  }

  /** fflate's dflt on input[0, s): the dictionary, then the data. */
  private deflateInput(s: number): Uint8Array {
    const dat = this.input.subarray(0, s);
    const dictLength = this.dict.length;
    // fflate's dopt: the hash width from the total length.
    const plvl = Math.ceil(Math.max(8, Math.min(13, Math.log(s))) * 1.5);
    const msk = (1 << plvl) - 1;
    const bs1 = Math.ceil(plvl / 3);
    const bs2 = 2 * bs1;
    const outLength = s + 5 * (1 + Math.ceil(s / 7000));
    if (this.out.length < outLength) this.out = new u8(outLength);
    const w = this.out.subarray(0, outLength);
    w.fill(0);
    const chains = this.chainsFor(plvl, msk, bs1, bs2);
    const prev = this.prev;
    prev.set(chains.prev);
    let head = this.head.get(plvl);
    if (!head) this.head.set(plvl, (head = new u16(msk + 1)));
    head.set(chains.head);
    const { syms, lf, df } = this;
    lf.fill(0);
    df.fill(0);
    const n = NICE;
    const c = CHAIN;
    let pos = 0;
    let lcn = 0;
    let eb = 0;
    let li = 0;
    let wi = dictLength;
    let bs = 0;
    // The positions up to dictLength − 3 are in the chains already.
    let i = Math.max(0, dictLength - 2);
    for (; i + 2 < s; ++i) {
      const hv = (dat[i]! ^ (dat[i + 1]! << bs1) ^ (dat[i + 2]! << bs2)) & msk;
      let imod = i & 32767;
      let pimod = head[hv]!;
      prev[imod] = pimod;
      head[hv] = imod;
      if (wi <= i) {
        const rem = s - i;
        if ((lcn > 7000 || li > 24576) && rem > 423) {
          pos = wblk(dat, w, 0, syms, lf, df, eb, li, bs, i - bs, pos);
          li = lcn = eb = 0;
          bs = i;
          for (let j = 0; j < 286; ++j) lf[j] = 0;
          for (let j = 0; j < 30; ++j) df[j] = 0;
        }
        let l = 2;
        let d = 0;
        let ch = c;
        let dif = (imod - pimod) & 32767;
        const k = i - dif;
        if (rem > 2 && hv === ((dat[k]! ^ (dat[k + 1]! << bs1) ^ (dat[k + 2]! << bs2)) & msk)) {
          const maxn = Math.min(n, rem) - 1;
          const maxd = Math.min(32767, i);
          const ml = Math.min(258, rem);
          while (dif <= maxd && --ch && imod !== pimod) {
            if (dat[i + l] === dat[i + l - dif]) {
              let nl = 0;
              for (; nl < ml && dat[i + nl] === dat[i + nl - dif]; ++nl);
              if (nl > l) {
                l = nl;
                d = dif;
                if (nl > maxn) break;
                const mmd = Math.min(dif, nl - 2);
                let md = 0;
                for (let j = 0; j < mmd; ++j) {
                  const ti = (i - dif + j) & 32767;
                  const pti = prev[ti]!;
                  const cd = (ti - pti) & 32767;
                  if (cd > md) {
                    md = cd;
                    pimod = ti;
                  }
                }
              }
            }
            imod = pimod;
            pimod = prev[imod]!;
            dif += (imod - pimod) & 32767;
          }
        }
        if (d) {
          syms[li++] = 268435456 | (revfl[l]! << 18) | revfd[d]!;
          const lin = revfl[l]! & 31;
          const din = revfd[d]! & 31;
          eb += fleb[lin]! + fdeb[din]!;
          lf[257 + lin] = lf[257 + lin]! + 1;
          df[din] = df[din]! + 1;
          wi = i + l;
          ++lcn;
        } else {
          syms[li++] = dat[i]!;
          lf[dat[i]!] = lf[dat[i]!]! + 1;
        }
      }
    }
    for (i = Math.max(i, wi); i < s; ++i) {
      syms[li++] = dat[i]!;
      lf[dat[i]!] = lf[dat[i]!]! + 1;
    }
    pos = wblk(dat, w, 1, syms, lf, df, eb, li, bs, i - bs, pos);
    return w.slice(0, shft(pos));
  }

  /** head and prev after the dictionary's positions 0 … length − 3, for one hash width. */
  private chainsFor(plvl: number, msk: number, bs1: number, bs2: number): Chains {
    let made = this.chains.get(plvl);
    if (made) return made;
    const dat = this.dict;
    const head = new u16(msk + 1);
    const prev = new u16(32768);
    for (let i = 0; i + 2 < dat.length; ++i) {
      const hv = (dat[i]! ^ (dat[i + 1]! << bs1) ^ (dat[i + 2]! << bs2)) & msk;
      const imod = i & 32767;
      prev[imod] = head[hv]!;
      head[hv] = imod;
    }
    made = { head, prev };
    this.chains.set(plvl, made);
    return made;
  }
}
