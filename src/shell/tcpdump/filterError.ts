/** A filter expression tcpdump would refuse; `message` is the text after `tcpdump: `. */
export class FilterError extends Error {
  override name = 'FilterError';
}

/** The refusal for what pcap-filter(7) has but this tcpdump leaves out. */
export function unsupported(what: string): FilterError {
  return new FilterError(`${what} not supported by podlock's tcpdump`);
}

export const unsupportedKeyword = (kw: string): FilterError => unsupported(`'${kw}' is`);
