/**
 * `ip` against the lab's namespaces: every value checked comes from the engine state (MACs, ifindexes, addresses,
 * routes), and `ip route get` must agree with where the engine really sends packets.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { fmtIp, fmtMac } from '../../net/addr';
import { ip } from './ip';
import { node, pod, run } from './programs.test-helper';

const lab = (routing: 'native' | 'tunnel' = 'native') => {
  const e = Engine.create('plaintext', 7, { routing });
  const p = (name: string) => e.st.cluster.pods.find((x) => x.name === name)!;
  return { e, frontend: p('frontend'), backend: p('backend'), nodes: e.st.cluster.nodes };
};

/** EUI-64 link-local, computed independently of the implementation. */
function eui64(mac: Uint8Array): string {
  const b = [mac[0] ^ 2, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]];
  const g = [0, 2, 4, 6].map((i) => ((b[i] << 8) | b[i + 1]).toString(16));
  return `fe80::${g.join(':')}`;
}

describe('ip addr', () => {
  it('shows a pod its loopback and its veth eth0@ifN with the pod IP and MTU 1370', () => {
    const { e, frontend } = lab();
    const eth0 = e.st.ifaces['web/frontend:eth0'];
    const peer = e.st.ifaces[(eth0.link as { peer: string }).peer];
    const r = run(e, ip, ['ip', 'addr'], pod('web/frontend'));
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n'
      + '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
      + '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n'
      + '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n'
      + `2: eth0@if${peer.ifindex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1370 qdisc noqueue state UP group default qlen 1000\n`
      + `    link/ether ${fmtMac(eth0.mac)} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n`
      + `    inet ${frontend.ip}/32 scope global eth0\n       valid_lft forever preferred_lft forever\n`
      + `    inet6 ${eui64(eth0.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`,
    );
    // Abbreviations and `show dev` select the same thing.
    expect(run(e, ip, ['ip', 'a'], pod('web/frontend')).out).toBe(r.out);
    expect(run(e, ip, ['ip', 'address', 'show', 'dev', 'eth0'], pod('web/frontend')).out).toBe(r.out.slice(r.out.indexOf('2: ')));
  });

  it('shows a node its NIC with broadcast and the host side of each pod veth, linked back to the pod ifindex', () => {
    const { e, nodes } = lab();
    const out = run(e, ip, ['ip', 'addr'], node('node-1')).out;
    const eth0 = e.st.ifaces['node-1:eth0'];
    expect(out).toContain(`2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether ${fmtMac(eth0.mac)} brd ff:ff:ff:ff:ff:ff\n    inet ${nodes[0].ip}/24 brd 192.168.61.255 scope global eth0\n`);
    const lxc = e.st.ifaces['node-1:lxc-frontend'];
    expect(out).toContain(`${lxc.ifindex}: lxc-frontend@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1370 qdisc noqueue state UP group default qlen 1000\n    link/ether ${fmtMac(lxc.mac)} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet6 ${eui64(lxc.mac)}/64 scope link \n`);
  });

  it('-4 leaves out links without IPv4, -br prints one line per link', () => {
    const { e, nodes } = lab();
    const four = run(e, ip, ['ip', '-4', 'a'], node('node-1')).out;
    expect(four).not.toContain('lxc-frontend');
    expect(four).not.toContain('inet6');
    const br = run(e, ip, ['ip', '-br', 'addr'], node('node-1')).out.split('\n');
    expect(br[0]).toBe('lo               UNKNOWN        127.0.0.1/8 ::1/128 ');
    expect(br[1]).toBe(`eth0             UP             ${nodes[0].ip}/24 ${eui64(e.st.ifaces['node-1:eth0'].mac)}/64 `);
    expect(br[2]).toMatch(/^lxc-frontend@if2 UP {13}fe80::/);
    expect(run(e, ip, ['ip', '-br', 'link'], node('node-1')).out.split('\n')[1]).toBe(`eth0             UP             ${fmtMac(e.st.ifaces['node-1:eth0'].mac)} <BROADCAST,MULTICAST,UP,LOWER_UP> `);
  });

  it('ip link shows mode DEFAULT and, in tunnel mode, cilium_vxlan with the VXLAN MTU', () => {
    const { e } = lab('tunnel');
    const out = run(e, ip, ['ip', 'link'], node('node-2')).out;
    const vx = e.st.ifaces['node-2:cilium_vxlan'];
    expect(out).toContain(`${vx.ifindex}: cilium_vxlan: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/ether ${fmtMac(vx.mac)} brd ff:ff:ff:ff:ff:ff\n`);
  });

  it('shows cilium_host as the cilium_host@cilium_net veth end, its router address scope global', () => {
    const { e, nodes } = lab();
    const h = e.st.ifaces['node-2:cilium_host'];
    const head = `${h.ifindex}: cilium_host@cilium_net: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu ${h.mtu} qdisc noqueue state UP`;
    expect(run(e, ip, ['ip', 'addr', 'show', 'cilium_host'], node('node-2')).out).toBe(`${head} group default qlen 1000\n`
      + `    link/ether ${fmtMac(h.mac)} brd ff:ff:ff:ff:ff:ff\n    inet ${nodes[1].routerIp}/32 scope global cilium_host\n       valid_lft forever preferred_lft forever\n`
      + `    inet6 ${eui64(h.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`);
    expect(run(e, ip, ['ip', 'link', 'show', 'dev', 'cilium_host'], node('node-2')).out).toBe(`${head} mode DEFAULT group default qlen 1000\n`
      + `    link/ether ${fmtMac(h.mac)} brd ff:ff:ff:ff:ff:ff\n`);
    expect(run(e, ip, ['ip', '-br', 'a'], node('node-2')).out).toContain(`cilium_host@cilium_net UP             ${nodes[1].routerIp}/32 ${eui64(h.mac)}/64 \n`);
  });
});

