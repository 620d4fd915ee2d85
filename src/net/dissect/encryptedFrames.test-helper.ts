/**
 * Test support (no vitest imports, no Node modules): hand-built frames for the encrypted protocols, WireGuard, ESP
 * and TLS, in the style of frames.test-helper.ts (whose pcap writer and PRNG the tests reuse). The bytes were made
 * by an independent Python script (struct and its own RFC 1071 sum), not by this project's builders; the key and
 * ciphertext bytes are a fixed pseudo-random pattern, since without keys only their size and place matter.
 *
 * Pods 10.244.1.23 and 10.244.2.42, nodes 192.168.61.11 and 192.168.61.12, as in frames.test-helper.ts.
 *   wgInitiation          node to node on Calico's UDP 51820, sender 0x1A2B3C4D, mac2 zero
 *   wgResponse            its answer, sender 0x5E6F7A8B
 *   wgCookieReply         LINKTYPE_RAW, Cilium's UDP 51871, receiver 0x1A2B3C4D
 *   wgTransport           64 bytes of padded plaintext, counter 2^32 + 7
 *   wgKeepalive           empty transport message (32 bytes) from port 40123: found by the heuristic alone
 *   espTunnel             LINKTYPE_RAW, ESP SPI 3 sequence 0x57: IV 8, ciphertext 40, ICV 16
 *   tlsClientHello        to TCP 443: GREASE, SNI backend.bank.svc.cluster.local, ALPN h2 + http/1.1, key_share x25519,
 *                         supported_versions TLS 1.3/1.2, status_request, compress_certificate, ALPS, padding, ...
 *   tlsServerHello13      ServerHello selecting TLS 1.3 + ChangeCipherSpec + two encrypted records
 *   tlsHelloRetryRequest  LINKTYPE_RAW, from TCP 8443 (found by the heuristic): HRR asking for secp256r1 + cookie, CCS
 *   tlsServerHello12      TLS 1.2 ServerHello (renegotiation_info, ALPN, ec_point_formats, EMS) + ServerHelloDone
 *   tlsCcsFinished12      ChangeCipherSpec + the encrypted Finished (AES-GCM explicit nonce 0)
 *   tlsAlert              plaintext fatal alert unknown_ca (48) from 443
 *   tlsAppData            two application data records to TCP 15443 (heuristic)
 *   tlsEncryptedAlert     application data + an encrypted alert (26 bytes) to TCP 8443
 */
import { fromHex } from '../bytes';
import type { TestFrame } from './frames.test-helper';
import { LinkType } from './tree';

