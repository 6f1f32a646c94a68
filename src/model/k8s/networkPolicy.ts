/**
 * Model stage: a `networking.k8s.io/v1 NetworkPolicy` document → typed `NetworkPolicy`.
 *
 * Strict everywhere: an unknown field at any depth is an error (the API server's strict field
 * validation); a `status` (only `conditions`, from the 1.24–1.26 alpha) is accepted and ignored.
 * Validation follows `ValidateNetworkPolicy` (kubernetes
 * `pkg/apis/networking/validation/validation.go`):
 * - metadata: a DNS-1123 subdomain name, a DNS-1123 label namespace;
 * - `spec.podSelector` (`{}` selects every pod of the namespace): the Go type is a struct, not a
 *   pointer, so an absent or null one decodes as `{}` and the API server accepts it; netpolc
 *   reads it so too, with a warning, as netpol-analyzer does; every label selector is checked by
 *   `readLabelSelector`;
 * - a peer sets at least one of `podSelector`, `namespaceSelector`, `ipBlock`, and `ipBlock`
 *   excludes the other two (`ValidateNetworkPolicyPeer`); `ipBlock` rules in `ipBlock.ts`;
 * - ports: protocol TCP/UDP/SCTP; `port` 1–65535 or an IANA_SVC_NAME; `endPort` only with a
 *   numeric `port`, ≥ `port` and ≤ 65535 (`ValidateNetworkPolicyPort`);
 * - `policyTypes`: at most two, each `Ingress` or `Egress`. The API server accepts a repeated
 *   type, so a repeat is a warning here, not an error.
 *
 * Defaulting (`SetDefaults_NetworkPolicySpec`, networking/v1 `defaults.go`; API reference of
 * `policyTypes`): when `policyTypes` is absent or empty it is `[Ingress]`, plus `Egress` when
 * `spec.egress` has at least one rule (`egress: []` adds nothing); a port's protocol is TCP.
 *
 * Contract: the typed policy keeps what was written (`policyTypesExplicit`) beside the resolved
 * types, and every rule, peer and port keeps its location and field path for provenance.
 * INVARIANT: an empty `peers` or `ports` list means "every peer" / "every port" — so a policy
 * with any error must be dropped (the dispatcher does), since a peer that failed to read is
 * left out of `peers`.
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import type { YMap, YNode } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import type { LabelSelector } from '../labelSelector.js';
import { readLabelSelector, type LabelSelectorOptions } from './labelSelector.js';
import { readIpBlock, type IpBlock } from './ipBlock.js';
import { locationOf, readK8sMetadata } from './meta.js';
import { readNumberOrNamedPort, readProtocol, type Protocol } from './ports.js';

export type PolicyType = 'Ingress' | 'Egress';
const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];

export interface NetworkPolicyPort {
  protocol: Protocol;
  /** Absent: every port of `protocol`. A string is a named container port. */
  port?: number | string;
  /** With a numeric `port`: the range `port..endPort`. */
  endPort?: number;
  at: Location;
  path: string;
}

export type NetworkPolicyPeer =
  | {
      type: 'selector';
      /** At least one of the two is set; see DESIGN §4 for what each combination selects. */
      podSelector?: LabelSelector;
      namespaceSelector?: LabelSelector;
      at: Location;
      path: string;
    }
  | { type: 'ipBlock'; ipBlock: IpBlock; at: Location; path: string };

export interface NetworkPolicyRule {
  /** `from` (ingress) or `to` (egress); empty means every peer. */
  peers: NetworkPolicyPeer[];
  /** Empty means every port. */
  ports: NetworkPolicyPort[];
  at: Location;
  path: string;
}

export interface NetworkPolicy extends ResourceBase {
  kind: 'NetworkPolicy';
  namespace: string;
  podSelector: LabelSelector;
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
  /** Resolved: as written, or the API default (see the file doc). No repeats. */
  policyTypes: PolicyType[];
  /** Whether `spec.policyTypes` was written (non-empty). */
  policyTypesExplicit: boolean;
}

export interface NetworkPolicyOptions {
  /** StrictIPCIDRValidation (default true); false reads legacy CIDRs such as `010.0.0.0/8`. */
  strictCidr?: boolean;
  /** AllowInvalidLabelValueInSelector (default false): the API server sets it only on updates. */
  allowInvalidLabelValueInSelector?: boolean;
}

const SPEC_FIELDS = ['podSelector', 'ingress', 'egress', 'policyTypes'] as const;
const INGRESS_FIELDS = ['from', 'ports'] as const;
const EGRESS_FIELDS = ['to', 'ports'] as const;
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'] as const;
const PORT_FIELDS = ['protocol', 'port', 'endPort'] as const;

