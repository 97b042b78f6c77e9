/**
 * Connection-level limits against slow clients. Node's HTTP server can time out a request whose
 * headers and body have not fully arrived (answering 408 and closing the socket), but fastify turns
 * that off by default and Node only looks every 30 s. These options switch it on with a check
 * interval fine enough that the limit holds to within a second or so.
 */
import type { ServerConfig } from './config.js';

export interface ConnectionLimitOptions {
  requestTimeout: number;
  http?: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number };
}

/** Node refuses a headers timeout above the request timeout, so it is clamped to it. */
export function nodeTimeouts(requestTimeoutMs: number): { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
  };
}

/** Fastify options for plain HTTP; for HTTPS the same `nodeTimeouts` go into the `https` object. */
export function connectionLimits(config: Pick<ServerConfig, 'requestTimeoutMs'>): ConnectionLimitOptions {
  if (config.requestTimeoutMs <= 0) return { requestTimeout: 0 };
  return { requestTimeout: config.requestTimeoutMs, http: nodeTimeouts(config.requestTimeoutMs) };
}
