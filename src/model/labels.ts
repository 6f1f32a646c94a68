/**
 * Kubernetes name and label syntax (apimachinery `validation`): qualified names for label keys,
 * label values, DNS-1123 labels and subdomains for object names.
 * Source: Kubernetes "Labels and Selectors" and "Object Names and IDs".
 */

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'the prefix before `/` is empty';
    if (prefix.length > 253) return 'the prefix is longer than 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) return 'the prefix must be a lowercase DNS subdomain';
  }
  if (name.length === 0) return 'the name part is empty';
  if (name.length > 63) return 'the name part is longer than 63 characters';
  if (!NAME_PART.test(name))
    return 'the name part must be alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric';
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is one (empty is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!NAME_PART.test(value))
    return 'a label value must be alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric';
  return undefined;
}

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}
