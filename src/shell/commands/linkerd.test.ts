/**
 * linkerd on the Linkerd lab, after its scripted traffic: `viz edges` shows the meshed frontend -> backend edge as
 * mTLS (and no edge for the unmeshed app-a, whose plaintext the backend's proxy accepted), `viz tap` prints the
 * requests each proxy relays with the right peers, path and TLS status, `version`.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { parseIp } from '../../net/addr';
import { runCommand } from '../runCommand';
import { linkerd } from './linkerd';
import { NODE1 } from './kubectl.test-helper';
import { foreground } from './programs.test-helper';
import { line, meshLab } from './mesh.test-helper';

const l = (e: Engine, args: string) => runCommand(e, linkerd, ['linkerd', ...args.split(' ')], NODE1);

describe('linkerd viz edges', () => {
  it('the meshed pair, secured; the plaintext client without a proxy is not an edge', () => {
    const e = meshLab('linkerd');
    // app-a (no proxy) did reach backend: the backend's redirect saw it.
    const appA = e.st.cluster.pods.find((p) => p.name === 'app-a')!;
    expect(Object.values(e.st.meshNat!['bank/backend']).some((r) => r.dir === 'in' && r.src === parseIp(appA.ip))).toBe(true);
    const table = 'SRC        DST       SRC_NS   DST_NS   SECURED\nfrontend   backend   web      bank     √\n';
    expect(l(e, 'viz edges deploy -A')).toEqual({ out: table, err: '', code: 0 });
    expect(l(e, 'viz -n bank edges deployment').out).toBe(table);
    expect(l(e, 'viz edges po -n web -o wide').out).toBe(
      'SRC        DST       SRC_NS   DST_NS   CLIENT_ID      SERVER_ID      SECURED\nfrontend   backend   web      bank     frontend.web   backend.bank   √\n');
    expect(l(e, 'viz edges deploy')).toEqual({ out: '', err: 'No edges found.\n', code: 0 });
  });

  it('nothing before any traffic; errors for bad arguments', () => {
    const e = Engine.create('linkerd', 7);
    expect(l(e, 'viz edges deploy -A').err).toBe('No edges found.\n');
    expect(l(e, 'viz edges').err).toBe('Error: accepts 1 arg(s), received 0\n');
    expect(l(e, 'viz edges svc').err).toBe('Error: Resource type is not supported: svc\n');
  });
});

describe('linkerd viz tap', () => {
  it('backend: the frontend\'s requests arrive over mTLS, app-a\'s in plaintext', () => {
    const e = Engine.create('linkerd', 7);
    const c = e.st.cluster;
    const ip = (name: string) => c.pods.find((p) => p.name === name)!.ip;
    const tap = foreground(e, linkerd, ['linkerd', 'viz', 'tap', 'deploy/backend', '-n', 'bank'], NODE1);
    tap.runFor(5 * SECOND);
    tap.interrupt();
    const lines = tap.out().trim().split('\n');
    expect(lines.map((x) => x.split(' ')[0])).toEqual(['req', 'rsp', 'end', 'req', 'rsp', 'end']);
    expect(lines[0]).toMatch(new RegExp(`^req id=0:0 proxy=in  src=${ip('frontend')}:\\d+ dst=${ip('backend')}:8080 tls=true :method=GET :authority=backend\\.bank\\.svc\\.cluster\\.local:8080 :path=/api/accounts/1042/transactions$`));
    expect(lines[1]).toMatch(/^rsp id=0:0 proxy=in {2}src=\S+ dst=\S+ tls=true :status=200 latency=\d+µs$/);
    expect(lines[2]).toMatch(/^end id=0:0 proxy=in {2}src=\S+ dst=\S+ tls=true duration=\d+µs response-length=\d+B$/);
    expect(lines[3]).toMatch(new RegExp(`^req id=1:0 proxy=in  src=${ip('app-a')}:\\d+ dst=${ip('backend')}:8080 tls=no_tls_from_remote :method=GET :authority=\\S+ :path=/api/accounts/1042$`));
    expect(tap.code()).toBe(130);
  });

  it('frontend: its own requests, proxy=out, to the backend pod the proxy picked', () => {
    const e = Engine.create('linkerd', 7);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!;
    const tap = foreground(e, linkerd, ['linkerd', 'viz', 'tap', 'deploy/frontend', '-n', 'web'], NODE1);
    tap.runFor(5 * SECOND);
    tap.interrupt();
    expect(tap.out()).toMatch(new RegExp(`^req id=0:0 proxy=out src=\\S+ dst=${backend.ip}:8080 tls=true :method=GET .*\nrsp id=0:0 .*:status=200 .*\nend id=0:0 .*\n$`));
  });

  it('--path keeps the requests whose path starts with it', () => {
    const e = Engine.create('linkerd', 7);
    const tap = foreground(e, linkerd, ['linkerd', 'viz', 'tap', 'deploy/backend', '-n', 'bank', '--path', '/api/accounts/1042/tr'], NODE1);
    tap.runFor(5 * SECOND);
    tap.interrupt();
    expect(tap.out().trim().split('\n').map((x) => x.split(' ')[1])).toEqual(['id=0:0', 'id=0:0', 'id=0:0']);
    expect(l(e, 'viz tap deploy/backend -n bank --to deploy/x').code).toBe(1);
  });

  it('a workload without a proxy cannot be tapped', () => {
    const e = meshLab('linkerd', 0);
    expect(l(e, 'viz tap deploy/app-a')).toEqual({ out: '', err: 'Error: no pods to tap for deployment/app-a\n', code: 1 });
    expect(l(e, 'viz tap deploy/ghost -n bank').err).toBe('Error: deployments.apps "ghost" not found\n');
  });
});

describe('linkerd', () => {
  it('version, and only in the Linkerd lab', () => {
    const e = meshLab('linkerd', 0);
    expect(l(e, 'version').out).toBe('Client version: stable-2.14.10\nServer version: stable-2.14.10\n');
    expect(l(e, 'version --client').out).toBe('Client version: stable-2.14.10\n');
    expect(line(meshLab('istio-strict', 0), 'linkerd version').code).toBe(127);
  });
});
