/**
 * Property stage, writing: `Property` → one line of property text, the inverse of `parse.ts`.
 *
 * Contract: the output parses back to the same property (apart from `file`, `line` and `column`,
 * which belong to where the text sits): `parseProperties(f, printProperty(p))` gives `p` again.
 * Selectors print through `printSelector` (canonical Calico text), CIDRs as stored (already
 * canonical), protocols by name when they have one. Used by reports to say what was proved in the
 * user's own notation.
 */
import { protocolText } from '../ir/protocol.js';
import { printSelector } from '../selector/index.js';
import type { EndpointSpec, PortMatch, Property } from './ast.js';

export function printEndpoints(e: EndpointSpec): string {
  switch (e.kind) {
    case 'any':
      return 'any';
    case 'pods': {
      const parts: string[] = [];
      if (e.namespace !== null) parts.push(`ns(${printSelector(e.namespace)})`);
      if (e.pod !== null) parts.push(`pod(${printSelector(e.pod)})`);
      // INVARIANT: the parser never builds pods with neither part; print it as every pod.
      return parts.length > 0 ? parts.join(' ') : 'pod(all())';
    }
    case 'cidr': {
      const inc = `cidr(${e.cidrs.join(', ')})`;
      return e.except.length > 0 ? `${inc} except cidr(${e.except.join(', ')})` : inc;
    }
  }
}

export function printPortMatch(p: PortMatch): string {
  const proto = protocolText(p.protocol);
  if (p.ports === null) return proto;
  return p.ports.from === p.ports.to ? `${proto}/${p.ports.from}` : `${proto}/${p.ports.from}-${p.ports.to}`;
}

/** `on …` with its leading space, or nothing for every port. */
export function printOn(on: PortMatch[] | null): string {
  return on === null ? '' : ` on ${on.map(printPortMatch).join(', ')}`;
}

/** The property as one line, without its name: `deny pod(a == "b") -> any on tcp/80`. */
export function printClaim(p: Property): string {
  return `${p.kind} ${printEndpoints(p.src)} -> ${printEndpoints(p.dst)}${printOn(p.on)}`;
}

export function printProperty(p: Property): string {
  return `${p.name}: ${printClaim(p)}`;
}

export function printProperties(ps: readonly Property[]): string {
  return ps.map((p) => printProperty(p) + '\n').join('');
}
