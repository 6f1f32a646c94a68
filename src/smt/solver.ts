/**
 * SMT stage, the solver wrapper: the one place that talks to Z3 (z3-solver, WebAssembly). It
 * initialises Z3 once, gives each encoding its own context (`SolverSession`), translates terms
 * into Z3 (iteratively: chains of thousands of rules are deep), checks sets of asserts with a
 * per-query timeout, and shuts Z3's threads down (`shutdownSolver`) so the process can exit.
 *
 * Contract: `check(asserts)` returns `proved` iff Z3 answered `unsat`, `violated` with the value
 * of every variable iff it answered `sat`, and `unknown` with Z3's reason otherwise (a timeout, a
 * cancellation, an incomplete theory): nothing maps `unknown` to `proved`. `evaluate` gives the
 * value of terms under a full assignment of their variables, evaluated by Z3 (its model
 * evaluator), for differential tests that fix a flow. Z3's WebAssembly build must not run two
 * calls at once, and a check runs on a worker thread: opening, checking and closing are queued
 * here, so concurrent `prove` calls are safe; `evaluate` is synchronous and must not be called
 * while a check is pending.
 *
 * Measured on the 1,000-policy isolation proof of `bench/prove.ts`: a fresh solver per query, the
 * asserts re-sent (their Z3 terms are cached per session), is as fast as push/pop on a long-lived
 * solver in universal mode and several times faster in snapshot mode (about 80 ms against 480 ms),
 * because a non-incremental check lets Z3 preprocess. The universal diff is the other case: hundreds
 * of small queries (a region and its widenings) over one large formula, where keeping the axioms
 * on one solver (`CheckOptions.base`) and scoping each query with push/pop is about 3× faster
 * (10-policy pairs: 148 queries in 1.5 s against 4.8 s). Queries are not spread over worker threads:
 * a proof at that size spends more time encoding (JavaScript) than in Z3, and each worker would
 * load its own copy of Z3.
 */
import z3 from 'z3-solver';
import type { Z3_ast, Z3_context, Z3_solver, Z3_sort, Z3Core } from 'z3-solver';
import type { TermFactory } from './factory.js';
import { isConst, postOrder, type Sort, type Term, type Value } from './term.js';

export type SolverResult =
  | { status: 'proved' }
  | { status: 'violated'; model: Model }
  | { status: 'unknown'; reason: string };

/** Values of variables (by name) and of the observed terms of a `sat` answer. */
export interface Model {
  values: Map<string, Value>;
  observed: Value[];
}

export interface CheckOptions {
  /** Per query; default `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Assertions kept on one solver across checks passing the same array (see `check`). */
  base?: readonly Term[];
  /** Terms whose values the model should report (e.g. the verdict), in order. */
  observe?: readonly Term[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class SolverError extends Error {
  override name = 'SolverError';
}

interface Api {
  Z3: Z3Core;
  em: unknown;
}

let api: Promise<Api> | null = null;
/** Z3's WebAssembly build runs one asynchronous call at a time. */
let queue: Promise<unknown> = Promise.resolve();

function z3api(): Promise<Api> {
  api ??= z3.init().then((x) => ({ Z3: x.Z3, em: x.em }));
  return api;
}

function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/** Ends Z3's worker threads; the next session starts Z3 again. Safe to call at any time. */
export async function shutdownSolver(): Promise<void> {
  if (!api) return;
  const pending = api;
  api = null;
  await queue.catch(() => undefined);
  const { em } = await pending;
  await z3.killThreads(em);
}

/** Top-level commands of an SMT-LIB script (strings, quoted symbols and comments respected). */
function commands(script: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === ';') while (i < script.length && script[i] !== '\n') i++;
    else if (ch === '"') {
      for (i++; i < script.length; i++) if (script[i] === '"' && script[i + 1] !== '"') break;
      else if (script[i] === '"') i++;
    } else if (ch === '|') while (++i < script.length && script[i] !== '|');
    else if (ch === '(') {
      if (depth++ === 0) start = i;
    } else if (ch === ')' && --depth === 0) out.push(script.slice(start, i + 1));
  }
  return out;
}

/**
 * Answers each `check-sat` of an SMT-LIB 2 script of the shape `smtlib.ts` prints (declarations
 * and definitions, then `push`/`assert`/`check-sat`/`pop` blocks): `sat`, `unsat`, `unknown`, or
 * `error` when Z3 does not read every assert of the block. For testing the printer. Z3's own
 * script evaluator is not used: z3-solver passes its string to a worker thread from the main
 * thread's stack, which is reused before the worker has read it.
 */
