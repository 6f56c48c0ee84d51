// The browser talks to the same /api/v1 the scripts use; errors come back as
// { error: { code, message, details } } and are thrown as ApiError.

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fieldErrors: Record<string, string[] | undefined> = {},
  ) {
    super(message);
  }
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: { fieldErrors?: Record<string, string[]> } } }).error;
    throw new ApiError(response.status, error?.code ?? "ERROR", error?.message ?? `Request failed (${response.status})`, error?.details?.fieldErrors ?? {});
  }
  return data as T;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong";
}
