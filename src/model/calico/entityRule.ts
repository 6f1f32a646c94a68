/**
 * Calico `EntityRule` (a rule's `source` or `destination`): positioned YAML → `CalicoEntityRule`.
 *
 * Fields and rules: projectcalico `api/pkg/apis/projectcalico/v3/policy_common.go` (`EntityRule`,
 * `ServiceMatch`, `ServiceAccountMatch`) and libcalico-go `lib/validator/v3/validator.go`
 * (`validateEntityRule`): `nets`/`notNets` are masked CIDRs; `selector` may not use `global()`;
 * a `namespaceSelector` may be `global()` only on its own; `services` needs a name and excludes
 * `selector`, `notSelector`, `namespaceSelector`, `serviceAccounts`, `nets` and `notNets`.
 * The v1 spellings `net`/`notNet` (one CIDR each) are accepted and merged into the lists.
 *
 * Contract: never throws; returns the typed entity rule (empty lists and absent fields mean "no
 * constraint") and the read fields, so the enclosing rule can report at their positions.
 */
import type { YNode } from '../../yaml/node.js';
import type { Fields, Reader } from '../read.js';
import { isDns1123Subdomain } from '../labels.js';
import { ENTITY_HINTS, readObject } from './fields.js';
import { readNet, readNets } from './nets.js';
import { readPorts } from './ports.js';
import { readSelector } from './selectorField.js';
import type { CalicoEntityRule, ServiceAccountMatch, ServiceMatch } from './types.js';

const ENTITY_FIELDS = [
  'nets',
  'notNets',
  'net',
  'notNet',
  'selector',
  'notSelector',
  'namespaceSelector',
  'ports',
  'notPorts',
  'serviceAccounts',
  'services',
] as const;

export function emptyEntityRule(): CalicoEntityRule {
  return { nets: [], notNets: [], ports: [], notPorts: [] };
}

function readServiceAccounts(r: Reader, node: YNode | undefined, path: string): ServiceAccountMatch | undefined {
  const f = r.object(node, path, ['names', 'selector']);
  if (!f) return undefined;
  const m: ServiceAccountMatch = { names: r.strings(f.get('names'), f.at('names')) ?? [] };
  const sel = readSelector(r, f.get('selector'), f.at('selector'), 'allowed');
  if (sel && sel.text.trim() !== '') m.selector = sel;
  return m;
}

function readServices(r: Reader, node: YNode | undefined, path: string): ServiceMatch | undefined {
  const f = r.object(node, path, ['name', 'namespace']);
  if (!f) return undefined;
  const name = r.string(f.get('name'), f.at('name')) ?? '';
  if (name === '') {
    r.report('missing-field', f.node, f.at('name'), `\`${f.at('name')}\` is required: \`services\` must name a service`);
  } else if (!isDns1123Subdomain(name)) {
    r.report('invalid-name', f.get('name')!, f.at('name'), `service name \`${name}\` is not a valid object name`);
  }
  const m: ServiceMatch = { name };
  const ns = r.string(f.get('namespace'), f.at('namespace'));
  if (ns) {
    if (!isDns1123Subdomain(ns)) r.report('invalid-name', f.get('namespace')!, f.at('namespace'), `namespace \`${ns}\` is not a valid namespace name`);
    m.namespace = ns;
  }
  return m;
}

export function readEntityRule(
  r: Reader,
  node: YNode | undefined,
  path: string,
): { value: CalicoEntityRule; fields?: Fields } {
  const e = emptyEntityRule();
  const f = readObject(r, node, path, ENTITY_FIELDS, ENTITY_HINTS);
  if (!f) return { value: e };
  e.nets = readNets(r, f.get('nets'), f.at('nets'), 'net');
  e.notNets = readNets(r, f.get('notNets'), f.at('notNets'), 'net');
  const net = readNet(r, f.get('net'), f.at('net'), 'net');
  if (net) e.nets.push(net);
  const notNet = readNet(r, f.get('notNet'), f.at('notNet'), 'net');
  if (notNet) e.notNets.push(notNet);

  // An empty selector string in an entity rule means "not set" (the Go field is `omitempty`).
  const selector = readSelector(r, f.get('selector'), f.at('selector'), 'forbidden');
  if (selector && selector.text.trim() !== '') e.selector = selector;
  const notSelector = readSelector(r, f.get('notSelector'), f.at('notSelector'), 'allowed');
  if (notSelector && notSelector.text.trim() !== '') e.notSelector = notSelector;
  const nsSelector = readSelector(r, f.get('namespaceSelector'), f.at('namespaceSelector'), 'alone');
  if (nsSelector && nsSelector.text.trim() !== '') e.namespaceSelector = nsSelector;

  e.ports = readPorts(r, f.get('ports'), f.at('ports'));
  e.notPorts = readPorts(r, f.get('notPorts'), f.at('notPorts'));
  const sa = readServiceAccounts(r, f.get('serviceAccounts'), f.at('serviceAccounts'));
  if (sa) e.serviceAccounts = sa;
  const svc = readServices(r, f.get('services'), f.at('services'));
  if (svc) {
    e.services = svc;
    const svcNode = f.get('services')!;
    const conflicts: string[] = [];
    if (e.namespaceSelector) conflicts.push('namespaceSelector');
    if (e.selector) conflicts.push('selector');
    if (e.notSelector) conflicts.push('notSelector');
    if (e.serviceAccounts) conflicts.push('serviceAccounts');
    if (e.nets.length) conflicts.push('nets');
    if (e.notNets.length) conflicts.push('notNets');
    for (const c of conflicts)
      r.report('invalid-value', svcNode, f.at('services'), `\`services\` cannot be combined with \`${c}\` in the same entity rule`,
        'a service match takes its endpoints and addresses from the service');
  }
  return { value: e, fields: f };
}
