/**
 * Selector stage entry point: Calico selector text → selector AST, or the first syntax error.
 *
 * Contract: accepts exactly what libcalico-go's `parser.Parse` accepts (within the limits below) and
 * builds the same tree (see `grammar.ts`). The start production, `selector = [ orExpr ] ;`, is
 * decided here: no tokens means `all()` (Calico reference, "Selectors": an empty selector selects
 * everything). Never throws. An error carries a one-line message (`messages.ts`) and the 0-based
 * offset in `text` of the offending token, or `text.length` when the input ended too early; when
 * several problems exist the one at the smallest offset is reported.
 *
 * Limits, so that hostile input costs bounded time and stack: the text length, the nesting of
 * parentheses, and (as Calico's tokenizer) the length of a label.
 */
import { EOF, type IToken } from 'chevrotain';
import type { Selector } from './ast.js';
import { SelectorParser } from './grammar.js';
import { AllOpen, GlobalOpen, HasOpen, Label, lexSelector, LParen, RParen } from './lexer.js';
import { lexErrorMessage, show } from './messages.js';

export const SELECTOR_LIMITS = Object.freeze({
  /** Characters of selector text. */
  maxLength: 16 * 1024,
  /** Nested `(`. */
  maxDepth: 64,
  /** Characters of a label key: libcalico-go's `LabelKeyMatcher` is `[a-zA-Z0-9_./-]{1,512}`. */
  maxLabelLength: 512,
});

export interface SelectorSyntaxError {
  message: string;
  offset: number;
}

export type ParseSelectorResult = { ok: true; selector: Selector } | { ok: false; error: SelectorSyntaxError };

let parser: SelectorParser | undefined;

function fail(message: string, offset: number): ParseSelectorResult {
  return { ok: false, error: { message, offset } };
}

/** The first over-long label or too-deep `(`, if any, among the tokens. */
function checkTokenLimits(tokens: readonly IToken[]): SelectorSyntaxError | undefined {
  let depth = 0;
  let inCall = false; // after `has(`, `all(` or `global(`, the next `)` closes the call
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === Label) {
      if (t.image.length > SELECTOR_LIMITS.maxLabelLength) {
        return {
          message: `label \`${show(t.image)}\` is longer than ${SELECTOR_LIMITS.maxLabelLength} characters`,
          offset: t.startOffset,
        };
      }
    } else if (type === LParen) {
      if (++depth > SELECTOR_LIMITS.maxDepth) {
        return { message: `parentheses are nested deeper than ${SELECTOR_LIMITS.maxDepth} levels`, offset: t.startOffset };
      }
    } else if (type === HasOpen || type === AllOpen || type === GlobalOpen) {
      inCall = true;
    } else if (type === RParen) {
      if (inCall) inCall = false;
      else if (depth > 0) depth--;
    }
  }
  return undefined;
}

function parseTokens(text: string, tokens: IToken[]): ParseSelectorResult {
  parser ??= new SelectorParser();
  parser.input = tokens;
  const selector = parser.orExpr();
  const err = parser.errors[0];
  if (err === undefined) return { ok: true, selector };
  const offset = err.token.tokenType === EOF ? text.length : err.token.startOffset;
  return fail(err.message, offset);
}

export function parseCalicoSelector(text: string): ParseSelectorResult {
  try {
    if (text.length > SELECTOR_LIMITS.maxLength) {
      return fail(`selector is longer than ${SELECTOR_LIMITS.maxLength} characters`, SELECTOR_LIMITS.maxLength);
    }
    const { tokens, errorOffset } = lexSelector(text);
    const limit = checkTokenLimits(tokens);
    if (limit !== undefined) return { ok: false, error: limit };
    if (errorOffset < 0 && tokens.length === 0) return { ok: true, selector: { op: 'all' } };
    if (errorOffset < 0) return parseTokens(text, tokens);
    // The tokens before a bad character may already fail to parse, earlier than it.
    const lexError = fail(lexErrorMessage(text, errorOffset), errorOffset);
    if (tokens.length === 0) return lexError;
    const partial = parseTokens(text, tokens);
    return !partial.ok && partial.error.offset < text.length && partial.error.offset < errorOffset ? partial : lexError;
  } catch (e) {
    // Unreachable by design: reported rather than thrown so callers can rely on the contract.
    return fail(`internal error while parsing the selector: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
}
