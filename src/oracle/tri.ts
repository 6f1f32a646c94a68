/**
 * Three-valued match results for the oracle: a condition holds, fails, or "maybe" holds because it
 * depends on something netpolc does not know (an unmodelled field, a port the flow leaves out).
 *
 * Contract: `conj` is Kleene's strong conjunction: any `false` wins, else any maybe (with every
 * reason, in order), else `true`.
 */

export type Tri = true | false | Maybe;

export interface Maybe {
  maybe: string[];
}

export function maybe(...reasons: string[]): Maybe {
  return { maybe: reasons };
}

export function isMaybe(t: Tri): t is Maybe {
  return typeof t === 'object';
}

export function conj(ts: readonly Tri[]): Tri {
  if (ts.includes(false)) return false;
  const reasons = ts.filter(isMaybe).flatMap((m) => m.maybe);
  return ts.some(isMaybe) ? { maybe: reasons } : true;
}
