/**
 * Selector stage, errors: the one catalogue of selector syntax messages, for the lexer (by the
 * character that stopped it) and the parser (a chevrotain message provider, by rule and tokens).
 *
 * Contract: every message is one line, lowercase, without a final period, with user input in
 * backticks (STYLE.md, "Diagnostics"). The offset is not part of the message: `parseCalicoSelector`
 * reports it beside, at the offending token (the end of the text when input ran out).
 */
import { EOF, type IParserErrorMessageProvider, type IToken } from 'chevrotain';
import { Label, LBrace, LParen, RParen, StringLiteral, UnknownCall } from './lexer.js';

const SHOW_MAX = 40;

/** User text for a message: control characters escaped, long text cut with an ellipsis. */
export function show(text: string): string {
  const cut = text.length > SHOW_MAX ? text.slice(0, SHOW_MAX - 1) + '…' : text;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function isEnd(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType === EOF;
}
/** chevrotain passes a placeholder with no position as the token before the first one. */
function isStart(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType === undefined || Number.isNaN(t.startOffset);
}

// ── lexer ───────────────────────────────────────────────────────────────────────────────
/** Why no token starts at `offset` (libcalico-go's tokenizer fails at the same characters). */
export function lexErrorMessage(text: string, offset: number): string {
  const c = text[offset];
  switch (c) {
    case '"':
    case "'":
      return `unterminated string \`${show(text.slice(offset))}\``;
    case '=':
      return 'expected `==`, found a single `=`';
    case '&':
      return 'expected `&&`, found a single `&`';
    case '|':
      return 'expected `||`, found a single `|`';
    case '\n':
    case '\r':
      return 'unexpected line break: a selector is one line (blanks are spaces and tabs)';
    default: {
      const cp = text.codePointAt(offset) ?? 0;
      return `unexpected character \`${show(String.fromCodePoint(cp))}\``;
    }
  }
}

// ── parser ──────────────────────────────────────────────────────────────────────────────
const OPERATORS = '`==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with`';
const FUNCTIONS = new Set(['has', 'all', 'global']);

export const selectorErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const prev = previous.image;
    switch (ruleName) {
      case 'string':
        return `expected a string after \`${show(prev)}\``;
      case 'set':
        if (expected === LBrace) return `expected \`{\` after \`${show(prev)}\``;
        return previous.tokenType === StringLiteral
          ? `expected \`,\` or \`}\` after \`${show(prev)}\``
          : `expected a string or \`}\` after \`${show(prev)}\``;
      case 'hasCall':
        return expected === Label ? 'expected a label after `has(`' : `expected \`)\` after \`has(${show(prev)}\``;
      case 'allCall':
        return 'expected `)` after `all(`';
      case 'globalCall':
        return 'expected `)` after `global(`';
      case 'group':
        return isEnd(actual)
          ? 'expected `)` to close `(`'
          : `expected \`&&\`, \`||\` or \`)\` before \`${show(actual.image)}\``;
    }
    return `expected ${expected.LABEL ?? expected.name} after \`${show(prev)}\``;
  },

  buildNotAllInputParsedMessage({ firstRedundant }) {
    if (firstRedundant.tokenType === RParen) return 'unexpected `)` without a matching `(`';
    return `expected \`&&\` or \`||\` before \`${show(firstRedundant.image)}\``;
  },

  buildNoViableAltMessage({ actual, previous, ruleName }) {
    const next = actual[0];
    if (ruleName === 'labelTest') {
      // A blank between a function name and "(" makes the name a label (Calico needs `has(`).
      if (next?.tokenType === LParen && FUNCTIONS.has(previous.image)) {
        return `unexpected blank between \`${previous.image}\` and \`(\``;
      }
      return `expected an operator (${OPERATORS}) after \`${show(previous.image)}\``;
    }
    if (next?.tokenType === UnknownCall) return `unknown function \`${show(next.image)})\``;
    if (isStart(previous)) return `unexpected \`${show(next?.image ?? '')}\` at the start of the selector`;
    if (isEnd(next)) return `unexpected end of selector after \`${show(previous.image)}\``;
    return `expected an expression after \`${show(previous.image)}\``;
  },

  buildEarlyExitMessage({ previous }) {
    // The grammar has no one-or-more repetition; kept total for chevrotain's interface.
    return `unexpected input after \`${show(previous.image)}\``;
  },
};
