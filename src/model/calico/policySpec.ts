/**
 * The spec of Calico `NetworkPolicy` and `GlobalNetworkPolicy`: positioned YAML → `CalicoPolicySpec`.
 *
 * Fields: projectcalico `api/pkg/apis/projectcalico/v3/networkpolicy.go` and
 * `globalnetworkpolicy.go`. Checks: libcalico-go `lib/validator/v3/validator.go`
 * (`validateNetworkPolicySpec`, `validateGlobalNetworkPolicySpec`) and the CRD rules:
 * - `order` is a number (fractions allowed); `tier` a valid name, `default` when absent;
 * - `selector`, `serviceAccountSelector` and (global only) `namespaceSelector` are selectors
 *   without `global()`; an absent or empty `selector` is `all()`;
 * - `types` entries are Ingress or Egress, each at most once. When `types` is absent Calico
 *   defaults it from the rules: `[Ingress]` with no egress rules, `[Egress]` with egress rules
 *   only, both with both (field doc of `Types`);
 * - global only: `preDNAT` and `doNotTrack` exclude each other, either needs
 *   `applyOnForward: true`, and a pre-DNAT policy has no egress rules and no Egress type;
 * - `performanceHints` entries are `AssumeNeededOnEveryNode`, each at most once.
 * `doNotTrack`, `preDNAT` and `applyOnForward` (when true) are reported as `unmodelled-field`.
 *
 * Contract: never throws; always returns a spec (callers drop the resource on errors).
 */
import type { YNode } from '../../yaml/node.js';
import { didYouMean } from '../../util/didYouMean.js';
import { isDns1123Subdomain } from '../labels.js';
import type { Fields, Reader } from '../read.js';
import { SPEC_HINTS, readObject, type FieldHint } from './fields.js';
import { readRule, type RuleContext } from './rule.js';
import { readSelector } from './selectorField.js';
import type { CalicoPolicySpec, PolicyType, SelectorField } from './types.js';

const COMMON_FIELDS = ['tier', 'order', 'selector', 'types', 'ingress', 'egress', 'serviceAccountSelector', 'performanceHints'] as const;
const GLOBAL_ONLY = ['namespaceSelector', 'doNotTrack', 'preDNAT', 'applyOnForward'] as const;
const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];
const PERFORMANCE_HINTS = ['AssumeNeededOnEveryNode'];

export const ALL_SELECTOR: SelectorField = { text: 'all()', ast: { op: 'all' } };

/** Calico's default `types` for a policy with these rules (field doc of `Types`). */
export function defaultPolicyTypes(hasIngress: boolean, hasEgress: boolean): PolicyType[] {
  if (!hasEgress) return ['Ingress'];
  return hasIngress ? ['Ingress', 'Egress'] : ['Egress'];
}

/** Reads a number for `order` (Go `*float64`: a string or an infinite value does not decode). */
export function readOrder(r: Reader, node: YNode | undefined, path: string): number | undefined {
  const s = r.scalar(node, path);
  if (!s || s.value === null) return undefined;
  if (typeof s.value !== 'number' || !Number.isFinite(s.value)) {
    r.report('invalid-order', s, path, `\`${path}\` must be a number, found \`${String(s.value)}\``,
      typeof s.value === 'string' && s.value.trim() !== '' && Number.isFinite(Number(s.value)) ? `remove the quotes: \`order: ${Number(s.value)}\`` : undefined);
    return undefined;
  }
  return s.value;
}

function readTypes(r: Reader, f: Fields): PolicyType[] {
  const out: PolicyType[] = [];
  r.list(f.get('types'), f.at('types'), (item, p) => {
    const s = r.string(item, p);
    if (s === undefined) return undefined;
    if (!(POLICY_TYPES as readonly string[]).includes(s)) {
      const guess = didYouMean(s, POLICY_TYPES);
      r.report('invalid-value', item, p, `policy type \`${s}\` is not valid`, guess ? `did you mean \`${guess}\`?` : 'use `Ingress` or `Egress`');
    } else if (out.includes(s as PolicyType)) {
      r.report('invalid-value', item, p, `policy type \`${s}\` is listed more than once`);
    } else out.push(s as PolicyType);
    return undefined;
  });
  return out;
}

function flag(r: Reader, f: Fields, name: string): boolean {
  return r.boolean(f.get(name), f.at(name)) ?? false;
}

export interface ReadPolicySpec {
  spec: CalicoPolicySpec & { namespaceSelector?: SelectorField; doNotTrack: boolean; preDNAT: boolean; applyOnForward: boolean };
  fields?: Fields;
}

