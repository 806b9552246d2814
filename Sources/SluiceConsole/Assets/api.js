// The operations API as the console uses it: the same routes and the same bearer token as the command line.

const tokenKey = "sluice.token";

/** The token kept for this browser tab (sessionStorage: gone when the tab closes). */
export function token() {
  return sessionStorage.getItem(tokenKey) || "";
}

/** Keeps `value` as the token for this tab; an empty value forgets it. */
export function setToken(value) {
  if (value) sessionStorage.setItem(tokenKey, value);
  else sessionStorage.removeItem(tokenKey);
}

/** An answer the API refused: `status` is the HTTP status, `message` the API's own error text, `body` the JSON. */
export class APIError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
  /** Whether a token (or one with more scope) would help. */
  get needsToken() {
    return this.status === 401 || this.status === 403;
  }
}

/** Sends a request and returns the decoded JSON body; throws `APIError` for any answer but 2xx. */
export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  const init = { method, headers, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new APIError(0, `Sluice did not answer (${error.message})`);
  }
  const text = await response.text();
  let decoded = null;
  if (text) {
    try {
      decoded = JSON.parse(text);
    } catch {
      decoded = null;
    }
  }
  if (!response.ok) {
    // The API's errors are `{"error": {"code": …, "message": …}}`.
    const message = decoded && decoded.error && typeof decoded.error.message === "string" ? decoded.error.message : `HTTP ${response.status}`;
    throw new APIError(response.status, message, decoded);
  }
  return decoded;
}

/** `GET path`. */
export const get = (path) => request("GET", path);

/** Builds `path?key=value…`, leaving out empty values. */
export function withQuery(path, parameters) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
