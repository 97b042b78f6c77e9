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
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