interface Ctx {
  r: Reader;
  strictCidr: boolean;
  selector: LabelSelectorOptions;
}

export function readNetworkPolicy(
  r: Reader,
  root: YMap,
  header: Header,
  opts: NetworkPolicyOptions = {},
): NetworkPolicy | undefined {
  const ctx: Ctx = {
    r,
    strictCidr: opts.strictCidr ?? true,
    selector: { allowInvalidValues: opts.allowInvalidLabelValueInSelector ?? false },
  };
  // NetworkPolicyStatus (`conditions`) existed from 1.24 to 1.26, alpha; objects exported from
  // those clusters still carry `status: {}`. It says nothing about what the policy allows.
  const status = r.object(header.fields.get('status'), 'status', ['conditions']);
  if (status) r.seq(status.get('conditions'), status.at('conditions'));
  const base = readK8sMetadata(r, root, header, { namespaced: true });
  const spec = r.object(r.required(header.fields, 'spec'), 'spec', SPEC_FIELDS);
  if (!spec) return undefined;
  const psNode = spec.get('podSelector');
  const psMissing = psNode === undefined || (psNode.kind === 'scalar' && psNode.value === null);
  if (psMissing)
    r.report('missing-field', psNode ?? spec.node, spec.at('podSelector'),
      '`spec.podSelector` is absent or null, which selects every pod of the namespace', 'write `podSelector: {}` to say so', 'warning');
  const podSelector = psMissing ? { matchLabels: {}, matchExpressions: [] } : readLabelSelector(r, psNode, spec.at('podSelector'), ctx.selector);
  const ingress = r.list(spec.get('ingress'), spec.at('ingress'), (n, p) => readRule(ctx, n, p, 'from', INGRESS_FIELDS));
  const egress = r.list(spec.get('egress'), spec.at('egress'), (n, p) => readRule(ctx, n, p, 'to', EGRESS_FIELDS));
  const written = readPolicyTypes(r, spec.get('policyTypes'), spec.at('policyTypes'));
  const egressNode = spec.get('egress');
  const hasEgressRules = egressNode?.kind === 'seq' && egressNode.items.length > 0;
  const policyTypes: PolicyType[] =
    written.length > 0 ? written : hasEgressRules ? ['Ingress', 'Egress'] : ['Ingress'];
  if (!podSelector) return undefined;
  return {
    ...base,
    kind: 'NetworkPolicy',
    namespace: base.namespace ?? 'default',
    podSelector,
    ingress,
    egress,
    policyTypes,
    policyTypesExplicit: written.length > 0,
  };
}

function readRule(
  ctx: Ctx,
  node: YNode,
  path: string,
  peersField: 'from' | 'to',
  fields: readonly string[],
): NetworkPolicyRule | undefined {
  const { r } = ctx;
  const at = locationOf(node);
  // `- {}` and `- ~` are both a rule with no restriction (Go decodes null into a zero rule).
  if (node.kind === 'scalar' && node.value === null) return { peers: [], ports: [], at, path };
  const f = r.object(node, path, fields, 'a rule object');
  if (!f) return undefined;
  const peers = r.list(f.get(peersField), f.at(peersField), (n, p) => readPeer(ctx, n, p));
  const ports = r.list(f.get('ports'), f.at('ports'), (n, p) => readPort(r, n, p));
  return { peers, ports, at, path };
}

