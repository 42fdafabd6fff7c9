// Deploy map only (deno.jsonc "scopes"): what deno-slack-api@2.8.0's deps.ts imports from
// std@0.182.0/http/http_errors.ts. The client's one use is `createHttpError(status, message,
// { headers })` when Slack answers outside 2xx (a 429 with its Retry-After, a 5xx), and the app's
// client (adapters/slack/client.ts) reads only `status` and `headers` from it. std's module brings
// http_status with it: a 60-entry enum, its text table and a class per error status, ~9 KB of every
// function bundle. This stand-in keeps what a caller can observe of std's errors for each status
// (name, message, status, expose, headers, and throwing for a status that is not an error), which
// tests/bundle_imports_test.ts checks against std's own module from the SDK's npm build. Unlike
// std, a missing message falls back to the error's name (the client always passes one).

/** std's error statuses, by the name its error classes take (`${name}Error`). */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: "BadRequest",
  401: "Unauthorized",
  402: "PaymentRequired",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  407: "ProxyAuthRequired",
  408: "RequestTimeout",
  409: "Conflict",
  410: "Gone",
  411: "LengthRequired",
  412: "PreconditionFailed",
  413: "RequestEntityTooLarge",
  414: "RequestURITooLong",
  415: "UnsupportedMediaType",
  416: "RequestedRangeNotSatisfiable",
  417: "ExpectationFailed",
  418: "Teapot",
  421: "MisdirectedRequest",
  422: "UnprocessableEntity",
  423: "Locked",
  424: "FailedDependency",
  426: "UpgradeRequired",
  428: "PreconditionRequired",
  429: "TooManyRequests",
  431: "RequestHeaderFieldsTooLarge",
  451: "UnavailableForLegalReasons",
  500: "InternalServerError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
  505: "HTTPVersionNotSupported",
  506: "VariantAlsoNegotiates",
  507: "InsufficientStorage",
  508: "LoopDetected",
  510: "NotExtended",
  511: "NetworkAuthenticationRequired",
};

export type HttpErrorOptions = ErrorOptions & { expose?: boolean; headers?: HeadersInit };

export class HttpError extends Error {
  #expose: boolean;
  #headers: Headers | undefined;

  constructor(message = "Http Error", options?: HttpErrorOptions) {
    super(message, options);
    this.#expose = options?.expose ?? (this.status >= 400 && this.status < 500);
    if (options?.headers) this.#headers = new Headers(options.headers);
  }

  /** Whether a server may show the error's details to its client: client errors by default. */
  get expose(): boolean {
    return this.#expose;
  }

  get headers(): Headers | undefined {
    return this.#headers;
  }

  get status(): number {
    return 500;
  }
}

export function createHttpError(
  status = 500,
  message?: string,
  options?: HttpErrorOptions,
): HttpError {
  const name = ERROR_NAMES[status];
  if (name === undefined) {
    throw new TypeError(`createHttpError: ${status} is not an HTTP error status`);
  }
  const error = new (class extends HttpError {
    override get status(): number {
      return status;
    }
  })(message ?? name, options);
  Object.defineProperty(error, "name", {
    configurable: true,
    enumerable: false,
    value: `${name}Error`,
    writable: true,
  });
  return error;
}
