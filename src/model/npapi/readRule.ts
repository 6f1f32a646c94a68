/**
 * Reads one ingress or egress rule of any network-policy-api kind into an `NpRule`, and the rule
 * lists of a spec.
 *
 * Upstream (…IngressRule / …EgressRule of each kind): `name` is optional, at most 100 characters;
 * `action` is required, one of the kind's actions; `from` / `to` is required with 1 to
 * `maxPeers` peers; `ports` (v1alpha1) or `protocols` (v1alpha2+) is optional. The
 * experimental-channel CRDs reject an egress rule that combines a named port with `networks`,
 * `nodes` or `domainNames` peers (those have no named ports); the standard channel does not, and
 * netpol-analyzer accepts it, so netpolc warns. `domainNames` are documented as supported only in
 * rules with the allow action; the CRD does not enforce it, so netpolc warns.
 */
import type { YNode } from '../../yaml/node.js';
import { didYouMean } from '../../util/didYouMean.js';
import type { Reader } from '../read.js';
import type { Dialect } from './dialect.js';
import { atNode, checkCount, isNull, missingAt, objectItem, spanAt } from './readCommon.js';
import { readPeer } from './readPeer.js';
import { readPorts } from './readPorts.js';
import { readProtocols } from './readProtocols.js';
import type { NpAction, NpDirection, NpPeer, NpRule } from './types.js';

const MAX_NAME_LENGTH = 100;

/** `spec.ingress` or `spec.egress`: at most `d.maxRules` rules, read in written order. */
export function readRules(r: Reader, node: YNode | undefined, path: string, direction: NpDirection, d: Dialect): NpRule[] {
  const seq = r.seq(node, path);
  if (!seq) return [];
  checkCount(r, seq, path, 0, d.maxRules, 'too-many-rules');
  const out: NpRule[] = [];
  seq.items.forEach((item, i) => {
    const rule = readRule(r, item, `${path}[${i}]`, i, direction, d);
    if (rule) out.push(rule);
  });
  return out;
}

export function readRule(r: Reader, node: YNode, path: string, index: number, direction: NpDirection, d: Dialect): NpRule | undefined {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const f = objectItem(r, node, path, ['name', 'action', peerField, d.portsField], 'a rule');
  if (!f) return undefined;

  const name = r.string(f.get('name'), f.at('name'));
  if (name !== undefined && name.length > MAX_NAME_LENGTH)
    r.report('invalid-value', f.get('name')!, f.at('name'), `a rule name may have at most ${MAX_NAME_LENGTH} characters, found ${name.length}`);

  const action = readAction(r, f.get('action'), missingAt(f, 'action'), f.at('action'), d);

  // `from` / `to`: required, 1..maxPeers.
  const peersPath = f.at(peerField);
  const peersNode = f.get(peerField);
  const peers: NpPeer[] = [];
  const unmodelled: string[] = [];
  if (isNull(peersNode)) {
    r.report('missing-field', missingAt(f, peerField), peersPath, `field \`${peersPath}\` is required`,
      `a rule needs at least one peer in \`${peerField}\``);
  } else {
    const seq = r.seq(peersNode, peersPath);
    if (seq && checkCount(r, seq, peersPath, 1, d.maxPeers)) {
      seq.items.forEach((item, i) => {
        const p = readPeer(r, item, `${peersPath}[${i}]`, direction, d);
        if (!p) return;
        peers.push(p.peer);
        unmodelled.push(...p.unmodelled);
      });
    }
  }

  const portsPath = f.at(d.portsField);
  const portsNode = f.get(d.portsField);
  const ports = d.portsField === 'ports' ? readPorts(r, portsNode, portsPath, d) : readProtocols(r, portsNode, portsPath, d);

  if (direction === 'egress') {
    const noNames = peers.find((p) => d.noNamedPortPeers.includes(p.kind));
    const named = ports?.find((p) => p.kind === 'named');
    if (noNames && named) {
      r.report('invalid-port', spanAt(named.at), named.at.path,
        `named port \`${named.name}\` never matches the \`${noNames.kind}\` peer of this rule, which has no named ports; the experimental-channel CRD rejects the combination`,
        `move the \`${noNames.kind}\` peer into its own rule with port numbers`, 'warning');
    }
    const domains = peers.find((p) => p.kind === 'domainNames');
    if (domains && action !== undefined && action !== d.allowAction)
      r.report('invalid-action', spanAt(domains.at), domains.at.path,
        `\`domainNames\` peers are only supported in \`${d.allowAction}\` rules, not \`${action}\``, undefined, 'warning');
  }

  if (action === undefined) return undefined;
  return { direction, index, name, action, peers, ports, unmodelled, at: atNode(r, node, path) };
}

/** `action`: required, one of the dialect's actions, with a hint for the other kinds' spellings. */
function readAction(r: Reader, node: YNode | undefined, where: YNode, path: string, d: Dialect): NpAction | undefined {
  if (isNull(node)) {
    r.report('missing-field', where, path, `field \`${path}\` is required`, `one of ${d.actions.map((a) => `\`${a}\``).join(', ')}`);
    return undefined;
  }
  const s = r.string(node, path);
  if (s === undefined) return undefined;
  if ((d.actions as readonly string[]).includes(s)) return s as NpAction;
  r.report('invalid-action', node!, path, `action \`${s}\` is not one of ${d.actions.map((a) => `\`${a}\``).join(', ')} in ${d.name}`, actionHint(s, d));
  return undefined;
}

function actionHint(s: string, d: Dialect): string | undefined {
  if (s === 'Accept' && d.actions.includes('Allow')) return '`Accept` is the ClusterNetworkPolicy spelling; v1alpha1 uses `Allow`';
  if (s === 'Allow' && d.actions.includes('Accept')) return '`Allow` is the v1alpha1 spelling; ClusterNetworkPolicy uses `Accept`';
  if (s === 'Pass' && !d.actions.includes('Pass'))
    return 'a BaselineAdminNetworkPolicy is the last tier, so there is nothing to pass to; use `Allow` or `Deny`';
  const guess = didYouMean(s, d.actions);
  return guess ? `did you mean \`${guess}\`?` : undefined;
}
