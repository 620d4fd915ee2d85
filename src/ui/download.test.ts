/** The names, types and sizes the Files popover uses for what a terminal wrote. */
import { describe, expect, it } from 'vitest';
import { captureFileName, downloadName, formatSize, mimeTypeFor } from './download';

describe('download helpers', () => {
  it('saves a terminal file under its own name, without the directory', () => {
    expect(downloadName('notes.txt')).toBe('notes.txt');
    expect(downloadName('/tmp/cap.pcapng')).toBe('cap.pcapng');
    expect(downloadName('out/')).toBe('out');
    expect(downloadName('/')).toBe('file');
  });

  it('types captures as pcap and everything else as text', () => {
    expect(mimeTypeFor('cap.pcapng')).toBe('application/vnd.tcpdump.pcap');
    expect(mimeTypeFor('/tmp/old.PCAP')).toBe('application/vnd.tcpdump.pcap');
    expect(mimeTypeFor('pods.yaml')).toBe('text/plain');
    expect(mimeTypeFor('notes.txt')).toBe('text/plain');
    expect(mimeTypeFor('cap.pcapng.txt')).toBe('text/plain');
  });

  it('shows sizes in B and KB', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(6)).toBe('6 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(24 * 1024 + 100)).toBe('24 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3 MB');
  });

  it('names capture exports safely', () => {
    expect(captureFileName('plaintext', '7', 'web/frontend:eth0')).toBe('podlock-plaintext-seed7-web_frontend_eth0.pcapng');
  });
});
