/**
 * Calico's name rules for policies and tiers, and the tier prefix of policy names.
 *
 * Source: libcalico-go `lib/validator/v3/validator.go` (`networkPolicyNameRegex`,
 * `globalNetworkPolicyNameRegex`, `tierNameRegex`, `validateObjectMeta`): a namespaced policy name
 * is a DNS label, optionally `<label>.<label>`, or `knp.default.<subdomain>` / `ossg.default.<…>`
 * for policies Calico generates; a global policy name is a DNS label optionally prefixed by
 * `<label>.`; a tier name is a DNS label. Names are at most 253 characters (tiers 63).
 * Older Calico required a tiered policy's name to start with `<tier>.`; newer Calico does not.
 * Both forms are accepted and the tier is kept apart (`shortName` drops the prefix).
 */
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const NP_NAME = new RegExp(`^((${LABEL})(\\.${LABEL})?|((?:knp|ossg)\\.default\\.(${SUBDOMAIN})))$`);
const GNP_NAME = new RegExp(`^(${LABEL}\\.)?${LABEL}$`);
const TIER_NAME = new RegExp(`^${LABEL}$`);

export function isNetworkPolicyName(name: string): boolean {
  return name.length <= 253 && NP_NAME.test(name);
}

export function isGlobalNetworkPolicyName(name: string): boolean {
  return name.length <= 253 && GNP_NAME.test(name);
}

export function isTierName(name: string): boolean {
  return name.length <= 63 && TIER_NAME.test(name);
}

/** `security.allow-dns` in tier `security` → `allow-dns`; any other name is returned as is. */
export function policyShortName(name: string, tier: string): string {
  return name.startsWith(`${tier}.`) && name.length > tier.length + 1 ? name.slice(tier.length + 1) : name;
}

/** Why `name` breaks `valid`'s rule, in words, for the usual mistakes. */
function nameProblem(name: string, kind: string): string {
  if (name.length > 253) return 'it is longer than 253 characters';
  if (/[A-Z]/.test(name)) return 'it has uppercase letters';
  if (name.includes('_')) return 'it has `_`';
  if (/[^a-z0-9.-]/.test(name)) return 'it may only have lowercase letters, digits, `-` and `.`';
  if (kind === 'Tier' && name.includes('.')) return 'a tier name cannot contain `.`';
  if (name.split('.').length > 2 && !/^(knp|ossg)\.default\./.test(name)) return 'it has more than one `.` (only `<tier>.<name>` is allowed)';
  return 'each `.`-separated part must start and end with a letter or digit';
}

/**
 * Checks `metadata.name` of a policy or tier with Calico's rule for `kind` and reports an
 * `invalid-name` with the reason and, when a simple change fixes it, the fixed name.
 */
export function checkName(r: Reader, header: Header, name: string, valid: (n: string) => boolean): void {
  if (name === '' || valid(name)) return;
  const meta = header.fields.get('metadata');
  const node = meta?.kind === 'map' ? meta.pairs.find((p) => p.key.value === 'name')?.value : undefined;
  const fixed = name.toLowerCase().replace(/_/g, '-');
  r.report('invalid-name', node ?? meta ?? header.fields.node, 'metadata.name',
    `name \`${name}\` is not a valid ${header.kind} name: ${nameProblem(name, header.kind)}`,
    valid(fixed) ? `did you mean \`${fixed}\`?` : undefined);
}
