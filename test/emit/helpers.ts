/**
 * Inputs for the emitter's tests and the kernel test: a hand-written IR program that uses every
 * part of the layout, the corpus and semantics cases lowered to programs, and generated programs
 * whose endpoints have unique addresses.
 *
 * Addresses: endpoints whose IPs are unknown (pods from a Deployment template, as in
 * `corpus/article-fixed`) are given addresses from the test-only blocks `10.244.0.0/16` and
 * `fd00:244::/64`, in snapshot order, and `assignAddresses` returns the map it used so a test can
 * say which address stands for which pod.
 */
import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { IptablesRules } from '../../src/emit/iptables/emitIptables.js';
import { join } from 'node:path';
import type { Program } from '../../src/ir/ast.js';
import { parseIr } from '../../src/ir/parse.js';
import { lower } from '../../src/lower/lower.js';
import type { LowerOptions } from '../../src/lower/types.js';
import { loadResources } from '../../src/model/loadResources.js';
import { loadProgram } from '../../src/pipeline.js';
import { getField, toPlain, type SourceDocument } from '../../src/yaml/node.js';
import { parseDocuments } from '../../src/yaml/parseDocuments.js';
import { REPO } from '../helpers/paths.js';
import { Gen } from '../ir/gen.js';

/**
 * Two tiers, Pass, deny, named ports, a long port list, ICMP, and a network set around pods:
 * `prod/batch` lies inside `office` without being it (a `nomatch` entry), and nothing else stops
 * its traffic to `prod/db`, so the kernel test sees whether `nomatch` works.
 */
export const SAMPLE_IR = `
snapshot {
  namespace "prod" labels {"kubernetes.io/metadata.name": "prod", "projectcalico.org/name": "prod"}
  namespace "dev" labels {"kubernetes.io/metadata.name": "dev", "projectcalico.org/name": "dev"}
  endpoint "prod/web" in "prod" ips [10.1.0.1, fd01::1] sa "default" {} ports ["http" tcp 8080] labels {"app": "web"}
  endpoint "prod/db" in "prod" ips [10.1.0.2, fd01::2] ports ["pg" tcp 5432] labels {"app": "db"}
  endpoint "prod/batch" in "prod" ips [10.1.0.3, fd01::3] labels {"app": "batch"}
  endpoint "dev/tool" in "dev" ips [10.2.0.1] labels {"app": "tool"}
  endpoint "dev/pending" in "dev" workload "dev/pending[Deployment]" ips unknown labels {"app": "web"}
  networkset "office" global labels {"kind": "office"} nets [10.1.0.0/16, 192.168.50.0/24]
}
tier "security" order 100 default pass {
  policy "db-gate" order 1 types [ingress] applies sel(app == "db") {
    ingress deny from ns "dev" to any
    ingress pass proto tcp from sel(kind == "office") to ports [5432]
  }
  policy "db-lockdown" order 2 types [ingress] applies sel(app == "db") {
    ingress deny proto tcp from external nets [192.168.0.0/16] to ports [5432]
  }
}
tier "default" order 1000 default deny {
  policy "prod/db" order 10 types [ingress] applies sel(app == "db") {
    ingress allow proto tcp from sel(app == "web") ns "prod" to ports [5432]
    ingress allow from sel(kind == "office") to any
  }
  policy "prod/web" order 10 types [ingress, egress] applies sel(app == "web") ns "prod" {
    ingress allow proto tcp from any to ports [80, "http", 8000-8010, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    egress allow proto tcp from any to sel(app == "db") ports ["pg"]
    egress allow proto udp from any to external nets [192.168.50.0/24] ports [53]
    egress allow icmp type 8 from any to any
  }
}
final allow
`;

export function parseProgram(text: string): Program {
  const r = parseIr(text);
  if (!r.value) throw new Error(`test IR does not parse: ${r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return r.value;
}

export function sampleProgram(): Program {
  return parseProgram(SAMPLE_IR);
}

/** Gives every endpoint whose IPs are unknown (or repeat an earlier endpoint's) fresh ones. */
export function assignAddresses(program: Program, opts: { replaceEmpty?: boolean } = {}): Map<string, string[]> {
  const used = new Set<string>();
  const assigned = new Map<string, string[]>();
  let next = 1;
  for (const e of program.snapshot?.endpoints ?? []) {
    const clash = (e.ips ?? []).some((ip) => used.has(ip));
    if (e.ips === null || clash || (opts.replaceEmpty && e.ips.length === 0)) {
      const n = next++;
      e.ips = [`10.244.${n >> 8}.${n & 0xff}`, `fd00:244::${n.toString(16)}`];
      assigned.set(e.id, e.ips);
    }
    for (const ip of e.ips) used.add(ip);
  }
  return assigned;
}

export async function corpusProgram(set: string): Promise<Program> {
  return (await loadProgram([join(REPO, 'corpus', set)])).program;
}

export const CASES_DIR = join(REPO, 'test', 'cases');

/** A semantics case file's `inputs`, lowered with its `options` (the case loader's reading). */
export function caseProgram(file: string): Program {
  const parsed = parseDocuments(file, readFileSync(join(CASES_DIR, file), 'utf8'));
  const root = parsed.documents[0]!.root;
  if (root.kind !== 'map') throw new Error(`${file}: a case file is one mapping`);
  const inputs = getField(root, 'inputs');
  const options = ((toPlain(root) as Record<string, unknown>)['options'] ?? {}) as Partial<LowerOptions>;
  let docs: SourceDocument[];
  if (inputs?.kind === 'scalar' && typeof inputs.value === 'string') docs = parseDocuments(`${file}#inputs`, inputs.value).documents;
  else if (inputs?.kind === 'seq') docs = inputs.items.map((item, index) => ({ file, index, root: item }));
  else throw new Error(`${file}: inputs are neither a YAML string nor a list of documents`);
  return lower(loadResources(docs).value, options).value;
}

export function hasUnknownMarkers(p: Program): boolean {
  return p.tiers.some((t) => t.policies.some((pol) => pol.unknown.length > 0 || [...pol.ingress, ...pol.egress].some((r) => r.unknown.length > 0)));
}

/** Generated programs with a snapshot and no unknown markers, addresses made unique. */
export function generatedSnapshots(seeds: Iterable<number>): { seed: number; program: Program }[] {
  const out: { seed: number; program: Program }[] = [];
  for (const seed of seeds) {
    const program = new Gen(seed).program();
    if (program.snapshot === null || hasUnknownMarkers(program)) continue;
    assignAddresses(program);
    out.push({ seed, program });
  }
  return out;
}

/** The rule set with one line of `file` replaced (or removed, when `replace` gives null); the line must exist. */
export function mutate(rules: IptablesRules, file: keyof IptablesRules, find: RegExp, replace: (line: string) => string | null): IptablesRules {
  const lines = rules[file].split('\n');
  const i = lines.findIndex((l) => find.test(l));
  assert.ok(i >= 0, `no line matches ${find}`);
  const r = replace(lines[i]!);
  if (r === null) lines.splice(i, 1);
  else lines[i] = r;
  return { ...rules, [file]: lines.join('\n') };
}
