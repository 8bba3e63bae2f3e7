/** NeDB's serialiser (no typings of its own): the exact line format NeDB itself appends. */
declare module '@seald-io/nedb/lib/model.js' {
  const model: { serialize(doc: unknown): string; deserialize(line: string): unknown };
  export default model;
}