export async function checkSmtLib(script: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const { Z3 } = await z3api();
  const prelude: string[] = [];
  let block: string[] | null = null;
  const answers: string[] = [];
  for (const c of commands(script)) {
    const head = /^\(\s*([^\s()]+)/.exec(c)?.[1];
    if (head === 'push') block = [];
    else if (head === 'pop') block = null;
    else if (head === 'assert' && block) block.push(c);
    else if (head === 'check-sat') {
      const asserts = block ?? [];
      answers.push(
        await serial(async () => {
          const cfg = Z3.mk_config();
          const ctx = Z3.mk_context(cfg);
          Z3.del_config(cfg);
          try {
            const v = Z3.parse_smtlib2_string(ctx, [...prelude, ...asserts].join('\n'), [], [], [], []);
            Z3.ast_vector_inc_ref(ctx, v);
            if (Z3.ast_vector_size(ctx, v) !== asserts.length) return 'error';
            const sv = Z3.mk_solver(ctx);
            Z3.solver_inc_ref(ctx, sv);
            const p = Z3.mk_params(ctx);
            Z3.params_inc_ref(ctx, p);
            Z3.params_set_uint(ctx, p, Z3.mk_string_symbol(ctx, 'timeout'), timeoutMs);
            Z3.solver_set_params(ctx, sv, p);
            for (let i = 0; i < asserts.length; i++) Z3.solver_assert(ctx, sv, Z3.ast_vector_get(ctx, v, i));
            const r = await Z3.solver_check(ctx, sv);
            return r === 1 ? 'sat' : r === -1 ? 'unsat' : 'unknown';
          } finally {
            Z3.del_context(ctx);
          }
        }),
      );
    } else if (!block && head !== 'set-logic' && head !== 'set-option') prelude.push(c);
  }
  return answers;
}

function codePoints(s: string): number[] {
  return [...s].map((c) => c.codePointAt(0)!);
}

export class SolverSession {
  private readonly ast = new Map<number, Z3_ast>();
  private readonly sorts = new Map<string, Z3_sort>();
  private closed = false;

  private constructor(
    private readonly Z3: Z3Core,
    private readonly ctx: Z3_context,
    readonly f: TermFactory,
  ) {}

  /** A fresh Z3 context for the terms of `f`. */
  static async open(f: TermFactory): Promise<SolverSession> {
    const { Z3 } = await z3api();
    return serial(async () => {
      const cfg = Z3.mk_config();
      const ctx = Z3.mk_context(cfg);
      Z3.del_config(cfg);
      return new SolverSession(Z3, ctx, f);
    });
  }

  /** Frees the context once the queued checks are done (awaiting is optional). */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return serial(async () => {
      if (this.base) this.Z3.solver_dec_ref(this.ctx, this.base.solver);
      this.Z3.del_context(this.ctx);
    });
  }

  private sort(s: Sort): Z3_sort {
    const key = s.kind === 'bv' ? `bv${s.width}` : s.kind;
    let z = this.sorts.get(key);
    if (z === undefined) {
      const { Z3, ctx } = this;
      z = s.kind === 'bool' ? Z3.mk_bool_sort(ctx) : s.kind === 'string' ? Z3.mk_string_sort(ctx) : Z3.mk_bv_sort(ctx, s.width);
      this.sorts.set(key, z);
    }
    return z;
  }

  /** The Z3 term for `root`, translating children first (no recursion: terms can be deep). */
  toZ3(root: Term): Z3_ast {
    const { Z3, ctx } = this;
    for (const t of postOrder([root])) {
      if (this.ast.has(t.id)) continue;
      const a = t.args.map((x) => this.ast.get(x.id)!);
      let z: Z3_ast;
      switch (t.op) {
        case 'const':
          z =
            typeof t.value === 'boolean'
              ? t.value
                ? Z3.mk_true(ctx)
                : Z3.mk_false(ctx)
              : typeof t.value === 'bigint'
                ? Z3.mk_numeral(ctx, t.value.toString(), this.sort(t.sort))
                : Z3.mk_u32string(ctx, codePoints(t.value));
          break;
        case 'var':
          z = Z3.mk_const(ctx, Z3.mk_string_symbol(ctx, t.name), this.sort(t.sort));
          break;
        case 'not':
          z = Z3.mk_not(ctx, a[0]!);
          break;
        case 'and':
          z = Z3.mk_and(ctx, a);
          break;
        case 'or':
          z = Z3.mk_or(ctx, a);
          break;
        case 'ite':
          z = Z3.mk_ite(ctx, a[0]!, a[1]!, a[2]!);
          break;
        case 'eq':
          z = Z3.mk_eq(ctx, a[0]!, a[1]!);
          break;
        case 'bvule':
          z = Z3.mk_bvule(ctx, a[0]!, a[1]!);
          break;
        case 'extract':
          z = Z3.mk_extract(ctx, t.hi, t.lo, a[0]!);
          break;
        case 'prefixof':
          z = Z3.mk_seq_prefix(ctx, a[0]!, a[1]!);
          break;
        case 'suffixof':
          z = Z3.mk_seq_suffix(ctx, a[0]!, a[1]!);
          break;
        case 'contains':
          z = Z3.mk_seq_contains(ctx, a[0]!, a[1]!);
          break;
      }
      this.ast.set(t.id, z);
    }
    return this.ast.get(root.id)!;
  }

  private read(z: Z3_ast, s: Sort): Value {
    const { Z3, ctx } = this;
    if (s.kind === 'bool') {
      const b = Z3.get_bool_value(ctx, z);
      if (b === 0) throw new SolverError('a Boolean did not evaluate to a constant');
      return b === 1;
    }
    if (s.kind === 'bv') return BigInt(Z3.get_numeral_string(ctx, z));
    const n = Z3.get_string_length(ctx, z);
    return String.fromCodePoint(...Z3.get_string_contents(ctx, z, n));
  }

  /**
   * The values of `terms` under `assignment` (variable name → value); variables it leaves out take
   * Z3's defaults (false, 0, ""). Synchronous: Z3's model evaluator, no search.
   */
  evaluate(terms: readonly Term[], assignment: ReadonlyMap<string, Value>): Value[] {
    const { Z3, ctx, f } = this;
    const m = Z3.mk_model(ctx);
    Z3.model_inc_ref(ctx, m);
    try {
      for (const [name, value] of assignment) {
        const v = f.varNamed(name);
        if (!v) continue;
        const decl = Z3.get_app_decl(ctx, Z3.to_app(ctx, this.toZ3(v)));
        const c = typeof value === 'boolean' ? f.bool(value) : typeof value === 'bigint' ? f.bv(value, (v.sort as { width: number }).width) : f.str(value);
        Z3.add_const_interp(ctx, m, decl, this.toZ3(c));
      }
      return terms.map((t) => {
        const r = Z3.model_eval(ctx, m, this.toZ3(t), true);
        if (r === null) throw new SolverError('model evaluation failed');
        return this.read(r, t.sort);
      });
    } finally {
      Z3.model_dec_ref(ctx, m);
    }
  }

  private base: { key: readonly Term[]; solver: Z3_solver } | undefined;

  /**
   * Whether `asserts` are satisfiable: `proved` means unsatisfiable (see the file contract). With
   * `opts.base`, those assertions stay on one solver across calls that pass the same array, and
   * each call adds its own in a push/pop scope: many small queries over one large formula.
   */
  async check(asserts: readonly Term[], opts: CheckOptions = {}): Promise<SolverResult> {
    if (asserts.some((t) => isConst(t) && t.value === false)) return { status: 'proved' };
    if (opts.base?.some((t) => isConst(t) && t.value === false)) return { status: 'proved' };
    const { Z3, ctx } = this;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return serial(async () => {
      const zs = asserts.map((t) => this.toZ3(t));
      const scoped = opts.base !== undefined;
      let s: Z3_solver;
      if (scoped) {
        if (this.base?.key !== opts.base) {
          if (this.base) Z3.solver_dec_ref(ctx, this.base.solver);
          const fresh = Z3.mk_solver(ctx);
          Z3.solver_inc_ref(ctx, fresh);
          for (const t of opts.base!) Z3.solver_assert(ctx, fresh, this.toZ3(t));
          this.base = { key: opts.base!, solver: fresh };
        }
        s = this.base!.solver;
        Z3.solver_inc_ref(ctx, s);
        Z3.solver_push(ctx, s);
      } else {
        s = Z3.mk_solver(ctx);
        Z3.solver_inc_ref(ctx, s);
      }
      const p = Z3.mk_params(ctx);
      Z3.params_inc_ref(ctx, p);
      // Z3's own timer; the interrupt below is a second line should the timer not fire.
      Z3.params_set_uint(ctx, p, Z3.mk_string_symbol(ctx, 'timeout'), Math.max(1, Math.floor(timeoutMs)));
      Z3.solver_set_params(ctx, s, p);
      let guard: NodeJS.Timeout | undefined;
      try {
        for (const z of zs) Z3.solver_assert(ctx, s, z);
        guard = setTimeout(() => Z3.interrupt(ctx), timeoutMs + 2000);
        const r = await Z3.solver_check(ctx, s);
        if (r === -1) return { status: 'proved' };
        if (r === 0) return { status: 'unknown', reason: Z3.solver_get_reason_unknown(ctx, s) || 'unknown' };
        const m = Z3.solver_get_model(ctx, s);
        Z3.model_inc_ref(ctx, m);
        try {
          const values = new Map<string, Value>();
          for (const v of this.f.allVars()) {
            const r = Z3.model_eval(ctx, m, this.toZ3(v), true);
            if (r !== null) values.set(v.name, this.read(r, v.sort));
          }
          const observed = (opts.observe ?? []).map((t) => {
            const r = Z3.model_eval(ctx, m, this.toZ3(t), true);
            if (r === null) throw new SolverError('model evaluation failed');
            return this.read(r, t.sort);
          });
          return { status: 'violated', model: { values, observed } };
        } finally {
          Z3.model_dec_ref(ctx, m);
        }
      } finally {
        if (guard) clearTimeout(guard);
        if (scoped) Z3.solver_pop(ctx, s, 1);
        Z3.params_dec_ref(ctx, p);
        Z3.solver_dec_ref(ctx, s);
      }
    });
  }
}
