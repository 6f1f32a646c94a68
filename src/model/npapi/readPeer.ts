/**
 * Reads one peer of a network-policy-api rule (`from[i]` / `to[i]`) into an `NpPeer`.
 *
 * Upstream (AdminNetworkPolicyIngressPeer / …EgressPeer, BaselineAdminNetworkPolicyEgressPeer,
 * ClusterNetworkPolicyIngressPeer / …EgressPeer): a peer sets exactly one field
 * (`MinProperties=1`, `MaxProperties=1`); ingress peers are `namespaces` or `pods`; egress peers
 * add `nodes`, `networks` and (not in BANP) `domainNames`. `networks` and `domainNames` are
 * `listType=set` lists of 1–25 entries; a CIDR is at most 43 characters and must pass CEL
 * `isCIDR(self)` (Go `netip.ParsePrefix`, and no IPv4-mapped IPv6 address), plus in v1beta1
 * `cidr(self) == cidr(self).masked()`; a domain name must match the version's `DomainName` pattern.
 *
 * `nodes` and `domainNames` are parsed and validated but not modelled: each is reported as
 * `unmodelled-field` and its path is returned in `unmodelled`.
 */
import type { YNode } from '../../yaml/node.js';
import { isParseError, parseCidr, parseIp, type Cidr, type ParseError } from '../../util/cidr.js';
import { readLabelSelector } from '../k8s/labelSelector.js';
import { joinPath, type Reader } from '../read.js';
import type { Dialect } from './dialect.js';
import { atNode, checkCount, checkUnique, exactlyOne, objectItem } from './readCommon.js';
import { readNamespacedPod } from './readSubject.js';
import type { NpCidr, NpDirection, NpPeer } from './types.js';

const MAX_SET_ITEMS = 25;
const MAX_CIDR_LENGTH = 43;

export interface ReadPeer {
  peer: NpPeer;
  /** Field paths of parts that are not modelled (already reported). */
  unmodelled: string[];
}

export function readPeer(r: Reader, node: YNode, path: string, direction: NpDirection, d: Dialect): ReadPeer | undefined {
  const kinds = direction === 'ingress' ? d.ingressPeers : d.egressPeers;
  const f = objectItem(r, node, path, kinds, 'a peer');
  if (!f) return undefined;
  const which = exactlyOne(r, f, kinds, 'invalid-peer', 'a peer',
    'write one list entry per peer (entries are ORed); for pods of some namespaces use `pods` with both selectors');
  if (which === undefined) return undefined;
  const value = f.get(which)!;
  const fieldPath = f.at(which);
  const at = atNode(r, node, path);
  switch (which) {
    case 'namespaces': {
      const namespaceSelector = readLabelSelector(r, value, fieldPath);
      return namespaceSelector && { peer: { kind: 'namespaces', namespaceSelector, at }, unmodelled: [] };
    }
    case 'pods': {
      const p = readNamespacedPod(r, value, fieldPath, d);
      return p && { peer: { kind: 'pods', ...p, at }, unmodelled: [] };
    }
    case 'nodes': {
      const nodeSelector = readLabelSelector(r, value, fieldPath);
      if (!nodeSelector) return undefined;
      r.report('unmodelled-field', value, fieldPath,
        '`nodes` peers are not modelled: netpolc has no node objects; verdicts that depend on this rule are unknown');
      return { peer: { kind: 'nodes', nodeSelector, at }, unmodelled: [fieldPath] };
    }
    case 'networks': {
      const networks = readNetworks(r, value, fieldPath, d);
      return networks && { peer: { kind: 'networks', networks, at }, unmodelled: [] };
    }
    case 'domainNames': {
      const domainNames = readDomainNames(r, value, fieldPath, d);
      if (!domainNames) return undefined;
      r.report('unmodelled-field', value, fieldPath,
        '`domainNames` peers are not modelled: netpolc does not resolve DNS names; verdicts that depend on this rule are unknown');
      return { peer: { kind: 'domainNames', domainNames, at }, unmodelled: [fieldPath] };
    }
  }
  return undefined;
}