export function readPolicySpec(r: Reader, node: YNode | undefined, global: boolean): ReadPolicySpec {
  const hints: Record<string, FieldHint> = { ...SPEC_HINTS };
  if (!global)
    for (const g of GLOBAL_ONLY)
      hints[g] = `\`${g}\` is a GlobalNetworkPolicy field; a namespaced NetworkPolicy applies to its own namespace` +
        (g === 'namespaceSelector' ? ' (use `kind: GlobalNetworkPolicy`, or `namespaceSelector` inside a rule\'s `source`/`destination`)' : '');
  const f = readObject(r, node, 'spec', global ? [...COMMON_FIELDS, ...GLOBAL_ONLY] : COMMON_FIELDS, hints);
  const spec: ReadPolicySpec['spec'] = {
    tier: 'default',
    selector: ALL_SELECTOR,
    types: ['Ingress'],
    typesGiven: false,
    ingress: [],
    egress: [],
    performanceHints: [],
    unmodelled: [],
    doNotTrack: false,
    preDNAT: false,
    applyOnForward: false,
  };
  if (!f) return { spec };

  const tier = r.string(f.get('tier'), f.at('tier'));
  if (tier) {
    if (!isDns1123Subdomain(tier)) r.report('invalid-name', f.get('tier')!, f.at('tier'), `tier name \`${tier}\` is not a valid name`);
    spec.tier = tier;
  }
  const order = readOrder(r, f.get('order'), f.at('order'));
  if (order !== undefined) spec.order = order;
  const sel = readSelector(r, f.get('selector'), f.at('selector'), 'forbidden');
  if (sel && sel.text.trim() !== '') spec.selector = sel;
  const sa = readSelector(r, f.get('serviceAccountSelector'), f.at('serviceAccountSelector'), 'forbidden');
  if (sa && sa.text.trim() !== '') spec.serviceAccountSelector = sa;
  if (global) {
    const ns = readSelector(r, f.get('namespaceSelector'), f.at('namespaceSelector'), 'forbidden');
    if (ns && ns.text.trim() !== '') spec.namespaceSelector = ns;
  }

  const scope: RuleContext['scope'] = global ? 'global' : 'namespaced';
  spec.ingress = r.list(f.get('ingress'), f.at('ingress'), (item, p) => readRule(r, item, p, { direction: 'ingress', scope }));
  spec.egress = r.list(f.get('egress'), f.at('egress'), (item, p) => readRule(r, item, p, { direction: 'egress', scope }));
  const given = readTypes(r, f);
  spec.typesGiven = given.length > 0;
  spec.types = spec.typesGiven ? given : defaultPolicyTypes(spec.ingress.length > 0, spec.egress.length > 0);

  const hintsNode = f.get('performanceHints');
  const perf = r.strings(hintsNode, f.at('performanceHints')) ?? [];
  perf.forEach((h, i) => {
    const p = `${f.at('performanceHints')}[${i}]`;
    const at = hintsNode?.kind === 'seq' ? hintsNode.items[i]! : hintsNode!;
    if (!PERFORMANCE_HINTS.includes(h)) r.report('invalid-value', at, p, `performance hint \`${h}\` is not valid`, `use ${PERFORMANCE_HINTS.join(', ')}`);
    else if (perf.indexOf(h) !== i) r.report('invalid-value', at, p, `performance hint \`${h}\` is listed more than once`);
  });
  spec.performanceHints = [...new Set(perf.filter((h) => PERFORMANCE_HINTS.includes(h)))];

  if (global) {
    spec.doNotTrack = flag(r, f, 'doNotTrack');
    spec.preDNAT = flag(r, f, 'preDNAT');
    spec.applyOnForward = flag(r, f, 'applyOnForward');
    if (spec.doNotTrack && spec.preDNAT)
      r.report('invalid-value', f.get('preDNAT')!, f.at('preDNAT'), '`preDNAT` and `doNotTrack` cannot both be true');
    if (spec.preDNAT && spec.egress.length > 0)
      r.report('invalid-value', f.get('egress')!, f.at('egress'), 'a `preDNAT` policy cannot have egress rules');
    if (spec.preDNAT && given.includes('Egress'))
      r.report('invalid-value', f.get('types')!, f.at('types'), 'a `preDNAT` policy cannot have type `Egress`');
    for (const name of ['doNotTrack', 'preDNAT'] as const)
      if (spec[name] && !spec.applyOnForward)
        r.report('invalid-value', f.get(name)!, f.at(name), `\`${name}: true\` needs \`applyOnForward: true\``);
    for (const name of ['doNotTrack', 'preDNAT', 'applyOnForward'] as const) {
      if (!spec[name]) continue;
      spec.unmodelled.push(name);
      r.report('unmodelled-field', f.get(name)!, f.at(name),
        `\`${name}: true\` is not modelled; verdicts that depend on this policy are unknown`);
    }
  }
  return { spec, fields: f };
}
