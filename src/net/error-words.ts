/**
 * Library failures (undici, llhttp, OpenSSL, the socket layer) said in plain words. A report must
 * name the cause a site owner can act on: "answered plain HTTP on the TLS port", not
 * `ERR_SSL_WRONG_VERSION_NUMBER`. The stable code stays on the error for programs; the words go
 * into the report.
 */

export interface FailureWords {
  /** Stable code for programs (our own where the library's is an implementation detail). */
  code: string;
  /** What happened, for people. Never contains a raw library error string. */
  message: string;
}

/** llhttp's parser errors, by code: what was wrong with the response. */
const PARSER_WORDS: Record<string, string> = {
  HPE_INVALID_CONSTANT: 'the answer does not start with an HTTP status line (an HTTP/0.9-style reply, or not HTTP at all)',
  HPE_INVALID_VERSION: 'the status line carries an invalid HTTP version',
  HPE_INVALID_STATUS: 'the status line carries an invalid status code',
  HPE_INVALID_HEADER_TOKEN: 'a header name or value contains a forbidden character (NUL or another control byte)',
  HPE_INVALID_CONTENT_LENGTH: 'the Content-Length header is invalid',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length is sent together with Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'the Transfer-Encoding header is invalid',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of the chunked body has an invalid size',
  HPE_CR_EXPECTED: 'a line does not end with CRLF',
  HPE_LF_EXPECTED: 'a line does not end with CRLF',
  HPE_HEADER_OVERFLOW: 'the response headers are too large',
  HPE_STRICT: 'the response breaks the HTTP/1.1 grammar',
  HPE_INVALID_EOF_STATE: 'the connection closed in the middle of the response',
};

const NOT_TLS_WORDS = 'the port did not answer in TLS (its answer is not a TLS record)';
const HANDSHAKE_FAILURE_WORDS = 'the server refused the handshake (a handshake failure alert: usually no cipher suite in common with this client)';

/** OpenSSL reasons (Node's ERR_SSL_* codes) that have a clearer meaning for a site owner. */
const TLS_WORDS: Record<string, string> = {
  // Whether such a port speaks plain HTTP is not known from OpenSSL's reason: the HTTP probe asks it
  // in plain HTTP, and then says so in the words of model/http.ts (plainHttpOnTlsPort).
  ERR_SSL_WRONG_VERSION_NUMBER: NOT_TLS_WORDS,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: NOT_TLS_WORDS,
  ERR_SSL_HTTP_REQUEST: NOT_TLS_WORDS,
  ERR_SSL_UNEXPECTED_EOF_WHILE_READING: 'the server closed the connection in the middle of the TLS handshake',
  ERR_SSL_EXCESSIVE_MESSAGE_SIZE: 'a TLS handshake message is larger than any client accepts (an oversized certificate chain?)',
  ERR_SSL_RECORD_LAYER_FAILURE: 'the server sent a broken TLS record',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'the server offers no TLS version this client accepts',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'the server offers no TLS version this client accepts',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: HANDSHAKE_FAILURE_WORDS,
  // OpenSSL 3 names the same alert so.
  'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE': HANDSHAKE_FAILURE_WORDS,
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'the server refused every offered TLS version',
  ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR: 'the server aborted the handshake with an internal error alert',
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: 'the server does not know the requested host name (SNI)',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate',
};

const SOCKET_WORDS: Record<string, (where: string, timeoutMs: number) => string> = {
  ECONNREFUSED: (w) => `${w} refused the connection`,
  ECONNRESET: (w) => `${w} reset the connection before answering`,
  EPIPE: (w) => `${w} closed the connection while the request was being sent`,
  ETIMEDOUT: (w) => `the connection to ${w} timed out`,
  EHOSTUNREACH: (w) => `${w} cannot be reached (no route to the host)`,
  ENETUNREACH: (w) => `${w} cannot be reached (network unreachable)`,
  UND_ERR_SOCKET: (w) => `${w} closed the connection before answering`,
  UND_ERR_CLOSED: (w) => `${w} closed the connection before answering`,
  UND_ERR_CONNECT_TIMEOUT: (w, t) => `could not connect to ${w} within ${t} ms`,
  UND_ERR_HEADERS_TIMEOUT: (w, t) => `${w} sent no response headers within ${t} ms`,
  UND_ERR_BODY_TIMEOUT: (w) => `${w} stalled while sending the body`,
  UND_ERR_HEADERS_OVERFLOW: (w) => `${w} sent more than 256 KiB of response headers, more than Chromium accepts; the response was not read`,
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: (w) => `${w} sent a body whose length does not match its Content-Length`,
  UND_ERR_INFO: (w) => `${w} sent an answer that is not a valid HTTP/1.1 response`,
  // HTTP/2 (net/h2-session: our own codes, and node:http2's).
  H2_STREAM_CLOSED: (w) => `${w} reset the HTTP/2 stream before answering`,
  H2_BODY_CUT: (w) => `${w} reset the HTTP/2 stream in the middle of the body`,
  ERR_HTTP2_STREAM_ERROR: (w) => `${w} ended the HTTP/2 stream with an error`,
  ERR_HTTP2_SESSION_ERROR: (w) => `${w} ended the HTTP/2 connection with an error`,
  ERR_HTTP2_GOAWAY_SESSION: (w) => `${w} closed the HTTP/2 connection (GOAWAY) before answering`,
  ERR_HTTP2_STREAM_CANCEL: (w) => `the HTTP/2 connection to ${w} closed before the response ended`,
  ERR_HTTP2_INVALID_SESSION: (w) => `the HTTP/2 connection to ${w} closed before the request could be sent`,
  ERR_HTTP2_ERROR: (w) => `${w} broke the HTTP/2 protocol`,
  // The three HTTP/2 header limits (net/h2-session says which was hit and how Node applies each).
  H2_HEADERS_OVERFLOW: (w) => `${w} sent more than 256 KiB of response headers (as HTTP/2 counts them: each field's name and value plus 32 bytes), more than Chromium accepts; the response was not read`,
  H2_HEADERS_BACKSTOP: (w) => `${w} sent more than 1 MiB of response headers or more than 32,767 fields; the response was not read`,
  H2_HEADER_FRAMES_OVERFLOW: (w) =>
    `${w} sent its response headers in more than 9 HTTP/2 frames, the most the client takes (HEADERS and 8 CONTINUATION frames: 144 KiB in frames of the usual 16 KiB), for a large header list or a flood of small frames; the connection was closed and the response was not read (Chromium reads up to 256 KiB in any number of frames)`,
};

