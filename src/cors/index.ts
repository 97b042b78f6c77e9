export * from './types.js';
export { simulate, preflightReasons, exposedHeaderNames, type SimulateOptions, type AddressSpace } from './simulate.js';
export { corsCheck } from './cors-check.js';
export { evaluatePreflight, preflightMaxAge } from './preflight.js';
export * from './safelist.js';
export { combinedHeader, extractTokenList, headerValues, isToken, showValue, trimHttpWhitespace } from './headers.js';
export { originOf, sameOrigin } from './origin.js';