function readPeer(ctx: Ctx, node: YNode, path: string): NetworkPolicyPeer | undefined {
  const { r } = ctx;
  const f = r.object(node, path, PEER_FIELDS, 'a peer object');
  const at = locationOf(node);
  if (!f) {
    if (node.kind === 'scalar' && node.value === null)
      r.report('invalid-peer', node, path, 'a peer must set `podSelector`, `namespaceSelector` or `ipBlock`');
    return undefined;
  }
  const podSelector = readLabelSelector(r, f.get('podSelector'), f.at('podSelector'), ctx.selector);
  const namespaceSelector = readLabelSelector(r, f.get('namespaceSelector'), f.at('namespaceSelector'), ctx.selector);
  const ipBlock = readIpBlock(r, f.get('ipBlock'), f.at('ipBlock'), ctx.strictCidr);
  // Which fields were written (null counts as absent, as in Go); a malformed one still counts,
  // so it is reported once, as malformed, and not again as missing.
  const given = PEER_FIELDS.filter((k) => {
    const v = f.get(k);
    return v !== undefined && !(v.kind === 'scalar' && v.value === null);
  });
  if (given.length === 0) {
    r.report('invalid-peer', node, path, 'a peer must set `podSelector`, `namespaceSelector` or `ipBlock`',
      'to match every peer, leave the peer list out (or empty) instead');
    return undefined;
  }
  if (given.includes('ipBlock') && given.length > 1) {
    const other = given.find((k) => k !== 'ipBlock')!;
    r.report('invalid-peer', node, path, `a peer cannot set both \`ipBlock\` and \`${other}\``,
      'write them as two peers of the list to allow either');
    return undefined;
  }
  if (given.includes('ipBlock')) return ipBlock ? { type: 'ipBlock', ipBlock, at, path } : undefined;
  if (!podSelector && !namespaceSelector) return undefined;
  const peer: NetworkPolicyPeer = { type: 'selector', at, path };
  if (podSelector) peer.podSelector = podSelector;
  if (namespaceSelector) peer.namespaceSelector = namespaceSelector;
  return peer;
}

function readPort(r: Reader, node: YNode, path: string): NetworkPolicyPort | undefined {
  const at = locationOf(node);
  if (node.kind === 'scalar' && node.value === null) return { protocol: 'TCP', at, path };
  const f = r.object(node, path, PORT_FIELDS, 'a port object');
  if (!f) return undefined;
  const protocol = readProtocol(r, f.get('protocol'), f.at('protocol'));
  const portNode = f.get('port');
  const port = readNumberOrNamedPort(r, portNode, f.at('port'));
  const endNode = f.get('endPort');
  const endPort = r.integer(endNode, f.at('endPort'));
  // The endPort rules look at the port as written, even when it was itself out of range.
  const raw = portNode?.kind === 'scalar' ? portNode.value : undefined;
  let endOk = endPort !== undefined;
  if (endPort !== undefined && endNode) {
    const endPath = f.at('endPort');
    if (raw === undefined || raw === null) {
      r.report('invalid-port-range', endNode, endPath, '`endPort` needs a numeric `port` to start the range');
      endOk = false;
    } else if (typeof raw === 'string') {
      r.report('invalid-port-range', endNode, endPath, `\`endPort\` cannot be used with the named port \`${raw}\``,
        'a range needs a numeric `port`');
      endOk = false;
    } else if (typeof raw === 'number') {
      if (endPort < raw) {
        r.report('invalid-port-range', endNode, endPath, `\`endPort\` ${endPort} is less than \`port\` ${raw}`);
        endOk = false;
      }
      if (endPort < 1 || endPort > 65535) {
        r.report('invalid-port-range', endNode, endPath, `\`endPort\` ${endPort} is out of range: it must be between 1 and 65535`);
        endOk = false;
      }
    }
  }
  if (!protocol) return undefined;
  const out: NetworkPolicyPort = { protocol, at, path };
  if (port !== undefined) out.port = port;
  if (endOk && endPort !== undefined) out.endPort = endPort;
  return out;
}

function readPolicyTypes(r: Reader, node: YNode | undefined, path: string): PolicyType[] {
  const seq = r.seq(node, path);
  if (!seq) return [];
  if (seq.items.length > POLICY_TYPES.length) {
    r.report('invalid-value', seq, path, `\`policyTypes\` lists ${seq.items.length} types; there are only two, \`Ingress\` and \`Egress\``);
    return [];
  }
  const out: PolicyType[] = [];
  seq.items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const s = r.string(item, p);
    if (s === undefined) return;
    const t = POLICY_TYPES.find((x) => x === s);
    if (!t) {
      const ci = POLICY_TYPES.find((x) => x.toLowerCase() === s.toLowerCase());
      r.report('invalid-value', item, p, `policy type \`${s}\` is not supported`,
        ci ? `did you mean \`${ci}\`?` : 'use `Ingress` or `Egress`');
      return;
    }
    if (out.includes(t)) r.report('duplicate-entry', item, p, `policy type \`${t}\` is listed twice`);
    else out.push(t);
  });
  return out;
}

/** The NetworkPolicy kind with the given validation options (the registry uses the defaults). */
export function makeNetworkPolicyKind(opts: NetworkPolicyOptions = {}): KindDef<NetworkPolicy> {
  return {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    versions: ['v1'],
    namespaced: true,
    read: (r, root, header) => readNetworkPolicy(r, root, header, opts),
  };
}

export const networkPolicyKind: KindDef<NetworkPolicy> = makeNetworkPolicyKind();
