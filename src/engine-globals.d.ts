/**
 * The few host globals the engine may use. The engine's tsconfig has no DOM lib and no @types,
 * so everything else (timers, Date-based clocks, fetch, document) is unknown there.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function structuredClone<T>(value: T): T;
