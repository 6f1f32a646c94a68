/**
 * Calico `Rule`: positioned YAML → `CalicoRule`, with the checks of Calico's validator.
 *
 * Fields: projectcalico `api/pkg/apis/projectcalico/v3/policy_common.go` (`Rule`, `ICMPFields`,
 * `HTTPMatch`, `RuleMetadata`). Checks: libcalico-go `lib/validator/v3/validator.go`
 * (`validateRule`, `validateICMPFields`, `validateHTTPRule`, and the per-direction service and
 * application-layer checks of `validate(Global)NetworkPolicySpec`) and the CRD validation rules
 * on `Rule`:
 * - `action` is required and one of Allow, Deny, Log, Pass; `ipVersion` is 4 or 6;
 * - ports need a protocol that has ports (TCP, UDP, SCTP);
 * - `icmp` needs protocol ICMP or ICMPv6; ICMP types are 0–254 and codes 0–255, a code only with
 *   a type; protocol ICMP goes with ipVersion 4 and ICMPv6 with 6;
 * - all CIDRs of a rule are of one IP version, the rule's `ipVersion` if set;
 * - `http` only on Allow rules, with protocol TCP or none, and not on egress rules;
 * - `services` only in the source of ingress rules and the destination of egress rules, never with
 *   destination ports, and with a namespace in global policies.
 * `http` is parsed and reported as `unmodelled-field`, and listed in the rule's `unmodelled`.
 *
 * Contract: never throws; returns undefined only when the rule is not an object.
 */
import type { YNode } from '../../yaml/node.js';
import { didYouMean } from '../../util/didYouMean.js';
import { describe, type Fields, type Reader } from '../read.js';
import { emptyEntityRule, readEntityRule } from './entityRule.js';
import { RULE_HINTS, readObject } from './fields.js';
import { ICMP, ICMPV6, readProtocol, supportsPorts } from './protocol.js';
import type { CalicoAction, CalicoRule, HttpMatch, IcmpMatch } from './types.js';

const RULE_FIELDS = ['action', 'ipVersion', 'protocol', 'notProtocol', 'icmp', 'notICMP', 'source', 'destination', 'http', 'metadata'] as const;
const ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Log', 'Pass'];

export interface RuleContext {
  direction: 'ingress' | 'egress';
  /** Global policies need a namespace on service matches (no policy namespace to default to). */
  scope: 'namespaced' | 'global' | 'profile';
}

function readIcmp(r: Reader, node: YNode | undefined, path: string): IcmpMatch | undefined {
  const f = r.object(node, path, ['type', 'code']);
  if (!f) return undefined;
  const m: IcmpMatch = {};
  const type = r.integer(f.get('type'), f.at('type'));
  if (type !== undefined) {
    if (type < 0 || type > 254) r.report('invalid-value', f.get('type')!, f.at('type'), `ICMP type \`${type}\` is out of range: it must be between 0 and 254`);
    else m.type = type;
  }
  const code = r.integer(f.get('code'), f.at('code'));
  if (code !== undefined) {
    if (code < 0 || code > 255) r.report('invalid-value', f.get('code')!, f.at('code'), `ICMP code \`${code}\` is out of range: it must be between 0 and 255`);
    else m.code = code;
    if (f.get('type') === undefined)
      r.report('invalid-value', f.get('code')!, f.at('code'), 'an ICMP code needs an ICMP type', 'add `type`, e.g. `type: 3` for destination unreachable');
  }
  return m;
}

