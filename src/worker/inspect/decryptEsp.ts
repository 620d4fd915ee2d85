/**
 * Opens an ESP packet (RFC 4303, rfc4106(gcm(aes)) per RFC 4106) with the lab's security associations and
 * src/crypto/ipsec's openEsp (AES-GCM from @noble/ciphers): first the xfrm states the nodes hold now, then the
 * tshark `esp_sa` lines of every state the lab ever installed (st.keylog.esp), which still open packets sent under a
 * key that has since been rotated out. An SA matches on outer source, destination and SPI; the ICV decides which
 * key is right. The trace is what RFC 4106 feeds AES-GCM: key, salt, IV, nonce = salt || IV, AAD = SPI || sequence
 * number (|| the high 32 bits with ESN), and the ICV checked.
 */
import { espAad, openEsp, spiHex, type IcvBits, type XfrmState } from '../../crypto/ipsec';
import { fmtIp } from '../../net/addr';
import { fromHex } from '../../net/bytes';
import type { Sim } from '../../sim/sim';
import type { Decryption, TraceGroup } from '../protocol';
import { hexItem, innerPacket, textItem } from './traceUtil';

interface Sa {
  label: string;
  key: Uint8Array;
  salt: Uint8Array;
  icvBits: IcvBits;
  /** undefined: not known (an esp_sa line cannot say), so both are tried. */
  esn?: boolean;
}

function liveStates(sim: Sim, src: string, dst: string, spi: number): Sa[] {
  const out: Sa[] = [];
  for (const [node, ip] of Object.entries(sim.st.ipsec ?? {})) {
    for (const s of ip.states as XfrmState[]) {
      if (s.spi !== spi || fmtIp(s.src) !== src || fmtIp(s.dst) !== dst) continue;
      const inbound = sim.st.cluster.nodes.find((n) => n.name === node)?.routerIp === dst;
      out.push({ label: `${node}'s ${inbound ? 'inbound' : 'outbound'} xfrm state`, key: s.key, salt: s.salt, icvBits: s.icvBits, esn: s.esn });
    }
  }
  // the receiver's state first, as the kernel that decrypts it would use
  return out.sort((a, b) => Number(b.label.includes('inbound')) - Number(a.label.includes('inbound')));
}

/** `"IPv4","10.0.1.1","10.0.2.1","0x00000003","AES-GCM with 16 octet ICV [RFC4106]","0x<key||salt>","NULL",""`. */
function keylogStates(sim: Sim, src: string, dst: string, spi: number): Sa[] {
  const out: Sa[] = [];
  for (const line of sim.st.keylog?.esp ?? []) {
    const f = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    if (f.length < 6 || f[1] !== src || f[2] !== dst || parseInt(f[3], 16) !== spi) continue;
    const icv = /(\d+) octet ICV/.exec(f[4]);
    if (!icv || !/^0x([0-9a-fA-F]{2}){20,36}$/.test(f[5])) continue;
    const material = fromHex(f[5].slice(2));
    out.push({ label: 'the lab\'s esp_sa key log', key: material.slice(0, -4), salt: material.slice(-4), icvBits: (Number(icv[1]) * 8) as IcvBits });
  }
  return out;
}

export function decryptEsp(esp: Uint8Array, src: string, dst: string, sim: Sim): Decryption {
  if (esp.length < 8) return { protocol: 'esp', ok: false, trace: [], summary: 'Too short for an ESP header.' };
  const view = new DataView(esp.buffer, esp.byteOffset, esp.byteLength);
  const spi = view.getUint32(0), seq = view.getUint32(4);
  const header: TraceGroup = { title: 'ESP header (RFC 4303 §2)', items: [
    textItem('SPI', `${spiHex(spi)} (${spi})`), textItem('Sequence number', String(seq)), textItem('Outer addresses', `${src} → ${dst}`),
  ] };
  const sas = [...liveStates(sim, src, dst, spi), ...keylogStates(sim, src, dst, spi)];
  for (const sa of sas) {
    // the lab never sends 2^32 packets under one SA, so the ESN high bits of its packets are 0
    for (const esnHigh of sa.esn === undefined ? [undefined, 0] : [sa.esn ? 0 : undefined]) {
      const o = openEsp({ key: sa.key, salt: sa.salt, packet: esp, esnHigh, icvBits: sa.icvBits });
      if (!o.ok) continue;
      const gcm: TraceGroup = { title: `AES-GCM (RFC 4106), key from ${sa.label}`, items: [
        hexItem(`Key (AES-${sa.key.length * 8})`, sa.key),
        hexItem('Salt (last 4 bytes of the key material)', sa.salt),
        hexItem('IV (8 bytes after the sequence number)', o.iv),
        hexItem('Nonce = salt || IV', o.nonce),
        hexItem(esnHigh === undefined ? 'AAD = SPI || sequence number' : 'AAD = SPI || ESN high bits || sequence number', espAad(spi, seq, esnHigh)),
        hexItem(`ICV (${sa.icvBits / 8} bytes): verified`, o.icv),
      ] };
      const trailer: TraceGroup = { title: 'Trailer (RFC 4303 §2.4)', items: [
        textItem('Pad length', String(o.padLength)),
        textItem('Next header', o.nextHeader === 4 ? '4 (IPv4: tunnel mode)' : String(o.nextHeader)),
        textItem('Inner packet', `${o.payload.length} bytes`),
      ] };
      return { protocol: 'esp', ok: true, inner: innerPacket(o.payload.slice()), trace: [header, gcm, trailer],
        summary: `Decrypted with ${sa.label} (SPI ${spiHex(spi)}, ${src} → ${dst}): ICV verified, a ${o.payload.length}-byte inner IPv4 packet.` };
    }
  }
  const summary = sas.length
    ? `The ICV does not verify under any of the ${sas.length} key${sas.length === 1 ? '' : 's'} the lab holds for it: tampered, or sent under a key the lab never had.`
    : 'The lab has no security association for it.';
  return { protocol: 'esp', ok: false, trace: [header], summary };
}
