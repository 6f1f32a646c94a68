/**
 * The typed Calico `projectcalico.org/v3` resources, as the model stage hands them to lowering.
 *
 * Contract: every value here has passed the checks of Calico's validator (libcalico-go
 * `lib/validator/v3/validator.go` and the CRD rules in `api/pkg/apis/projectcalico/v3`); nothing is
 * left implicit that Calico defaults (policy `types`, `tier`, tier `defaultAction`) — the resolved
 * value is stored beside whether the user wrote it. Selectors keep their text and parsed AST.
 * Fields that netpolc parses but does not model are listed in `unmodelled`, so later stages can
 * make verdicts that depend on them `unknown`.
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import type { Selector } from '../../selector/ast.js';
import type { ResourceBase } from '../resource.js';

export const CALICO_API_VERSION = 'projectcalico.org/v3';

/** Where a piece of a resource was written: file, line, column and field path. */
export interface Provenance extends Location {
  path: string;
}

/** A Calico selector expression: the text as written and its parsed form. */
export interface SelectorField {
  text: string;
  ast: Selector;
}

/** Calico rule actions (`Rule.action`). */
export type CalicoAction = 'Allow' | 'Deny' | 'Log' | 'Pass';

export type PolicyType = 'Ingress' | 'Egress';

/** A protocol as written (`TCP`, `17`, …) and its IP protocol number. */
export interface CalicoProtocol {
  text: string;
  number: number;
}

/** One entry of `ports`/`notPorts`: a range (a single port has `from === to`) or a named port. */
export type CalicoPort = { kind: 'range'; from: number; to: number } | { kind: 'named'; name: string };

/** An address block; a bare IP is read as a full-length prefix. */
export interface CalicoCidr {
  text: string;
  family: 4 | 6;
  addr: bigint;
  prefix: number;
}

export interface IcmpMatch {
  type?: number;
  code?: number;
}

export interface ServiceAccountMatch {
  names: string[];
  selector?: SelectorField;
}

export interface ServiceMatch {
  name: string;
  namespace?: string;
}

/** Calico `EntityRule`: match criteria on the source or destination. Empty lists mean "no constraint". */
export interface CalicoEntityRule {
  nets: CalicoCidr[];
  notNets: CalicoCidr[];
  selector?: SelectorField;
  notSelector?: SelectorField;
  namespaceSelector?: SelectorField;
  ports: CalicoPort[];
  notPorts: CalicoPort[];
  serviceAccounts?: ServiceAccountMatch;
  services?: ServiceMatch;
}

/** Calico `HTTPMatch`; parsed and validated, not modelled. */
export interface HttpMatch {
  methods: string[];
  paths: ({ exact: string } | { prefix: string })[];
}

export interface CalicoRule {
  action: CalicoAction;
  ipVersion?: 4 | 6;
  protocol?: CalicoProtocol;
  notProtocol?: CalicoProtocol;
  icmp?: IcmpMatch;
  notICMP?: IcmpMatch;
  source: CalicoEntityRule;
  destination: CalicoEntityRule;
  http?: HttpMatch;
  /** `metadata.annotations` of the rule. */
  annotations: Record<string, string>;
  /** Fields of this rule that netpolc does not model (e.g. `http`). */
  unmodelled: string[];
  at: Provenance;
}

/** The spec shared by `NetworkPolicy` and `GlobalNetworkPolicy`. */
export interface CalicoPolicySpec {
  /** `spec.tier`, or `default`. */
  tier: string;
  /** Undefined means "last" (Calico treats a missing order as infinite). */
  order?: number;
  /** `spec.selector`; an absent or empty selector is `all()`. */
  selector: SelectorField;
  serviceAccountSelector?: SelectorField;
  /** The types that apply: as written, or Calico's default from the rules present. */
  types: PolicyType[];
  /** Whether `spec.types` was written (non-empty). */
  typesGiven: boolean;
  ingress: CalicoRule[];
  egress: CalicoRule[];
  performanceHints: string[];
  /** Spec fields that netpolc does not model (`doNotTrack`, `preDNAT`, `applyOnForward`). */
  unmodelled: string[];
}

interface CalicoBase extends ResourceBase {
  apiVersion: typeof CALICO_API_VERSION;
}

export interface CalicoNetworkPolicy extends CalicoBase {
  kind: 'NetworkPolicy';
  namespace: string;
  /** The name without a leading `<tier>.` (older Calico required that prefix on tiered policies). */
  shortName: string;
  spec: CalicoPolicySpec;
}

export interface CalicoGlobalNetworkPolicy extends CalicoBase {
  kind: 'GlobalNetworkPolicy';
  shortName: string;
  spec: CalicoPolicySpec & {
    namespaceSelector?: SelectorField;
    doNotTrack: boolean;
    preDNAT: boolean;
    applyOnForward: boolean;
  };
}

export interface CalicoNetworkSet extends CalicoBase {
  kind: 'NetworkSet';
  namespace: string;
  nets: CalicoCidr[];
}

export interface CalicoGlobalNetworkSet extends CalicoBase {
  kind: 'GlobalNetworkSet';
  nets: CalicoCidr[];
}

export interface CalicoTier extends CalicoBase {
  kind: 'Tier';
  order?: number;
  /** What happens to traffic of selected endpoints that no rule of the tier decides. */
  defaultAction: 'Deny' | 'Pass';
  defaultActionGiven: boolean;
}

export interface CalicoProfile extends CalicoBase {
  kind: 'Profile';
  ingress: CalicoRule[];
  egress: CalicoRule[];
  labelsToApply: Record<string, string>;
}

/** A named port of a host or workload endpoint. */
export interface EndpointPort {
  name: string;
  protocol: CalicoProtocol;
  port: number;
  hostPort?: number;
  hostIP?: string;
}

export interface CalicoHostEndpoint extends CalicoBase {
  kind: 'HostEndpoint';
  node: string;
  interfaceName?: string;
  expectedIPs: CalicoCidr[];
  profiles: string[];
  ports: EndpointPort[];
  /** Host endpoints are not modelled: always `['HostEndpoint']`. */
  unmodelled: string[];
}

export interface CalicoWorkloadEndpoint extends CalicoBase {
  kind: 'WorkloadEndpoint';
  namespace: string;
  node?: string;
  orchestrator?: string;
  workload?: string;
  pod?: string;
  endpoint?: string;
  containerID?: string;
  serviceAccountName?: string;
  interfaceName: string;
  mac?: string;
  /** Single addresses (Calico allows only /32 and /128 here). */
  ipNetworks: CalicoCidr[];
  profiles: string[];
  ports: EndpointPort[];
  /** Fields parsed but not modelled (`ipNATs`, `allowSpoofedSourcePrefixes`, gateways). */
  unmodelled: string[];
}

export type CalicoResource =
  | CalicoNetworkPolicy
  | CalicoGlobalNetworkPolicy
  | CalicoNetworkSet
  | CalicoGlobalNetworkSet
  | CalicoTier
  | CalicoProfile
  | CalicoHostEndpoint
  | CalicoWorkloadEndpoint;