describe('ip route', () => {
  it('a pod routes everything through the cilium_host gateway with the route MTU', () => {
    const { e, nodes, backend } = lab();
    const gw = nodes[0].routerIp;
    expect(run(e, ip, ['ip', 'route'], pod('web/frontend')).out).toBe(`default via ${gw} dev eth0 mtu 1370 \n${gw} dev eth0 scope link \n`);
    const get = run(e, ip, ['ip', 'r', 'g', backend.ip], pod('web/frontend'));
    expect(get.out).toBe(`${backend.ip} via ${gw} dev eth0 src ${e.st.cluster.pods[0].ip} uid 0 \n    cache mtu 1370 \n`);
  });

  it('native routing: node-1 reaches node-2 pods via node-2 underlay IP, and `ip route get` says so', () => {
    const { e, nodes, frontend, backend } = lab();
    expect(run(e, ip, ['ip', 'route'], node('node-1')).out).toBe(
      `${frontend.ip} dev lxc-frontend scope link \n`
      + `10.244.2.0/24 via ${nodes[1].ip} dev eth0 proto kernel \n`
      + `10.244.3.0/24 via ${nodes[2].ip} dev eth0 proto kernel \n`
      + `192.168.61.0/24 dev eth0 proto kernel scope link src ${nodes[0].ip} \n`,
    );
    const r = run(e, ip, ['ip', 'route', 'get', backend.ip], node('node-1'));
    expect(r).toEqual({ out: `${backend.ip} via ${nodes[1].ip} dev eth0 src ${nodes[0].ip} uid 0 \n    cache \n`, err: '', code: 0 });
    // The engine agrees: the SYN of the scenario's curl leaves node-1:eth0 towards node-2's MAC.
    const seen: string[] = [];
    e.events.on('frame', (f) => {
      if (f.point === 'node-1:eth0' && f.dir === 'out' && f.frame[23] === 6) seen.push(fmtMac(f.frame, 0));
    });
    e.runToIdle();
    expect(seen[0]).toBe(fmtMac(e.st.ifaces['node-2:eth0'].mac));
  });

  it('tunnel mode: remote pod CIDRs go into cilium_vxlan', () => {
    const { e, nodes, backend } = lab('tunnel');
    expect(run(e, ip, ['ip', 'route'], node('node-1')).out).toContain('10.244.2.0/24 dev cilium_vxlan proto kernel scope link \n');
    expect(run(e, ip, ['ip', 'route', 'get', backend.ip], node('node-1')).out).toBe(`${backend.ip} dev cilium_vxlan src ${nodes[0].ip} uid 0 \n    cache \n`);
  });

  it('local addresses, unreachable destinations and bad input answer like iproute2', () => {
    const { e, frontend } = lab();
    expect(run(e, ip, ['ip', 'route', 'get', frontend.ip], pod('web/frontend')).out).toBe(`local ${frontend.ip} dev lo src ${frontend.ip} uid 0 \n    cache <local> \n`);
    expect(run(e, ip, ['ip', 'route', 'get', '8.8.8.8'], node('node-1'))).toEqual({ out: '', err: 'RTNETLINK answers: Network is unreachable\n', code: 2 });
    expect(run(e, ip, ['ip', 'route', 'get', 'foo'], node('node-1')).err).toBe('Error: any valid prefix is expected rather than "foo".\n');
    expect(run(e, ip, ['ip', 'route', 'get'], node('node-1')).err).toBe('need at least a destination address\n');
    expect(run(e, ip, ['ip', 'route', 'add', '1.2.3.0/24', 'dev', 'eth0'], node('node-1')).err).toBe('RTNETLINK answers: Operation not permitted\n');
  });
});

describe('ip neigh and errors', () => {
  it('lists permanent entries, and the underlay neighbour learned by ARP once traffic has flowed', () => {
    const { e, nodes } = lab();
    const gwMac = fmtMac(e.st.ifaces['node-1:lxc-frontend'].mac);
    expect(run(e, ip, ['ip', 'neigh'], pod('web/frontend')).out).toBe(`${nodes[0].routerIp} dev eth0 lladdr ${gwMac} PERMANENT\n`);
    expect(run(e, ip, ['ip', 'n'], node('node-1')).out).not.toContain(nodes[1].ip);
    e.runToIdle();
    expect(run(e, ip, ['ip', 'n', 'show', 'dev', 'eth0'], node('node-1')).out).toBe(`${nodes[1].ip} lladdr ${fmtMac(e.st.ifaces['node-2:eth0'].mac)} REACHABLE\n`);
  });

  it('prints iproute2 errors with its exit codes', () => {
    const { e } = lab();
    expect(run(e, ip, ['ip', 'foo'], node('node-1'))).toEqual({ out: '', err: 'Object "foo" is unknown, try "ip help".\n', code: 1 });
    expect(run(e, ip, ['ip', 'addr', 'show', 'eth9'], node('node-1'))).toEqual({ out: '', err: 'Device "eth9" does not exist.\n', code: 1 });
    expect(run(e, ip, ['ip', '-z', 'a'], node('node-1')).err).toBe('Option "-z" is unknown, try "ip -help".\n');
    expect(run(e, ip, ['ip'], node('node-1')).err).toMatch(/^Usage: ip \[ OPTIONS \] OBJECT/);
    expect(fmtIp(e.st.ifaces['node-1:eth0'].addrs[0].ip)).toBe('192.168.61.11');
  });
});
