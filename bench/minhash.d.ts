// The peer package ships no types; this is the part the benchmarks use.
declare module 'minhash' {
  const minhash: {
    Minhash: new (config?: { numPerm?: number; seed?: number }) => { update(s: string): void; hashvalues: number[] };
    LshIndex: new (config?: { bandSize?: number }) => { insert(key: string, m: unknown): void; query(m: unknown): string[] };
  };
  export default minhash;
}