function readHttp(r: Reader, node: YNode | undefined, path: string): HttpMatch | undefined {
  const f = r.object(node, path, ['methods', 'paths']);
  if (!f) return undefined;
  const methods = r.strings(f.get('methods'), f.at('methods')) ?? [];
  const dup = methods.find((m, i) => methods.indexOf(m) !== i);
  if (dup !== undefined) r.report('invalid-value', f.get('methods')!, f.at('methods'), `HTTP method \`${dup}\` is listed more than once`);
  const paths = r.list(f.get('paths'), f.at('paths'), (item, p) => {
    const pf = r.object(item, p, ['exact', 'prefix']);
    if (!pf) return undefined;
    const exact = r.string(pf.get('exact'), pf.at('exact'));
    const prefix = r.string(pf.get('prefix'), pf.at('prefix'));
    if (exact && prefix) {
      r.report('invalid-value', item, p, 'an HTTP path match sets both `exact` and `prefix`', 'keep one of them');
      return undefined;
    }
    const v = exact || prefix;
    if (!v) {
      r.report('missing-field', item, p, 'an HTTP path match needs `exact` or `prefix`');
      return undefined;
    }
    // RFC 3986 path: absolute, without query, fragment or spaces.
    if (!v.startsWith('/') || /[? #]/.test(v)) {
      r.report('invalid-value', item, p, `HTTP path \`${v}\` must start with \`/\` and contain no \`?\`, \`#\` or space`);
      return undefined;
    }
    return exact ? { exact } : { prefix: prefix! };
  });
  return { methods, paths };
}

function readAction(r: Reader, f: Fields): CalicoAction | undefined {
  const node = r.required(f, 'action', 'rule field');
  if (!node) return undefined;
  const s = r.scalar(node, f.at('action'));
  if (!s) return undefined;
  if (typeof s.value === 'string' && (ACTIONS as readonly string[]).includes(s.value)) return s.value as CalicoAction;
  const text = s.value === null ? '' : String(s.value);
  const guess = didYouMean(text, ACTIONS);
  r.report('invalid-action', s, f.at('action'), `rule action \`${text}\` is not valid`,
    guess ? `did you mean \`${guess}\`? (actions are case-sensitive)` : `use one of ${ACTIONS.join(', ')}`);
  return undefined;
}

export function readRule(r: Reader, node: YNode, path: string, ctx: RuleContext): CalicoRule | undefined {
  if (node.kind !== 'map') {
    r.report('wrong-type', node, path, `\`${path}\` must be a rule object, found ${describe(node)}`);
    return undefined;
  }
  const f = readObject(r, node, path, RULE_FIELDS, RULE_HINTS);
  if (!f) return undefined;
  const action = readAction(r, f);
  const rule: CalicoRule = {
    // INVARIANT: an unreadable action was reported as an error, so this rule is never used.
    action: action ?? 'Deny',
    source: emptyEntityRule(),
    destination: emptyEntityRule(),
    annotations: {},
    unmodelled: [],
    at: { file: r.doc.file, line: node.span.line, column: node.span.column, path },
  };
  const ipv = r.integer(f.get('ipVersion'), f.at('ipVersion'));
  if (ipv !== undefined) {
    if (ipv === 4 || ipv === 6) rule.ipVersion = ipv;
    else r.report('invalid-value', f.get('ipVersion')!, f.at('ipVersion'), `\`ipVersion\` must be 4 or 6, found \`${ipv}\``);
  }
  const protocol = readProtocol(r, f.get('protocol'), f.at('protocol'));
  if (protocol) rule.protocol = protocol;
  const notProtocol = readProtocol(r, f.get('notProtocol'), f.at('notProtocol'));
  if (notProtocol) rule.notProtocol = notProtocol;
  const icmp = readIcmp(r, f.get('icmp'), f.at('icmp'));
  if (icmp) rule.icmp = icmp;
  const notICMP = readIcmp(r, f.get('notICMP'), f.at('notICMP'));
  if (notICMP) rule.notICMP = notICMP;
  const src = readEntityRule(r, f.get('source'), f.at('source'));
  const dst = readEntityRule(r, f.get('destination'), f.at('destination'));
  rule.source = src.value;
  rule.destination = dst.value;
  const meta = r.object(f.get('metadata'), f.at('metadata'), ['annotations']);
  if (meta) rule.annotations = r.stringMap(meta.get('annotations'), meta.at('annotations')) ?? {};

  // Protocol-dependent fields.
  for (const [side, e] of [['source', src], ['destination', dst]] as const) {
    for (const field of ['ports', 'notPorts'] as const) {
      if (e.value[field].length === 0 || supportsPorts(protocol) || !e.fields) continue;
      r.report('invalid-value', e.fields.get(field)!, e.fields.at(field),
        `rules that match \`${side}.${field}\` must set \`protocol\` to TCP, UDP or SCTP`,
        protocol ? `protocol \`${protocol.text}\` has no ports` : 'add `protocol: TCP` (or UDP, SCTP) to the rule');
    }
  }
  if (rule.icmp && (!protocol || (protocol.number !== ICMP && protocol.number !== ICMPV6)))
    r.report('invalid-value', f.get('icmp')!, f.at('icmp'), 'rules that match `icmp` must set `protocol` to ICMP or ICMPv6');
  for (const [field, p] of [['protocol', protocol], ['notProtocol', notProtocol]] as const) {
    if (!p || rule.ipVersion === undefined) continue;
    if (p.number === ICMP && rule.ipVersion !== 4)
      r.report('invalid-value', f.get('ipVersion')!, f.at('ipVersion'), `\`${field}\` ICMP needs \`ipVersion: 4\``, 'for IPv6 use `ICMPv6`');
    if (p.number === ICMPV6 && rule.ipVersion !== 6)
      r.report('invalid-value', f.get('ipVersion')!, f.at('ipVersion'), `\`${field}\` ICMPv6 needs \`ipVersion: 6\``, 'for IPv4 use `ICMP`');
  }

  // One IP version per rule (validateRule's scanNets).
  const families = new Set<number>();
  for (const [side, e] of [['source', src], ['destination', dst]] as const) {
    for (const field of ['nets', 'notNets'] as const) {
      const nets = e.value[field];
      if (nets.length === 0 || !e.fields) continue;
      const here = new Set(nets.map((n) => n.family));
      // The v1 spelling (`net`/`notNet`) may be the only one written.
      const written = e.fields.get(field) ? field : field === 'nets' ? 'net' : 'notNet';
      const where = e.fields.get(written)!;
      if (rule.ipVersion !== undefined && [...here].some((v) => v !== rule.ipVersion))
        r.report('invalid-value', where, e.fields.at(written), `\`${side}.${written}\` has CIDRs that are not IPv${rule.ipVersion}, the rule's \`ipVersion\``);
      else if (here.size > 1 || [...here].some((v) => families.size > 0 && !families.has(v)))
        r.report('invalid-value', where, e.fields.at(written), 'a rule cannot mix IPv4 and IPv6 CIDRs', 'split it into one rule per IP version');
      here.forEach((v) => families.add(v));
    }
  }

  // Services: which side they may be on depends on the direction.
  const wrongSide = ctx.direction === 'egress' ? src : dst;
  if (wrongSide.value.services && wrongSide.fields)
    r.report('invalid-value', wrongSide.fields.get('services')!, wrongSide.fields.at('services'),
      ctx.direction === 'egress' ? '`services` is not allowed in the source of an egress rule' : '`services` is not allowed in the destination of an ingress rule');
  if (dst.value.services && dst.fields)
    for (const field of ['ports', 'notPorts'] as const)
      if (dst.value[field].length > 0)
        r.report('invalid-value', dst.fields.get(field)!, dst.fields.at(field), `\`destination.${field}\` cannot be combined with \`destination.services\``,
          'a service match uses the ports of the service');
  const rightSide = ctx.direction === 'egress' ? dst : src;
  if (ctx.scope === 'global' && rightSide.value.services && rightSide.value.services.namespace === undefined && rightSide.fields)
    r.report('missing-field', rightSide.fields.get('services')!, `${rightSide.fields.at('services')}.namespace`,
      '`services` in a global policy must name the service\'s `namespace`');

  // Application layer (HTTP): parsed, validated, not modelled.
  const http = readHttp(r, f.get('http'), f.at('http'));
  if (http) {
    const at = f.get('http')!;
    rule.http = http;
    rule.unmodelled.push('http');
    if (action !== undefined && action !== 'Allow') r.report('invalid-value', at, f.at('http'), '`http` matches are only valid on Allow rules');
    if (protocol && protocol.number !== 6) r.report('invalid-value', at, f.at('http'), `rules with \`http\` must have protocol TCP or none, found \`${protocol.text}\``);
    if (ctx.direction === 'egress') r.report('invalid-value', at, f.at('http'), '`http` matches are not allowed in egress rules');
    r.report('unmodelled-field', at, f.at('http'), 'HTTP matches are not modelled; verdicts that depend on this rule are unknown');
  }
  return rule;
}