/** node:http2 names a reset's reason in its message ("… error code NGHTTP2_ENHANCE_YOUR_CALM"). */
const H2_RESET_WORDS: Record<string, string> = {
  NGHTTP2_ENHANCE_YOUR_CALM: 'reset the HTTP/2 stream as "enhance your calm" (it found the exchange excessive)',
  NGHTTP2_PROTOCOL_ERROR: 'broke the HTTP/2 protocol',
  NGHTTP2_REFUSED_STREAM: 'refused the HTTP/2 stream',
  NGHTTP2_INTERNAL_ERROR: 'reported an internal error on the HTTP/2 stream',
  NGHTTP2_FRAME_SIZE_ERROR: 'sent an HTTP/2 frame of an invalid size',
  NGHTTP2_COMPRESSION_ERROR: 'sent header fields that do not decompress (HPACK error)',
};

/**
 * Turn whatever a request failed with into a stable code and plain words. `duringTls`: the failure
 * came before a TLS handshake completed, so a closed or reset connection is said to be mid-handshake.
 */
export function describeNetFailure(error: unknown, where: string, timeoutMs: number, duringTls = false): FailureWords {
  const e = unwrap(error);
  const code = e.code ?? e.name ?? 'NETWORK_ERROR';
  if (duringTls && ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'EPIPE'].includes(code)) {
    return { code: 'TLS_CLOSED', message: `TLS handshake with ${where} failed: ${TLS_WORDS.ERR_SSL_UNEXPECTED_EOF_WHILE_READING}` };
  }
  if (code.startsWith('HPE_') || e.name === 'HTTPParserError') {
    const what = PARSER_WORDS[code] ?? parserReasonWords(e.message ?? '');
    return { code: 'MALFORMED_RESPONSE', message: `${where} sent a malformed HTTP response: ${what}` };
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || /SSL routines/i.test(e.message ?? '')) {
    const sslCode = code.startsWith('ERR_SSL_') ? code : sslCodeFromMessage(e.message ?? '');
    const words = (sslCode && TLS_WORDS[sslCode]) ?? `the TLS handshake failed (${sslReasonWords(sslCode ?? '')})`;
    const notTls = sslCode === 'ERR_SSL_WRONG_VERSION_NUMBER' || sslCode === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || sslCode === 'ERR_SSL_HTTP_REQUEST';
    // A close before the handshake ends is no proof of TLS; an alert is one (model/http.ts, NO_TLS_ANSWER_CODES).
    const failure = notTls ? 'NOT_TLS' : sslCode === 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING' ? 'TLS_CLOSED' : 'TLS_FAILED';
    return { code: failure, message: `TLS handshake with ${where} failed: ${words}` };
  }
  const reset = /NGHTTP2_[A-Z_]+/.exec(e.message ?? '')?.[0];
  if (code.startsWith('ERR_HTTP2_') && reset && H2_RESET_WORDS[reset]) return { code: 'HTTP2_ERROR', message: `${where} ${H2_RESET_WORDS[reset]}` };
  const socket = SOCKET_WORDS[code];
  if (socket) return { code, message: socket(where, timeoutMs) };
  return { code: 'NETWORK_ERROR', message: `request to ${where} failed (${plain(e.message ?? code)})` };
}

