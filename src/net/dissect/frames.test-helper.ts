/**
 * Test support (no vitest imports, no Node modules): hand-built frames with known contents, and a classic pcap
 * writer (draft-ietf-opsawg-pcap §4-§5) so the same frames can be handed to tshark.
 *
 * The frames were built by an independent script (Python's struct module and its own RFC 1071 sum), not by this
 * project's packet builders or checksum module, so a checksum bug here cannot hide behind the same bug there.
 * `pduLength` is how many bytes the outermost PDU claims (the frame minus Ethernet padding): any shorter
 * truncation must be reported as malformed.
 */
import { fromHex, put16, put32 } from '../bytes';
import { LinkType } from './tree';
import { createRng, randomFloat } from '../../sim/rng';

export interface TestFrame {
  linkType: LinkType;
  pduLength: number;
  bytes: Uint8Array;
}

/*
 * Pods 10.244.1.23 (0a:58:0a:f4:01:17, port 51116) and 10.244.2.42 (0a:58:0a:f4:02:2a, port 8080); nodes
 * 192.168.61.11 (52:54:00:00:00:01) and 192.168.61.12 (52:54:00:00:00:02).
 *   tcpSyn                SYN seq 123456 win 64240, options MSS 1330, SACK_PERM, TS 2005146253/0, NOP, WS 7
 *   httpGet               PSH/ACK seq 123457 ack 998877, NOP NOP TS, "GET /api/accounts?limit=10&sort=asc HTTP/1.1"
 *                         with Host, User-Agent, Accept and an unknown X-Request-Id header
 *   http200               "HTTP/1.1 200 OK", Content-Type: application/json, Content-Length: 11, body {"ok":true}
 *   arpRequest/arpReply   who-has 192.168.61.12 tell 192.168.61.11 (padded to 60 bytes) and its answer
 *   icmpEchoRequest/Reply id 0x1234 seq 1, 56 data bytes 00..37
 *   vxlan8472             node-to-node VXLAN (Cilium's port), VNI 6, UDP checksum 0, carrying tcpSyn's frame
 *   vxlan4789             VXLAN on the IANA port, VNI 0xabc, with UDP checksum, carrying a SYN/ACK
 *   rawIpUdp              LINKTYPE_RAW; the textbook header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7
 *   sll2Udp               Linux cooked v2 (tcpdump -i any), DNS query to 10.96.0.10
 *   tcpAckSack            ACK with NOP NOP TS NOP NOP SACK 5000-6000 7000-8000
 *   tcpFinAck             FIN/ACK without options
 *   tcpBadChecksum        RST/ACK whose checksum has one bit flipped (0x0100)
 *   icmpPortUnreachable   port unreachable quoting the IP header + 8 bytes of a UDP datagram
 *   ipOptionsRouterAlert  IGMPv3 report with the Router Alert option (IHL 6), DSCP CS6
 *   ipFragment            first fragment (MF set) of a UDP datagram
 *   ipip                  IP in IP (Calico IPIP mode) carrying tcpSyn's packet
 *   httpPost              POST /api/transfer with a 26-byte JSON body (Content-Length)
 *   http403Envoy          the 403 an L7 policy's Envoy sends ("Access denied"), lower-case header names
 */
