/**
 * The process the kernel test runs inside a network namespace (`ip netns exec <ns> node agent.js`).
 * Not a test file: the runner only runs `*.test.js`.
 *
 *   agent.js listen <ports> <addrs> TCP listeners (dual-stack `::`) and UDP echo servers (one per
 *                                   local address, so that a reply leaves from the address the
 *                                   datagram came to) on every port; prints `ready` once bound
 *   agent.js probe                  reads a JSON list of probes on stdin, runs them (64 at a time),
 *                                   prints one JSON result list
 *
 * A probe "reached" its destination when a TCP connection was accepted or refused (a RST came
 * back), or a UDP datagram was echoed (or refused with ICMP): either way the packet went through
 * the node's FORWARD chain. A DROP shows as a timeout. Both modes exit when stdin closes (the test
 * died) or after a hard time limit, so nothing outlives the test.
 */
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';

export interface Probe {
  id: number;
  proto: 'tcp' | 'udp';
  src: string;
  srcPort: number;
  dst: string;
  port: number;
  timeoutMs: number;
}

export interface ProbeResult {
  id: number;
  reached: boolean;
  how: string;
}

const HARD_LIMIT_MS = 240_000;

function listen(ports: number[], addresses: string[]): void {
  let pending = ports.length * (1 + addresses.length);
  const up = () => {
    if (--pending === 0) process.stdout.write('ready\n');
  };
  for (const port of ports) {
    const tcp = createServer((s) => {
      s.on('error', () => undefined);
      s.end();
    });
    tcp.on('error', (e) => fail(`tcp ${port}: ${e.message}`));
    tcp.listen({ host: '::', port, ipv6Only: false }, up);
    for (const address of addresses) {
      const udp = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      udp.on('error', (e) => fail(`udp ${address} ${port}: ${e.message}`));
      udp.on('message', (msg, rinfo) => udp.send(msg, rinfo.port, rinfo.address));
      udp.bind({ address, port }, up);
    }
  }
}

function probeTcp(p: Probe): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const s = connect({ host: p.dst, port: p.port, localAddress: p.src, localPort: p.srcPort });
    const done = (reached: boolean, how: string) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ id: p.id, reached, how });
    };
    const timer = setTimeout(() => done(false, 'timeout'), p.timeoutMs);
    s.on('connect', () => done(true, 'connected'));
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED', e.code ?? e.message));
  });
}

function probeUdp(p: Probe): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const s = createSocket(p.dst.includes(':') ? 'udp6' : 'udp4');
    const payload = Buffer.from(`probe ${p.id}`);
    const timers: NodeJS.Timeout[] = [];
    const done = (reached: boolean, how: string) => {
      timers.forEach(clearTimeout);
      s.close();
      resolve({ id: p.id, reached, how });
    };
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED', e.code ?? e.message));
    s.on('message', (msg) => {
      if (msg.equals(payload)) done(true, 'echoed');
    });
    s.bind({ address: p.src, port: p.srcPort }, () => {
      s.connect(p.port, p.dst, () => {
        const send = () => s.send(payload);
        send();
        // One resend: a first datagram can wait on neighbour discovery.
        timers.push(setTimeout(send, p.timeoutMs / 3));
        timers.push(setTimeout(() => done(false, 'timeout'), p.timeoutMs));
      });
    });
  });
}

async function probe(probes: Probe[]): Promise<void> {
  const results: ProbeResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const p = probes[next++]!;
      results.push(await (p.proto === 'tcp' ? probeTcp(p) : probeUdp(p)));
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  process.stdout.write(JSON.stringify(results) + '\n');
  process.exit(0);
}

function fail(message: string): never {
  process.stderr.write(`agent: ${message}\n`);
  process.exit(1);
}

const [mode, arg, addrs] = process.argv.slice(2);
const isMain = /agent\.js$/.test(process.argv[1] ?? '');
if (isMain) setTimeout(() => fail('hard time limit'), HARD_LIMIT_MS).unref();
if (!isMain) {
  // Imported for its types only.
} else if (mode === 'listen') {
  listen((arg ?? '').split(',').map(Number), (addrs ?? '').split(',').filter(Boolean));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else if (mode === 'probe') {
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => void probe(JSON.parse(input) as Probe[]));
} else fail(`unknown mode \`${mode}\``);
