/**
 * The property language's public API: the AST (`ast.ts`), the parser (text → properties, with
 * diagnostics) and the printer (properties → text). Re-exports only.
 */
export type { EndpointSpec, PortMatch, Property, PropertyKind } from './ast.js';
export { parseProperties, type ParsePropertiesResult } from './parse.js';
export { printClaim, printEndpoints, printOn, printPortMatch, printProperties, printProperty } from './print.js';