export const ENCRYPTED_FRAMES = {
  wgInitiation: {
    linkType: LinkType.ETHERNET,
    pduLength: 190,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000b00001400040113ed4c0a83d0bc0a83d0cca6cca6c009c704b010000004d3c2b1a' +
      'c67e816b4bfbe2fb54f6bddf7c1ce18701bf31de56720f4767668759aa883c598c21ff72edd718d94e139513dc1b63fc9306' +
      'f6bf9ce506e06db00a059ff275878e34b3bcb32be202c0a1518c8023b9ec53c37d788eb44db7482f6d463d19e570244cbba0' +
      'e358fc7874fa8cb11966fb7f2f908295424b45799d1767e500000000000000000000000000000000',
    ),
  },
  wgResponse: {
    linkType: LinkType.ETHERNET,
    pduLength: 134,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000780001400040113f0cc0a83d0cc0a83d0bca6cca6c00648a6a020000008b7a6f5e' +
      '4d3c2b1adf097885d16cb8733c681dacfd15e95946d944626f3deaa9808d92097f312211a6abf68c7249ed513784f5df5e14' +
      '6bce6c4e74921325222e31a1cd13be12ed4200000000000000000000000000000000',
    ),
  },
  wgCookieReply: {
    linkType: LinkType.RAW,
    pduLength: 92,
    bytes: fromHex(
      '4500005c0001400040113f28c0a83d0cc0a83d0bca9fca9f00489bb8030000004d3c2b1a32f0f299b401570c2bbda5461f10' +
      '6fb7faad93054295cd72f8936f9f56de8dea25d97d797f0ef12b8bf358e58908c40a9ab39db955db08ca',
    ),
  },
  wgTransport: {
    linkType: LinkType.ETHERNET,
    pduLength: 138,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500007c0001400040113f08c0a83d0bc0a83d0cca9fca9f00684274040000008b7a6f5e' +
      '0700000001000000bf36eda6f7bac2c81ff655ace00d73a01d3a1dc6cf7bbba3a1fd20664a4641f8ae24b5c7b459ec52e503' +
      '2f75c9cd5b7202d85dc325676ca25c4d0954bc16b83967f87c956178131c33dcf63f42540f39',
    ),
  },
  wgKeepalive: {
    linkType: LinkType.ETHERNET,
    pduLength: 74,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500003c0001400040113f48c0a83d0cc0a83d0b9cbbca9f00281faf040000004d3c2b1a' +
      '030000000000000085d86bac9896f7a619122ddf400bf515',
    ),
  },
  espTunnel: {
    linkType: LinkType.RAW,
    pduLength: 92,
    bytes: fromHex(
      '4500005c0001400040323f07c0a83d0bc0a83d0c00000003000000574b7be9b339732d84121d66b9db4f62620d4bdd460107' +
      'f9fed10d6b69a2d39f6cb4d9a86a2a85ee829abe968b544aafd0d8c0e4c07c2b97400767b57961067c72',
    ),
  },
  tlsClientHello: {
    linkType: LinkType.ETHERNET,
    pduLength: 408,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500018a00014000400620450af401170af4022ac7ac01bb0001e241000f3ddd5018ffff' +
      '2b6a0000160301015d0100015903036505dfcdbfe402fbfba065df2202805b84e1ba0c752c8235c7b6306e0bc49a0c202ba8' +
      '5dd360c037d9f5bc3d12830002d016287eedbb9f79cece00b31a002fd43a00201a1a130113021303c02bc02fc02cc030cca9' +
      'cca8c013c014009c009d002f0035010000f00a0a000000000023002100001e6261636b656e642e62616e6b2e7376632e636c' +
      '75737465722e6c6f63616c00170000ff01000100000a000a00080a0a001d00170018000b00020100002300000010000e000c' +
      '02683208687474702f312e31000500050100000000000d001400120403080404010503080505010806060108070012000000' +
      '33002b00290a0a000100001d00209e6362c61d08cd1d01848dacc204fee7f39af52b2eb98c9dc16cadc2155a61de002d0002' +
      '0101002b0007062a2a03040303001b00030200024469000500030268321a1a00010000150014000000000000000000000000' +
      '0000000000000000',
    ),
  },
  tlsServerHello13: {
    linkType: LinkType.ETHERNET,
    pduLength: 327,
    bytes: fromHex(
      '0a580af401170a580af4022a08004500013900014000400620960af4022a0af4011701bbc7ac000f3ddd0001e39a5018ffff' +
      '1e280000160303007a020000760303f14adbda019d6db7efd91546e3ff8444a76e43ce01117066d44936c7f5990d68202ba8' +
      '5dd360c037d9f5bc3d12830002d016287eedbb9f79cece00b31a002fd43a130100002e002b0002030400330024001d0020b8' +
      'ed59e0a279a295e9f5ed7944fd06b938b508ae488466ffda93b873eb044797140303000101170303005a7e90d6e74455d773' +
      'e311c5aca4fb882dc9fbcd8f8ef75d97e1dc3b1fe06e80c516d0f75576d378f713ff0518a562a619bc1a04bac1a4c845b2e3' +
      'b17a99f0773dd1a46302f8e6abf4b3b58fe825f434052df9432f62d44138ce5f1703030028443254ede5320d51dd2e9ddf05' +
      'f90aa25b429270d46a532fe726becbd6d9baf3baae97965679b921',
    ),
  },
  tlsHelloRetryRequest: {
    linkType: LinkType.RAW,
    pduLength: 169,
    bytes: fromHex(
      '450000a900014000400621260af4022a0af4011720fbc7ad000003e8000007d05018ffffa363000016030300760200007203' +
      '03cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c202ba85dd360c037d9f5bc3d12830002d0' +
      '16287eedbb9f79cece00b31a002fd43a130100002a002b00020304003300020017002c001a00180ad5d2f4860e422ed74a75' +
      '1265f88c16ec8856511bdc4ac8140303000101',
    ),
  },
  tlsServerHello12: {
    linkType: LinkType.ETHERNET,
    pduLength: 131,
    bytes: fromHex(
      '0a580af4022a0a580af40117080045000075000140004006215a0af4022a0af4011701bbc7ae000003e8000007d05018ffff' +
      'c3d500001603030048020000400303d17750fa28eb770cd2664d46c6f60e8b7dcf1b32614f4160f4b9c323c0ae2d4f00c02f' +
      '000018ff01000100001000050003026832000b00020100001700000e000000',
    ),
  },
  tlsCcsFinished12: {
    linkType: LinkType.ETHERNET,
    pduLength: 105,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500005b00014000400621740af401170af4022ac7ae01bb000003e8000007d05018ffff' +
      '5a97000014030300010116030300280000000000000000971acd01c9c7adeacc83257926f490ff0e15e013a7c237f9fa0346' +
      'cfb618667d',
    ),
  },
  tlsAlert: {
    linkType: LinkType.ETHERNET,
    pduLength: 61,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500002f00014000400621a00af4022a0af4011701bbc7af000003e8000007d05018ffff' +
      '7775000015030300020230',
    ),
  },
  tlsAppData: {
    linkType: LinkType.ETHERNET,
    pduLength: 194,
    bytes: fromHex(
      '0a580af4022a0a580af401170800450000b4000140004006211b0af401170af4022ac7b03c53000003e8000007d05018ffff' +
      'b5fa0000170303001e5dbd4b076aa3e2c8c69ffdac86f21274a05ca5f4ee352e91014cc97bab831703030064245fc90e0b80' +
      '17a6c0bcd5dfe7f194e831a26ad534a8252907964c27a1edd9d9ef04b9ddb7b6fff32fc9ec465c219f7d2ca99c8152fcff0d' +
      'e5d77cf7b8401e407772bbdd868f3942990484b413bb4b4c20047dca9141861f7a534ab88dc8de8c35c109e4',
    ),
  },
  tlsEncryptedAlert: {
    linkType: LinkType.ETHERNET,
    pduLength: 109,
    bytes: fromHex(
      '0a580af4022a0a580af4011708004500005f00014000400621700af401170af4022ac7b020fb000003e8000007d05018ffff' +
      'fc2d00001703030013ea024714ad5c4d84bad8ad1247ef165dc2e92f150303001ab0a4c41b4e388262b4f48546a8ed98d154' +
      '2ff396c18d125a1429',
    ),
  },
} satisfies Record<string, TestFrame>;
