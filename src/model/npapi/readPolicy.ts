/**
 * The part every network-policy-api kind shares: metadata (cluster-scoped), the required `spec`
 * with the dialect's fields, `spec.subject`, `spec.ingress` and `spec.egress`. The kind readers add
 * their own fields (`priority`, `tier`) and checks (the BANP name) on top.
 *
 * Contract: reads and reports everything it can even after a first error, so one run shows every
 * problem; returns `spec` fields for the kind's own reads, and `subject` undefined when unusable.
 */
import type { YMap } from '../../yaml/node.js';
import type { Header } from '../metadata.js';
import { readMetadata } from '../metadata.js';
import type { Fields, Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import type { Dialect } from './dialect.js';
import { intInRange } from './readCommon.js';
import { readRules } from './readRule.js';
import { readSubject } from './readSubject.js';
import type { NpRule, NpSubject } from './types.js';

export interface PolicyParts {
  base: ResourceBase;
  spec: Fields | undefined;
  subject: NpSubject | undefined;
  ingress: NpRule[];
  egress: NpRule[];
}

export function readPolicy(r: Reader, root: YMap, header: Header, d: Dialect): PolicyParts {
  const base = readMetadata(r, root, header, false);
  const specNode = r.required(header.fields, 'spec');
  const spec = r.object(specNode, 'spec', d.specFields);
  if (!spec) return { base, spec, subject: undefined, ingress: [], egress: [] };
  const subject = readSubject(r, spec, d);
  const ingress = readRules(r, spec.get('ingress'), spec.at('ingress'), 'ingress', d);
  const egress = readRules(r, spec.get('egress'), spec.at('egress'), 'egress', d);
  return { base, spec, subject, ingress, egress };
}

/** `spec.priority` of AdminNetworkPolicy and ClusterNetworkPolicy: required, 0–1000. */
export function readPriority(r: Reader, spec: Fields): number | undefined {
  const node = r.required(spec, 'priority');
  return node && intInRange(r, node, spec.at('priority'), 0, 1000, 'invalid-priority');
}