/** undici's HTTPParserError carries llhttp's reason in its message: "… (Invalid status code)". */
const PARSER_REASONS: [RegExp, string][] = [
  [/Expected HTTP\//i, PARSER_WORDS.HPE_INVALID_CONSTANT!],
  [/header value char/i, PARSER_WORDS.HPE_INVALID_HEADER_TOKEN!],
  [/header (token|field char)/i, 'a header name contains a forbidden character'],
  [/status code|response status/i, PARSER_WORDS.HPE_INVALID_STATUS!],
  [/(HTTP|major|minor) version/i, PARSER_WORDS.HPE_INVALID_VERSION!],
  [/content-length/i, PARSER_WORDS.HPE_INVALID_CONTENT_LENGTH!],
  [/transfer-encoding/i, PARSER_WORDS.HPE_INVALID_TRANSFER_ENCODING!],
  [/chunk/i, PARSER_WORDS.HPE_INVALID_CHUNK_SIZE!],
  [/expected (CR|LF)|missing expected/i, PARSER_WORDS.HPE_LF_EXPECTED!],
  [/overflow/i, PARSER_WORDS.HPE_HEADER_OVERFLOW!],
];

function parserReasonWords(message: string): string {
  const hit = PARSER_REASONS.find(([re]) => re.test(message));
  if (hit) return hit[1];
  const reason = /\(([^()]{1,120})\)\s*$/.exec(message)?.[1];
  return `the response breaks the HTTP/1.1 grammar${reason ? ` (${plain(reason).toLowerCase()})` : ''}`;
}

interface ErrorLike {
  code?: string;
  name?: string;
  message?: string;
  cause?: unknown;
}

/** undici wraps socket and TLS errors; the innermost coded error is the one that explains. */
function unwrap(error: unknown): ErrorLike {
  let e = (error ?? {}) as ErrorLike;
  for (let depth = 0; depth < 4; depth++) {
    const inner = e.cause as ErrorLike | undefined;
    const innerCode = inner?.code ?? '';
    if (!inner || !(innerCode.startsWith('ERR_SSL_') || innerCode.startsWith('E') || innerCode.startsWith('HPE_'))) break;
    if (e.code && !['UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_INFO'].includes(e.code)) break;
    e = inner;
  }
  return e;
}

/** "…:SSL routines::wrong version number" → ERR_SSL_WRONG_VERSION_NUMBER. */
function sslCodeFromMessage(message: string): string | undefined {
  const m = /SSL routines:[^:]*:([a-z0-9 _]+)/i.exec(message);
  return m ? `ERR_SSL_${m[1]!.trim().toUpperCase().replace(/ /g, '_')}` : undefined;
}

/** ERR_SSL_SOME_REASON → "some reason": OpenSSL's reason, in words, when no better text is known. */
function sslReasonWords(code: string): string {
  const words = code.replace(/^ERR_SSL_/, '').replace(/^(SSLV3|TLSV1|TLSV13)_ALERT_/, 'alert: ').toLowerCase().replace(/_/g, ' ');
  return words || 'unknown reason';
}

/** Library messages are mostly readable; strip error-code tokens so none leak into a report. */
function plain(message: string): string {
  return message.replace(/\b(?:ERR|UND_ERR|HPE|NGHTTP2)_[A-Z0-9_]+\b/g, '').replace(/\s+/g, ' ').trim() || 'unknown error';
}

/** A failed node:tls handshake (code and OpenSSL message) in words, for the TLS probe. */
export function describeTlsFailure(code: string, message: string): string {
  if (code === 'TIMEOUT') return 'the handshake did not complete within the time limit';
  if (code === 'CLOSED' || code === 'ECONNRESET' || code === 'EPIPE') return TLS_WORDS.ERR_SSL_UNEXPECTED_EOF_WHILE_READING!;
  if (SOCKET_WORDS[code]) return SOCKET_WORDS[code]!('the server', 0);
  const sslCode = code.startsWith('ERR_SSL_') ? code : sslCodeFromMessage(message);
  if (sslCode) return TLS_WORDS[sslCode] ?? sslReasonWords(sslCode);
  return plain(message);
}

/** Resolver error codes (getaddrinfo and c-ares) in words. */
const DNS_FAILURE_WORDS: Record<string, string> = {
  ENOTFOUND: 'no such name (NXDOMAIN)',
  ENODATA: 'the name has no address records',
  ESERVFAIL: 'the DNS server failed to answer (SERVFAIL: a broken delegation, a CNAME loop or a DNSSEC failure)',
  ETIMEOUT: 'the DNS server did not answer in time',
  ECONNREFUSED: 'the DNS server refused the query or closed the connection (for a truncated answer retried over TCP, too)',
  EREFUSED: 'the DNS server refused the query',
  EBADRESP: 'the DNS server sent a malformed answer',
  EFORMERR: 'the DNS server sent a malformed answer',
  EAI_AGAIN: 'the DNS lookup failed temporarily',
  ENOTIMP: 'the DNS server does not implement the query',
  ECONNRESET: 'the DNS server closed the connection',
};

/** A resolver error code (getaddrinfo, c-ares) in words. */
export function describeDnsFailure(code: string): string {
  return DNS_FAILURE_WORDS[code] ?? 'the lookup failed';
}
