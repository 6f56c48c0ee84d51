// The browser's client for /api/v1: every call names its contract (lib/contracts), which gives the
// argument types (params, query, body) and the result type, so a change to a response shape fails
// typecheck in the UI. Errors come back as { error: { code, message, details } } and are thrown as ApiError.
import type { z } from "zod";
import type { Contract, ResponseOf } from "@/lib/contracts/define";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fieldErrors: Record<string, string[] | undefined> = {},
    /** The error's details as sent (an import's line and column, a rate limit's retryAfterSeconds…). */
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

/** True when every key of T is optional (then the part may be left out). */
type AllOptional<T> = Record<never, never> extends T ? true : false;

type Part<S, K extends string> = S extends z.ZodType
  ? AllOptional<z.input<S>> extends true
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: never };

export type CallInput<C extends Contract> = Part<C["params"], "params"> & Part<C["query"], "query"> & Part<C["body"], "body">;

/** /api/v1 + the contract's path with its {params} filled in, + the query string. */
export function apiUrl(contract: Contract, input: { params?: unknown; query?: unknown } = {}): string {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = contract.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === "") throw new Error(`${contract.operationId}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const search = query.toString();
  return `/api/v1${path}${search ? `?${search}` : ""}`;
}

export async function callApi<C extends Contract>(
  contract: C,
  ...[input]: AllOptional<CallInput<C>> extends true ? [input?: CallInput<C>] : [input: CallInput<C>]
): Promise<ResponseOf<C>> {
  const given = (input ?? {}) as { params?: unknown; query?: unknown; body?: unknown };
  // A contract with a body schema always gets a JSON body, even an empty object (retract, accept).
  const body = contract.body ? JSON.stringify(given.body ?? {}) : undefined;
  const response = await fetch(apiUrl(contract, given), {
    method: contract.method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body,
    credentials: "same-origin",
  });
  return answerOf<C>(response.status, await response.text());
}

/** An answer's body as the contract's response, or its `{ error }` body thrown as an ApiError. */
function answerOf<C extends Contract>(status: number, text: string): ResponseOf<C> {
  const ok = status >= 200 && status < 300;
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch (error) {
    if (ok) throw error;
    data = undefined; // an error page that is not ours (a proxy's): the status says what happened
  }
  if (!ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: { fieldErrors?: Record<string, string[]> } } } | undefined)?.error;
    throw new ApiError(status, error?.code ?? "ERROR", error?.message ?? `Request failed (${status})`, error?.details?.fieldErrors ?? {}, error?.details);
  }
  return data as ResponseOf<C>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong";
}

/** How far an upload has gone: bytes sent of the total (the total is 0 when the browser cannot tell). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Raised when the connection fails before any answer (offline, server gone): no status to show. */
export class UploadNetworkError extends Error {
  constructor(public readonly sentBytes: number) {
    super("The connection was lost before the server answered");
  }
}

/**
 * A raw-body upload (an import file) checked against its contract's response type. Through
 * XMLHttpRequest, whose upload events report the bytes sent (fetch cannot), so a large file shows
 * its progress: `onUploadProgress` while the body goes out, `onUploaded` once it is all sent and
 * the server is working on it.
 */
export function uploadApi<C extends Contract & { rawBody: object }>(
  contract: C,
  input: Pick<CallInput<C>, "params" | "query">,
  file: Blob | string,
  contentType: string,
  events: { onUploadProgress?: (progress: UploadProgress) => void; onUploaded?: () => void } = {},
): Promise<ResponseOf<C>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    let sent = 0;
    request.open(contract.method, apiUrl(contract, input));
    request.setRequestHeader("content-type", contentType);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      sent = event.loaded;
      events.onUploadProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    };
    request.upload.onload = () => events.onUploaded?.();
    request.onerror = () => reject(new UploadNetworkError(sent));
    request.onabort = () => reject(new UploadNetworkError(sent));
    request.onload = () => {
      try {
        resolve(answerOf<C>(request.status, request.responseText));
      } catch (error) {
        reject(error);
      }
    };
    request.send(file);
  });
}
