/**
 * Selector stage, parsing: chevrotain tokens → selector AST (`ast.ts`), one rule per production of
 * grammar/calico-selector.ebnf, each quoting its production.
 *
 * Contract: builds the tree libcalico-go's parser builds (`lib/selector/parser/parser.go`): `&&` and
 * `||` chains become one n-ary node (never a one-operand one), parentheses nest without flattening,
 * a run of `!` collapses to one negation or none, and set members are sorted and de-duplicated.
 * Used only through `parseCalicoSelector`, which handles the empty selector and the limits; the
 * parser instance is built once (chevrotain's grammar analysis is costly) and reused.
 */
import { EmbeddedActionsParser } from 'chevrotain';
import type { Selector } from './ast.js';
import { canonicalValues } from './build.js';
import {
  allTokens, AllOpen, And, Comma, Contains, EndsWith, Eq, GlobalOpen, HasOpen, In, Label, LBrace,
  LParen, Ne, Not, NotIn, Or, RBrace, RParen, StartsWith, StringLiteral,
} from './lexer.js';
import { selectorErrorMessages } from './messages.js';

/** Strings have no escapes: the value is the text between the quotes. */
function unquote(image: string): string {
  return image.slice(1, -1);
}

export class SelectorParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 2, errorMessageProvider: selectorErrorMessages });
    this.performSelfAnalysis();
  }

  /** orExpr = andExpr , { "||" , andExpr } ;   ("||" binds loosest) */
  public orExpr = this.RULE('orExpr', (): Selector => {
    const first = this.SUBRULE(this.andExpr);
    let args: Selector[] | undefined;
    this.MANY(() => {
      this.CONSUME(Or);
      const next = this.SUBRULE2(this.andExpr);
      this.ACTION(() => (args ??= [first]).push(next));
    });
    return args === undefined ? first : { op: 'or', args };
  });

  /** andExpr = unary , { "&&" , unary } ; */
  private andExpr = this.RULE('andExpr', (): Selector => {
    const first = this.SUBRULE(this.unary);
    let args: Selector[] | undefined;
    this.MANY(() => {
      this.CONSUME(And);
      const next = this.SUBRULE2(this.unary);
      this.ACTION(() => (args ??= [first]).push(next));
    });
    return args === undefined ? first : { op: 'and', args };
  });

  /** unary = { "!" } , primary ;   (an even run of "!" is no negation, an odd run is one) */
  private unary = this.RULE('unary', (): Selector => {
    let negated = false;
    this.MANY(() => {
      this.CONSUME(Not);
      negated = !negated;
    });
    const arg = this.SUBRULE(this.primary);
    return negated ? { op: 'not', arg } : arg;
  });

  /** primary = hasCall | allCall | globalCall | labelTest | group ; */
  private primary = this.RULE('primary', (): Selector =>
    this.OR([
      { ALT: () => this.SUBRULE(this.hasCall) },
      { ALT: () => this.SUBRULE(this.allCall) },
      { ALT: () => this.SUBRULE(this.globalCall) },
      { ALT: () => this.SUBRULE(this.labelTest) },
      { ALT: () => this.SUBRULE(this.group) },
    ]),
  );

  /** hasCall = "has(" , label , ")" ; */
  private hasCall = this.RULE('hasCall', (): Selector => {
    this.CONSUME(HasOpen);
    const key = this.CONSUME(Label).image;
    this.CONSUME(RParen);
    return { op: 'has', key };
  });

  /** allCall = "all(" , ")" ; */
  private allCall = this.RULE('allCall', (): Selector => {
    this.CONSUME(AllOpen);
    this.CONSUME(RParen);
    return { op: 'all' };
  });

  /** globalCall = "global(" , ")" ; */
  private globalCall = this.RULE('globalCall', (): Selector => {
    this.CONSUME(GlobalOpen);
    this.CONSUME(RParen);
    return { op: 'global' };
  });

  /** group = "(" , orExpr , ")" ; */
  private group = this.RULE('group', (): Selector => {
    this.CONSUME(LParen);
    const inner = this.SUBRULE(this.orExpr);
    this.CONSUME(RParen);
    return inner;
  });

  /**
   * labelTest = label , comparison ;
   * comparison = ( "==" | "!=" | "contains" | startsWith | endsWith ) , string
   *            | ( "in" | notIn ) , set ;
   */
  private labelTest = this.RULE('labelTest', (): Selector => {
    const key = this.CONSUME(Label).image;
    return this.OR<Selector>([
      { ALT: () => { this.CONSUME(Eq); return { op: 'eq', key, value: this.SUBRULE(this.string) }; } },
      { ALT: () => { this.CONSUME(Ne); return { op: 'neq', key, value: this.SUBRULE2(this.string) }; } },
      { ALT: () => { this.CONSUME(Contains); return { op: 'contains', key, value: this.SUBRULE3(this.string) }; } },
      { ALT: () => { this.CONSUME(StartsWith); return { op: 'startswith', key, value: this.SUBRULE4(this.string) }; } },
      { ALT: () => { this.CONSUME(EndsWith); return { op: 'endswith', key, value: this.SUBRULE5(this.string) }; } },
      { ALT: () => { this.CONSUME(In); return { op: 'in', key, values: this.SUBRULE(this.set) }; } },
      { ALT: () => { this.CONSUME(NotIn); return { op: 'notin', key, values: this.SUBRULE2(this.set) }; } },
    ]);
  });

  /** string = '"' , { ? any character but '"' ? } , '"' | "'" , { ? any character but "'" ? } , "'" ; */
  private string = this.RULE('string', (): string => unquote(this.CONSUME(StringLiteral).image));

  /** set = "{" , { string , "," } , [ string ] , "}" ;   (members sorted and de-duplicated) */
  private set = this.RULE('set', (): string[] => {
    this.CONSUME(LBrace);
    const values: string[] = [];
    this.MANY(() => {
      values.push(this.SUBRULE(this.string));
      this.CONSUME(Comma);
    });
    this.OPTION(() => values.push(this.SUBRULE2(this.string)));
    this.CONSUME(RBrace);
    return this.ACTION(() => canonicalValues(values));
  });
}
