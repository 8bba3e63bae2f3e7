/** A few counters, and the Prometheus text exposition of them and of live gauges. */
export class Metrics {
  readonly httpRequests = new Map<string, number>(); // key: status class
  private readonly httpDurations: number[] = new Array(BUCKETS.length + 1).fill(0);
  private httpDurationSum = 0;
  private httpCount = 0;

  observeHttp(statusCode: number, ms: number): void {
    const key = `${Math.floor(statusCode / 100)}xx`;
    this.httpRequests.set(key, (this.httpRequests.get(key) ?? 0) + 1);
    let i = BUCKETS.findIndex((b) => ms / 1000 <= b);
    if (i < 0) i = BUCKETS.length;
    this.httpDurations[i] = (this.httpDurations[i] ?? 0) + 1;
    this.httpDurationSum += ms / 1000;
    this.httpCount++;
  }

  render(
    gauges: {
      name: string;
      help: string;
      type: 'gauge' | 'counter';
      values: { labels?: Record<string, string>; value: number }[];
    }[],
  ): string {
    const lines: string[] = [];
    lines.push('# HELP callboard_http_requests_total HTTP requests by status class.');
    lines.push('# TYPE callboard_http_requests_total counter');
    for (const [k, v] of this.httpRequests) lines.push(`callboard_http_requests_total{status="${k}"} ${v}`);
    lines.push('# HELP callboard_http_request_duration_seconds HTTP request duration.');
    lines.push('# TYPE callboard_http_request_duration_seconds histogram');
    let cumulative = 0;
    for (const [i, b] of BUCKETS.entries()) {
      cumulative += this.httpDurations[i] ?? 0;
      lines.push(`callboard_http_request_duration_seconds_bucket{le="${b}"} ${cumulative}`);
    }
    lines.push(`callboard_http_request_duration_seconds_bucket{le="+Inf"} ${this.httpCount}`);
    lines.push(`callboard_http_request_duration_seconds_sum ${this.httpDurationSum}`);
    lines.push(`callboard_http_request_duration_seconds_count ${this.httpCount}`);
    for (const g of gauges) {
      lines.push(`# HELP ${g.name} ${g.help}`);
      lines.push(`# TYPE ${g.name} ${g.type}`);
      for (const v of g.values) {
        const labels = v.labels
          ? `{${Object.entries(v.labels)
              .map(([k, val]) => `${k}="${val.replace(/["\\\n]/g, '_')}"`)
              .join(',')}}`
          : '';
        lines.push(`${g.name}${labels} ${v.value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