export const FRAMES = {
  tcpSyn: {
    linkType: LinkType.ETHERNET,
    pduLength: 74,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500003c1234400040060f600af401170af4022ac7ac1f900001e24000000000a002faf0' +
      'd8d80000020405320402080a77841a8d0000000001030307',
    ),
  },
  httpGet: {
    linkType: LinkType.ETHERNET,
    pduLength: 196,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000b61234400040060ee60af401170af4022ac7ac1f900001e241000f3ddd801801f6' +
      '102000000101080a77841abc0000004d474554202f6170692f6163636f756e74733f6c696d69743d313026736f72743d6173' +
      '6320485454502f312e310d0a486f73743a206261636b656e642e62616e6b3a383038300d0a557365722d4167656e743a2063' +
      '75726c2f382e352e300d0a4163636570743a202a2f2a0d0a582d526571756573742d49643a20376633610d0a0d0a',
    ),
  },
  http200: {
    linkType: LinkType.ETHERNET,
    pduLength: 148,
    bytes: fromHex(
      '0a580af401170a580af4022a0800450000861234400040060f160af4022a0af401171f90c7ac000f3ddd0001e2c3801801fd' +
      '752800000101080a0000138877841abc485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20617070' +
      '6c69636174696f6e2f6a736f6e0d0a436f6e74656e742d4c656e6774683a2031310d0a0d0a7b226f6b223a747275657d',
    ),
  },
  arpRequest: {
    linkType: LinkType.ETHERNET,
    pduLength: 42,
    bytes: fromHex(
      'ffffffffffff52540000000108060001080006040001525400000001c0a83d0b000000000000c0a83d0c0000000000000000' +
      '00000000000000000000',
    ),
  },
  arpReply: {
    linkType: LinkType.ETHERNET,
    pduLength: 42,
    bytes: fromHex(
      '52540000000152540000000208060001080006040002525400000002c0a83d0c525400000001c0a83d0b0000000000000000' +
      '00000000000000000000',
    ),
  },
  icmpEchoRequest: {
    linkType: LinkType.ETHERNET,
    pduLength: 98,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000541234400040010f4d0af401170af4022a0800eeb7123400010001020304050607' +
      '08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
    ),
  },
  icmpEchoReply: {
    linkType: LinkType.ETHERNET,
    pduLength: 98,
    bytes: fromHex(
      '0a580af401170a580af4022a0800450000544321000040011e600af4022a0af401170000f6b7123400010001020304050607' +
      '08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
    ),
  },
  vxlan8472: {
    linkType: LinkType.ETHERNET,
    pduLength: 124,
    bytes: fromHex(
      '52540000000252540000000108004500006e1234400040112ce3c0a83d0bc0a83d0c9c402118005a00000800000000000600' +
      '0a580af4022a0a580af4011708004500003c1234400040060f600af401170af4022ac7ac1f900001e24000000000a002faf0' +
      'd8d80000020405320402080a77841a8d0000000001030307',
    ),
  },
  vxlan4789: {
    linkType: LinkType.ETHERNET,
    pduLength: 124,
    bytes: fromHex(
      '52540000000152540000000208004500006e1234400040112ce3c0a83d0cc0a83d0bc82212b5005a486d08000000000abc00' +
      '0a580af401170a580af4022a08004500003c1234400040060f600af4022a0af401171f90c7ac000f3ddd0001e241a012fe88' +
      '9ffb0000020405b40402080aeeab081a77841a8d01030307',
    ),
  },
  rawIpUdp: {
    linkType: LinkType.RAW,
    pduLength: 115,
    bytes: fromHex(
      '45000073000040004011b861c0a80001c0a800c70035d211005f3f90000102030405060708090a0b0c0d0e0f101112131415' +
      '161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344454647' +
      '48494a4b4c4d4e4f50515253545556',
    ),
  },
  sll2Udp: {
    linkType: LinkType.LINUX_SLL2,
    pduLength: 82,
    bytes: fromHex(
      '0800000000000003000104060a580af4011700004500003e12344000401112070af401170a60000ab26e0035002a9fd7abcd' +
      '01000001000000000000076261636b656e640462616e6b037376630000010001',
    ),
  },
  tcpAckSack: {
    linkType: LinkType.ETHERNET,
    pduLength: 86,
    bytes: fromHex(
      '0a580af401170a580af4022a0800450000481234400040060f540af4022a0af401171f90c7ac000f3ddd0001fbd0d01001fd' +
      '732d00000101080a000003e8000007d001010512000013880000177000001b5800001f40',
    ),
  },
  tcpFinAck: {
    linkType: LinkType.ETHERNET,
    pduLength: 54,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000281234400040060f740af401170af4022ac7ac1f900001fbd0000f3e58501101f6' +
      '733f0000000000000000',
    ),
  },
  tcpBadChecksum: {
    linkType: LinkType.ETHERNET,
    pduLength: 54,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000281234400040060f740af401170af4022ac7ac1f900001fbd0000f3e5850140000' +
      '74320000000000000000',
    ),
  },
  icmpPortUnreachable: {
    linkType: LinkType.ETHERNET,
    pduLength: 70,
    bytes: fromHex(
      '0a580af401170a580af4022a080045000038010100003f0164500a60000a0af401170303e669000000004500002812344000' +
      '4011121d0af401170a60000ab26e0035001463db',
    ),
  },
  ipOptionsRouterAlert: {
    linkType: LinkType.ETHERNET,
    pduLength: 54,
    bytes: fromHex(
      '01005e0000160a580af40117080046c00028123440000102e5ba0af40117e0000016940400002200f9020000000104000000' +
      'e00000fc000000000000',
    ),
  },
  ipFragment: {
    linkType: LinkType.ETHERNET,
    pduLength: 106,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500005c1234200040112f350af401170af4022a9c40211805dc00000000000000000000' +
      '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' +
      '000000000000',
    ),
  },
  ipip: {
    linkType: LinkType.ETHERNET,
    pduLength: 94,
    bytes: fromHex(
      '5254000000025254000000010800450000501234400040042d0ec0a83d0bc0a83d0c4500003c1234400040060f600af40117' +
      '0af4022ac7ac1f900001e24000000000a002faf0d8d80000020405320402080a77841a8d0000000001030307',
    ),
  },
  httpPost: {
    linkType: LinkType.ETHERNET,
    pduLength: 188,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000ae1234400040060eee0af401170af4022ac7ae1f90000877f8000bdb28501801f6' +
      '32ad0000504f5354202f6170692f7472616e7366657220485454502f312e310d0a486f73743a206261636b656e642e62616e' +
      '6b3a383038300d0a436f6e74656e742d547970653a206170706c69636174696f6e2f6a736f6e0d0a436f6e74656e742d4c65' +
      '6e6774683a2032360d0a0d0a7b22746f223a22626f62222c22616d6f756e74223a313030307d',
    ),
  },
  http403Envoy: {
    linkType: LinkType.ETHERNET,
    pduLength: 193,
    bytes: fromHex(
      '0a580af401170a580af4022a0800450000b31234400040060ee90af4022a0af401171f90c7ae000bdb280008787e501801fd' +
      '51950000485454502f312e312034303320466f7262696464656e0d0a636f6e74656e742d6c656e6774683a2031350d0a636f' +
      '6e74656e742d747970653a20746578742f706c61696e0d0a646174653a205468752c203031204a616e20323032362030303a' +
      '30303a303020474d540d0a7365727665723a20656e766f790d0a0d0a4163636573732064656e6965640d0a',
    ),
  },
} satisfies Record<string, TestFrame>;

export type FrameName = keyof typeof FRAMES;

/** A classic pcap file (microsecond timestamps, little-endian), one link type for all frames. */
export function writePcap(frames: Uint8Array[], linkType: number): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const out = new Uint8Array(size);
  const le32 = (off: number, v: number): void => {
    put32(out, off, v);
    out.subarray(off, off + 4).reverse();
  };
  const le16 = (off: number, v: number): void => {
    put16(out, off, v);
    out.subarray(off, off + 2).reverse();
  };
  le32(0, 0xa1b2c3d4);
  le16(4, 2);
  le16(6, 4);
  le32(16, 262144);
  le32(20, linkType);
  let off = 24;
  frames.forEach((f, i) => {
    le32(off, 1_700_000_000 + i);
    le32(off + 8, f.length);
    le32(off + 12, f.length);
    out.set(f, off + 16);
    off += 16 + f.length;
  });
  return out;
}

/** Seeded random numbers in [0, 1) for fuzzing (the project's ChaCha20 generator): the same seed, the same bytes. */
export function prng(seed: number): () => number {
  const r = createRng(`fuzz:${seed}`);
  return () => randomFloat(r);
}
