/**
 * The IR module's public API: the AST, its smart constructors, the text form (parse/print), the
 * evaluation order, protocols, flows and the construct catalogue. Re-exports only.
 */
export * from './ast.js';
export * from './build.js';
export * from './constructs.js';
export * from './flow.js';
export * from './order.js';
export { parseIr, type ParseOptions, type ParseResult } from './parse.js';
export { printEndpoint, printIr, printLabels, printPeer, printPort, printRule, printSel, printSnapshot } from './print.js';
export { flowOf, parseFlowText, printFlowText } from './flowText.js';
export * from './protocol.js';
