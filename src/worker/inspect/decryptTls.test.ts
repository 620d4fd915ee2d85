/**
 * TLS decryption in the inspector, on the mesh scenarios' node-1:eth0: the sidecars' key log opens the server's
 * encrypted handshake flight (EncryptedExtensions ... Finished), the client's request and the server's response,
 * each with the traffic key of its direction and epoch; a frame whose ClientHello is not in the capture, or whose
 * record was altered, does not open.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab.test-helper';
import type { Inspection } from '../protocol';


const values = (i: Inspection, name: string): string[] => (i.decryption?.trace ?? []).flatMap((g) => g.items).filter((x) => x.name === name).map((x) => x.value);

describe('inspector: TLS with the sidecars\' key log', () => {
  for (const scenario of ['istio-strict', 'linkerd']) {
    it(`${scenario}: handshake flight, request and response open with the right traffic keys`, () => {
      const l = lab(scenario);
      const tls = l.filter('tcp.port == 8080 && tcp.len > 0');
      expect(tls.length).toBeGreaterThan(4);
      const all = tls.map((no) => l.inspect(no));
      expect(all.every((i) => i.decryptable === 'tls')).toBe(true);
      expect(l.inspect(l.filter('tcp.flags.syn == 1')[0]).decryptable).toBeUndefined();
      const plain = all.flatMap((i) => values(i, 'Plaintext')).join('\n');
      expect(plain).toContain('GET /api/accounts/1042/transactions HTTP/1.1');
      expect(plain).toContain('HTTP/1.1 200 OK');
      const hs = all.flatMap((i) => values(i, 'Handshake messages'));
      expect(hs).toContain('EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished');
      expect(hs).toContain('Certificate, CertificateVerify, Finished');
      const secrets = all.flatMap((i) => values(i, 'Key log secret'));
      for (const s of ['SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0']) expect(secrets).toContain(s);
      expect(all.flatMap((i) => values(i, 'Result')).filter((r) => r.startsWith('did not open'))).toEqual([]);
      const hello = all.find((i) => i.summary.info.includes('Client Hello'))!;
      expect(hello.decryption!.summary).toBe('No protected record starts in this segment.');
    });
  }
});