/** `networks`: 1–25 distinct CIDRs. Returns undefined when any entry is invalid. */
function readNetworks(r: Reader, node: YNode, path: string, d: Dialect): NpCidr[] | undefined {
  const seq = r.seq(node, path);
  if (!seq || !checkCount(r, seq, path, 1, MAX_SET_ITEMS)) return undefined;
  const out: NpCidr[] = [];
  let ok = true;
  const texts: { value: string; node: YNode; path: string }[] = [];
  seq.items.forEach((item, i) => {
    const p = joinPath(path, i);
    const c = readCidr(r, item, p, d);
    if (c) {
      out.push(c);
      texts.push({ value: c.text, node: item, path: p });
    } else ok = false;
  });
  checkUnique(r, texts);
  return ok ? out : undefined;
}

function readCidr(r: Reader, node: YNode, path: string, d: Dialect): NpCidr | undefined {
  const text = r.string(node, path);
  if (text === undefined) {
    if (node.kind === 'scalar' && node.value === null) r.report('wrong-type', node, path, `\`${path}\` must be a CIDR string, found null`);
    return undefined;
  }
  if (text.length > MAX_CIDR_LENGTH) {
    r.report('invalid-cidr', node, path, `CIDR \`${text}\` is longer than ${MAX_CIDR_LENGTH} characters`);
    return undefined;
  }
  const parsed = parseNetwork(text, d.cidrMasked);
  if (isParseError(parsed)) {
    r.report('invalid-cidr', node, path, `\`${text}\` is not a valid CIDR: ${parsed.error}`,
      parsed.hint ?? 'write an address and a prefix length, e.g. `10.0.0.0/8` or `fd00::/8`');
    return undefined;
  }
  const { family, addr, prefix } = parsed;
  return { text, family, addr, prefix, at: atNode(r, node, path) };
}

/** `domainNames`: 1–25 distinct names matching the version's pattern. */
function readDomainNames(r: Reader, node: YNode, path: string, d: Dialect): string[] | undefined {
  const seq = r.seq(node, path);
  if (!seq || !checkCount(r, seq, path, 1, MAX_SET_ITEMS)) return undefined;
  const out: string[] = [];
  const seen: { value: string; node: YNode; path: string }[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const p = joinPath(path, i);
    const name = r.string(item, p);
    if (name === undefined) {
      ok = false;
      return;
    }
    if (!d.domainPattern.test(name)) {
      r.report('invalid-value', item, p, `\`${name}\` is not a domain name the API accepts`,
        'use a fully qualified name such as `example.com`, optionally starting with `*.` to match subdomains');
      ok = false;
      return;
    }
    out.push(name);
    seen.push({ value: name, node: item, path: p });
  });
  checkUnique(r, seen);
  return ok ? out : undefined;
}

/**
 * CEL `isCIDR` is Go `netip.ParsePrefix` without IPv4-mapped IPv6: strict syntax (no leading
 * zeros), but bits after the prefix are allowed (`10.1.2.3/8` means `10.0.0.0/8`) unless the
 * version also demands `cidr(self) == cidr(self).masked()` (`masked`).
 */
function parseNetwork(text: string, masked: boolean): Cidr | ParseError {
  const strict = parseCidr(text, { strict: true });
  if (!isParseError(strict) || masked) return strict;
  // Strict parsing failed; accept the text only if host bits were the sole problem: the address
  // alone parses strictly and the prefix length is a plain decimal.
  const slash = text.indexOf('/');
  if (slash < 0 || isParseError(parseIp(text.slice(0, slash), { strict: true }))) return strict;
  if (!/^(0|[1-9][0-9]*)$/.test(text.slice(slash + 1))) return strict;
  const loose = parseCidr(text, { strict: false });
  return isParseError(loose) ? strict : loose;
}
