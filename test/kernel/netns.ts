/**
 * Network namespaces for the kernel test: a "node" namespace that routes between pod namespaces
 * and one namespace of external addresses over veth pairs, Calico-style (each pod has its /32 and
 * /128 and a default route via 169.254.1.1 / fe80::1, which the node owns on every veth).
 *
 * Contract: every name starts with `npk<pid>s<n>-`, so a run never touches another run's
 * namespaces; `cleanupStale` removes what a dead run (its pid gone) left behind, and `destroy`
 * removes everything a topology made — its processes (killed by pid), its namespaces, and with
 * them their veths and ipsets. Nothing is created outside these namespaces: every address exists
 * only inside them, and the node namespace has no route anywhere else.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Probe, ProbeResult } from './agent.js';

const AGENT = fileURLToPath(new URL('./agent.js', import.meta.url));
const NAME = /^npk(\d+)s\d+-\S+/;

export function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 30_000 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Why the kernel test cannot run here, or null when it can. */
export function unavailable(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const bin of ['ip', 'iptables-restore', 'ip6tables-restore', 'ipset']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status !== 0) return `\`${bin}\` is not installed (apt-get install iptables ipset iproute2)`;
  }
  const probe = `npk${process.pid}s0-check`;
  try {
    run('ip', ['netns', 'add', probe]);
    run('ip', ['netns', 'exec', probe, 'iptables-restore'], '*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n');
    run('ip', ['netns', 'exec', probe, 'ipset', 'create', 'npk-check', 'hash:net']);
  } catch (e) {
    return `cannot use network namespaces, iptables or ipset here: ${(e as Error).message}`;
  } finally {
    spawnSync('ip', ['netns', 'del', probe]);
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes the namespaces (and the processes in them) of kernel test runs that are gone. */
export function cleanupStale(): string[] {
  const removed: string[] = [];
  for (const line of run('ip', ['netns', 'list']).split('\n')) {
    const m = NAME.exec(line.trim());
    if (!m || alive(Number(m[1]))) continue;
    const ns = m[0];
    for (const pid of spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    spawnSync('ip', ['netns', 'del', ns]);
    removed.push(ns);
  }
  return removed;
}

export class Topology {
  readonly node: string;
  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  private veths = 0;

  /** Creates nothing yet: call `start` inside the `try` whose `finally` calls `destroy`. */
  constructor(readonly prefix: string) {
    this.node = `${prefix}-node`;
  }

  /** The node namespace, forwarding IPv4 and IPv6. */
  start(): void {
    this.addNamespace('node');
    this.sysctl(this.node, { 'net/ipv4/ip_forward': 1, 'net/ipv6/conf/all/forwarding': 1 });
  }

  private addNamespace(suffix: string): string {
    const ns = `${this.prefix}-${suffix}`;
    this.namespaces.push(ns);
    run('ip', ['netns', 'add', ns]);
    run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    // No duplicate address detection: addresses are usable at once (and unique by construction).
    this.sysctl(ns, { 'net/ipv6/conf/all/accept_dad': 0, 'net/ipv6/conf/default/accept_dad': 0 });
    return ns;
  }

  private sysctl(ns: string, values: Record<string, number>): void {
    run('ip', ['netns', 'exec', ns, 'sh', '-c', Object.entries(values).map(([k, v]) => `echo ${v} > /proc/sys/${k}`).join(' && ')]);
  }

  /** A namespace behind its own veth, holding `v4`/`v6` addresses routed to it by the node. */
  addHost(suffix: string, v4: string[], v6: string[]): string {
    const ns = this.addNamespace(suffix);
    const veth = `v${this.veths++}`;
    run('ip', ['-n', this.node, 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    run('ip', ['-n', this.node, 'link', 'set', veth, 'up']);
    run('ip', ['-n', this.node, 'addr', 'add', '169.254.1.1/32', 'dev', veth]);
    run('ip', ['-n', this.node, '-6', 'addr', 'add', 'fe80::1/64', 'dev', veth, 'nodad']);
    run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    for (const a of v4) {
      run('ip', ['-n', ns, 'addr', 'add', `${a}/32`, 'dev', 'eth0']);
      run('ip', ['-n', this.node, 'route', 'add', `${a}/32`, 'dev', veth]);
    }
    for (const a of v6) {
      run('ip', ['-n', ns, '-6', 'addr', 'add', `${a}/128`, 'dev', 'eth0', 'nodad']);
      run('ip', ['-n', this.node, '-6', 'route', 'add', `${a}/128`, 'dev', veth]);
    }
    if (v4.length > 0) {
      run('ip', ['-n', ns, 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link']);
      run('ip', ['-n', ns, 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0']);
    }
    if (v6.length > 0) run('ip', ['-n', ns, '-6', 'route', 'add', 'default', 'via', 'fe80::1', 'dev', 'eth0']);
    return ns;
  }

  /** Loads the emitted files into the node namespace, sets first. */
  load(files: { ipsets: string; iptables: string; ip6tables: string }): void {
    run('ip', ['netns', 'exec', this.node, 'ipset', 'restore', '-exist'], files.ipsets);
    run('ip', ['netns', 'exec', this.node, 'iptables-restore'], files.iptables);
    run('ip', ['netns', 'exec', this.node, 'ip6tables-restore'], files.ip6tables);
  }

  private agent(ns: string, args: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, AGENT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.push(child);
    return child;
  }

  /** TCP listeners and UDP echo servers on `ports` in `ns` (UDP on each of `addresses`). */
  listen(ns: string, ports: number[], addresses: string[]): Promise<void> {
    const child = this.agent(ns, ['listen', ports.join(','), addresses.join(',')]);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`listener in ${ns} exited (${code}): ${err}`)));
    });
  }

  /** Runs probes from `ns`. */
  probe(ns: string, probes: Probe[]): Promise<ProbeResult[]> {
    const child = this.agent(ns, ['probe']);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.stdin!.end(JSON.stringify(probes));
    return new Promise((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ProbeResult[]) : reject(new Error(`prober in ${ns} exited (${code}): ${err}`)))),
    );
  }

  /** Kills this topology's processes by pid and deletes its namespaces. Never throws. */
  destroy(): void {
    for (const c of this.children) if (c.exitCode === null && c.pid !== undefined) c.kill('SIGKILL');
    for (const ns of this.namespaces.reverse()) spawnSync('ip', ['netns', 'del', ns]);
  }
}
