/** Errors as RFC 9457 problem documents (application/problem+json) for the API. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly type = 'about:blank',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [key: string]: unknown;
}

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function problemDocument(p: HttpProblem, instance?: string): ProblemDocument {
  return { type: p.type, title: p.title, status: p.status, ...(p.detail ? { detail: p.detail } : {}), ...(instance ? { instance } : {}), ...p.extra };
}

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What the API takes: the 415 answer to a body of any other type (a cross-site HTML form's, say). */
export const JSON_ONLY = 'The API takes JSON bodies only: send the body with `Content-Type: application/json`.';

/**
 * The framework's own refusals (bad percent-encoding, a path part too long, a body that is not JSON
 * or too large) in our words: never its internal error codes, and never the path or header it
 * refused echoed back (it may be huge or hostile).
 */
export function frameworkProblem(error: Error & { code?: string; statusCode?: number }): HttpProblem {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new HttpProblem(400, 'Bad Request', 'The address is not a valid URL: every % must start a valid percent-encoded UTF-8 sequence.', '/problems/bad-url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new HttpProblem(414, 'URI Too Long', 'A part of the address is longer than any this server serves.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Unsupported Media Type', JSON_ONLY, '/problems/unsupported-media-type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'Content Too Large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'Invalid JSON', 'The body is not valid JSON.', '/problems/invalid-json');
    default: {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      return new HttpProblem(status, STATUS_TITLES[status] ?? 'Bad Request', STATUS_TITLES[status] ?? 'The request was refused.');
    }
  }
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A schema violation in words that name the field; an unknown field is named, cut to a readable length. */
export function validationProblem(context: string | undefined, errors: readonly AjvError[]): HttpProblem {
  const first = errors[0];
  const where = `${context ?? 'body'}${first?.instancePath ?? ''}`;
  let detail: string;
  if (!first) detail = `${where} does not match the schema`;
  else if (first.keyword === 'additionalProperty' || first.keyword === 'additionalProperties') {
    const name = String(first.params.additionalProperty ?? '');
    detail = `${where} has an unknown field \`${name.length > 64 ? `${name.slice(0, 64)}…` : name}\`: the API takes only the fields it documents`;
  } else detail = `${where} ${first.message ?? 'does not match the schema'}`;
  return new HttpProblem(400, 'Invalid request', detail, '/problems/validation');
}

/**
 * Node refuses some requests before fastify sees them (headers too large, a malformed request
 * line, a slow client): the raw answer it writes on the socket, as a problem document too.
 */
export function clientErrorResponse(code: string | undefined): string {
  const problem =
    code === 'HPE_HEADER_OVERFLOW'
      ? new HttpProblem(431, 'Request Header Fields Too Large', 'The request line and headers together are larger than this server accepts.')
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new HttpProblem(408, 'Request Timeout', 'The request did not arrive in time.')
        : new HttpProblem(400, 'Bad Request', 'The request is not valid HTTP.');
  const body = JSON.stringify(problemDocument(problem));
  return `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
