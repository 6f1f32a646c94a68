/**
 * Selector stage, lexing: Calico selector text → chevrotain tokens (grammar/calico-selector.ebnf,
 * "lexical").
 *
 * Contract: accepts exactly the token sequences libcalico-go's tokenizer accepts
 * (`lib/selector/tokenizer/tokenizer.go`), so that together with the grammar netpolc accepts the
 * same selectors as Calico. Its peculiarities, kept on purpose:
 * - blanks are spaces and tabs only; a line break is an error;
 * - strings have no escapes and end at the first quote of their kind;
 * - `has(`, `all(` and `global(` are single tokens (no blank before the parenthesis);
 * - the operator words (`contains`, `starts with`, `ends with`, `not in`, `in`) are recognised only
 *   right after a label and need no word boundary, elsewhere the same letters are a label.
 * Two tokens exist only to give better errors and change no verdict: a label followed directly by
 * `(` lexes as `UnknownCall` (Calico rejects a label before `(` in every position), and after a label
 * a second label still lexes (Calico rejects it in the tokenizer, netpolc in the parser).
 * A run of label characters longer than 512 is rejected after lexing (`parseCalicoSelector`), where
 * Calico's `{1,512}` matcher cuts it and then fails on the rest; the two differ only on contrived
 * text such as 512 label characters glued to `in {…}`.
 */
import { createToken, Lexer, type CustomPatternMatcherFunc, type IToken, type TokenType } from 'chevrotain';

export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });

// "!=" before "!": Calico reads "!=" whenever "!" is followed by "=".
export const Ne = createToken({ name: 'Ne', pattern: '!=', label: '`!=`' });
export const Not = createToken({ name: 'Not', pattern: '!', label: '`!`' });
export const Eq = createToken({ name: 'Eq', pattern: '==', label: '`==`' });
export const And = createToken({ name: 'And', pattern: '&&', label: '`&&`' });
export const Or = createToken({ name: 'Or', pattern: '||', label: '`||`' });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: '`)`' });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: '`{`' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: '`}`' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: '`,`' });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"[^"]*"|'[^']*'/, label: 'a string' });

/**
 * An operator word: matches `re` (sticky) only when the previous token is a label, as Calico's
 * tokenizer only looks for operators there.
 */
function afterLabel(re: RegExp): CustomPatternMatcherFunc {
  return (text, offset, tokens) => {
    const last = tokens[tokens.length - 1];
    if (last === undefined || last.tokenType !== Label) return null;
    re.lastIndex = offset;
    return re.exec(text);
  };
}
function operatorWord(name: string, word: string, re: RegExp): TokenType {
  return createToken({
    name,
    pattern: { exec: afterLabel(re) },
    line_breaks: false,
    start_chars_hint: [word[0]!],
    label: `\`${word}\``,
  });
}
// Calico tries them in this order; none is a prefix of another, so the order only mirrors it.
export const Contains = operatorWord('Contains', 'contains', /contains/y);
export const StartsWith = operatorWord('StartsWith', 'starts with', /starts[ \t]*with/y);
export const EndsWith = operatorWord('EndsWith', 'ends with', /ends[ \t]*with/y);
export const NotIn = operatorWord('NotIn', 'not in', /not[ \t]*in/y);
export const In = operatorWord('In', 'in', /in/y);

export const HasOpen = createToken({ name: 'HasOpen', pattern: 'has(', label: '`has(`' });
export const AllOpen = createToken({ name: 'AllOpen', pattern: 'all(', label: '`all(`' });
export const GlobalOpen = createToken({ name: 'GlobalOpen', pattern: 'global(', label: '`global(`' });
export const UnknownCall = createToken({ name: 'UnknownCall', pattern: /[a-zA-Z0-9_./-]+\(/, label: 'a function' });
/** Label keys: Calico's `[a-zA-Z0-9_./-]`, length checked after lexing (at most 512). */
export const Label = createToken({ name: 'Label', pattern: /[a-zA-Z0-9_./-]+/, label: 'a label' });

/** In priority order: chevrotain takes the first pattern that matches, not the longest. */
export const allTokens: TokenType[] = [
  Blank,
  Ne, Not, Eq, And, Or,
  LParen, RParen, LBrace, RBrace, Comma,
  StringLiteral,
  Contains, StartsWith, EndsWith, NotIn, In,
  HasOpen, AllOpen, GlobalOpen, UnknownCall,
  Label,
];

const lexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  // Stop at the first bad character: one error is reported, and skipping ahead gains nothing.
  recoveryEnabled: false,
  ensureOptimizations: true,
});

export interface LexResult {
  tokens: IToken[];
  /** Offset of the first character no token matches, or -1. */
  errorOffset: number;
}

export function lexSelector(text: string): LexResult {
  const r = lexer.tokenize(text);
  return { tokens: r.tokens, errorOffset: r.errors.length > 0 ? r.errors[0]!.offset : -1 };
}
