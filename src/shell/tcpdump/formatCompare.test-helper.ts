/**
 * Test support for comparing the printer with Debian's tcpdump (no vitest imports, no Node modules, so it compiles
 * with the engine): read a capture and print it as `tcpdump FLAGS -r FILE` would, turn tcpdump's stdout into
 * lines, and report the first line where the two disagree.
 */
import { readCapture } from '../../capture/pcapRead';
import { writePcapng } from '../../capture/pcapng';
import { EPOCH_US } from '../../sim/clock';
import { createPrinter, type HexMode, type PacketMeta, type PrinterOptions } from './format';

/** The printer options for tcpdump command-line flags such as `-nn`, `-vv`, `-e`, `-X`, `-XX`, `-A`, `-x`, `-S`, `-ttt`. */
export function optionsFromFlags(flags: string[], linkType: number): PrinterOptions {
  let n = 0;
  let v = 0;
  let e = false;
  let x: HexMode = 'none';
  let t = 0;
  let S = false;
  for (const f of flags) {
    for (const ch of f.slice(1)) {
      if (ch === 'n') n++;
      else if (ch === 't') t++;
      else if (ch === 'S') S = true;
      else if (ch === 'v') v++;
      else if (ch === 'e') e = true;
      else if (ch === 'x' || ch === 'X' || ch === 'A') x = (x === ch ? `${ch}${ch}` : ch) as HexMode;
      else throw new Error(`flag ${ch} is not a printer flag`);
    }
  }
  return { n: Math.min(n, 2) as 0 | 1 | 2, verbose: Math.min(v, 3) as 0 | 1 | 2 | 3, e, x, linkType, S, t: Math.min(t, 5) as 0 | 1 | 2 | 3 | 4 | 5 };
}

/** Every line our printer prints for a capture file's packets (one printer, so flow state carries across). */
export function printCapture(file: Uint8Array, flags: string[], metaOf?: (frame: Uint8Array) => PacketMeta): string[] {
  const cap = readCapture(file);
  const printer = createPrinter(optionsFromFlags(flags, cap.interfaces[0].linkType));
  const lines: string[] = [];
  for (const p of cap.packets) {
    lines.push(...printer.print(p.data, p.tsUs, { origLen: p.origLen, ...(p.direction && { dir: p.direction }), ...metaOf?.(p.data) }));
  }
  return lines;
}

/** tcpdump's stdout as lines (each packet's output ends with a newline). */
export function stdoutLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** undefined when equal; otherwise the first differing line with a little context, for a readable failure. */
export function firstDifference(real: string[], ours: string[]): string | undefined {
  for (let i = 0; i < Math.max(real.length, ours.length); i++) {
    if (real[i] !== ours[i]) {
      const context = real.slice(Math.max(0, i - 2), i).map((l) => `         ${l}`).join('\n');
      return `line ${i + 1} of ${real.length} (ours ${ours.length}):\n${context}\n  real:  ${JSON.stringify(real[i])}\n  ours:  ${JSON.stringify(ours[i])}`;
    }
  }
  return undefined;
}

/** A pcapng of hand-made frames, one millisecond apart from the lab's epoch; `origLen` marks frames cut short. */
export function framesCapture(linkType: number, frames: (Uint8Array | { data: Uint8Array; origLen: number })[]): Uint8Array {
  return writePcapng({
    interfaces: [{ linkType, name: 'lab0' }],
    packets: frames.map((f, k) => {
      const { data, origLen } = f instanceof Uint8Array ? { data: f, origLen: f.length } : f;
      return { ifIndex: 0, tsUs: EPOCH_US + k * 1000, data, origLen };
    }),
  });
}
