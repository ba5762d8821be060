/** One HTTP request and its answer, as the executor sends and collects them (a leaf: both sides import it). */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** "https://nova.example.com:8774" */
  readonly origin: string;
  /** "/v2.1/servers/...", with any query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}
