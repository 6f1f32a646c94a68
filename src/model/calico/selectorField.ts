/**
 * Reading one Calico selector field: positioned YAML → `{ text, ast }`, parsed at load time.
 *
 * Contract: a syntax error is reported as `invalid-selector` at the exact line and column of the
 * offending character (the scalar's column plus the parser's offset, plus one for an opening
 * quote); when the scalar spans lines the offset cannot be mapped without the source text, so the
 * scalar's start is used. A Kubernetes label-selector object where Calico wants a string gets a
 * hint with the equivalent selector string. `global()` is checked as Calico's validator does
 * (libcalico-go `lib/validator/v3/validator.go`: "global() can only be used in an EntityRule
 * namespaceSelector" and "global() cannot be combined with other selectors"). An unquoted selector
 * starting with `!` is a YAML tag, not text; when that leaves an empty string it is reported
 * rather than read as `all()`.
 */
import type { Span, YNode, YScalar } from '../../yaml/node.js';
import type { Selector } from '../../selector/ast.js';
import { parseCalicoSelector } from '../../selector/index.js';
import { describe, type Reader } from '../read.js';
import { labelSelectorToCalicoText, looksLikeLabelSelector } from './labelSelectorText.js';
import type { SelectorField } from './types.js';

/** Where `global()` may appear in a field. */
export type GlobalRule = 'forbidden' | 'alone' | 'allowed';

/** The span of character `offset` of a selector scalar (see the file doc). */
export function selectorOffsetSpan(s: YScalar, offset: number): Span {
  const text = typeof s.value === 'string' ? s.value : '';
  if (text.includes('\n')) return s.span;
  const at = Math.max(0, Math.min(offset, text.length)) + (s.quoted ? 1 : 0);
  return { ...s.span, column: s.span.column + at, offset: s.span.offset + at };
}

function mentionsGlobal(s: Selector): boolean {
  switch (s.op) {
    case 'global':
      return true;
    case 'not':
      return mentionsGlobal(s.arg);
    case 'and':
    case 'or':
      return s.args.some(mentionsGlobal);
    default:
      return false;
  }
}

/** The last segment of a field path: `spec.egress[0].destination.selector` → `selector`. */
function fieldName(path: string): string {
  const dot = path.lastIndexOf('.');
  return path.slice(dot + 1).replace(/\[\d+\]$/, '');
}

/**
 * Reads a selector string at `path`. Returns undefined when the field is absent or null, and
 * (after reporting) when it is malformed. An empty or blank string is `all()`, as in Calico.
 */
export function readSelector(
  r: Reader,
  node: YNode | undefined,
  path: string,
  global: GlobalRule = 'forbidden',
): SelectorField | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar' && node.value === null) return undefined;
  if (node.kind === 'map' && looksLikeLabelSelector(node)) {
    const text = labelSelectorToCalicoText(node);
    r.report(
      'wrong-type',
      node,
      path,
      `a Calico \`${fieldName(path)}\` is a selector string, not a Kubernetes label-selector object`,
      text !== undefined
        ? `use the selector string \`${text}\``
        : 'write a Calico selector expression such as `app == "web" && has(tier)`',
    );
    return undefined;
  }
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    r.report('wrong-type', node, path, `\`${path}\` must be a selector string, found ${describe(node)}`,
      node.kind === 'scalar' ? 'quote the selector so YAML reads it as a string' : undefined);
    return undefined;
  }
  const text = node.value;
  if (text === '' && !node.quoted) {
    // An empty plain scalar is null in YAML; an empty *string* without quotes only comes from a
    // tag, i.e. an unquoted `!has(k)` that YAML took for the tag `!has(k)`. Reading it as `all()`
    // would silently invert the selector.
    r.report('invalid-selector', node, path, `\`${path}\` was read as a YAML tag, not as a selector`,
      "a selector that starts with `!` must be quoted, e.g. `selector: '!has(app)'`");
    return undefined;
  }
  if (text.trim() === '') return { text, ast: { op: 'all' } };
  const parsed = parseCalicoSelector(text);
  if (!parsed.ok) {
    r.report('invalid-selector', selectorOffsetSpan(node, parsed.error.offset), path,
      `\`${path}\` is not a valid selector: ${parsed.error.message}`);
    return undefined;
  }
  const ast = parsed.selector;
  if (global === 'forbidden' && mentionsGlobal(ast)) {
    r.report('invalid-selector', node, path, `\`global()\` can only be used in a rule's \`namespaceSelector\``);
    return undefined;
  }
  if (global === 'alone' && mentionsGlobal(ast) && ast.op !== 'global') {
    r.report('invalid-selector', node, path, '`global()` cannot be combined with other selectors',
      'use `namespaceSelector: global()` alone and put the label conditions in `selector`');
    return undefined;
  }
  return { text, ast };
}
