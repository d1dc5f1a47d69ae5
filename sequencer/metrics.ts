/**
 * A small Prometheus registry (text exposition format 0.0.4): counters with labels, gauges read at
 * scrape time, and histograms. Enough for the sequencer without another dependency.
 */
type Labels = Readonly<Record<string, string>>;

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

export class Counter implements Family {
  readonly type = 'counter';
  readonly #values = new Map<string, number>();

  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  value(labels: Labels = {}): number {
    return this.#values.get(labelText(labels)) ?? 0;
  }

  render(): string[] {
    return [...this.#values].map(([labels, v]) => `${this.name}${labels} ${v}`);
  }
}

export class Gauge implements Family {
  readonly type = 'gauge';

  constructor(readonly name: string, readonly help: string, readonly read: () => number) {}

  render(): string[] {
    return [`${this.name} ${this.read()}`];
  }
}

export class Histogram implements Family {
  readonly type = 'histogram';
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.buckets.forEach((b, i) => {
      if (value <= b) this.#counts[i]! += 1;
    });
    this.#sum += value;
    this.#count += 1;
  }

  render(): string[] {
    return [
      ...this.buckets.map((b, i) => `${this.name}_bucket{le="${b}"} ${this.#counts[i]}`),
      `${this.name}_bucket{le="+Inf"} ${this.#count}`,
      `${this.name}_sum ${this.#sum}`,
      `${this.name}_count ${this.#count}`,
    ];
  }
}

export class Metrics {
  readonly #families: Family[] = [];

  counter(name: string, help: string): Counter {
    return this.#add(new Counter(name, help));
  }

  gauge(name: string, help: string, read: () => number): Gauge {
    return this.#add(new Gauge(name, help, read));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, buckets));
  }

  render(): string {
    return `${this.#families.flatMap((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.render()]).join('\n')}\n`;
  }

  #add<F extends Family>(family: F): F {
    this.#families.push(family);
    return family;
  }
}

/** The sequencer's instruments, created once; gauges are wired by the node that owns the values. */
export function sequencerMetrics(metrics = new Metrics()) {
  return {
    registry: metrics,
    txsAccepted: metrics.counter('modulo_txs_accepted_total', 'L2 txs accepted into the mempool'),
    txsRefused: metrics.counter('modulo_txs_refused_total', 'L2 txs refused at ingest, by error code'),
    txsDropped: metrics.counter('modulo_txs_dropped_total', 'accepted L2 txs dropped at seal, by error code'),
    batchesSealed: metrics.counter('modulo_batches_sealed_total', 'batches sealed, by circuit'),
    sealSeconds: metrics.histogram('modulo_seal_seconds', 'time to build and persist a batch', [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60]),
    proofsAccepted: metrics.counter('modulo_proofs_accepted_total', 'proofs that verified and were stored'),
    proofsRejected: metrics.counter('modulo_proofs_rejected_total', 'proofs refused by off-chain verification'),
    jobsClaimed: metrics.counter('modulo_jobs_claimed_total', 'prover job leases granted'),
    leasesExpired: metrics.counter('modulo_job_leases_expired_total', 'prover job leases that expired back to the queue'),
    l1Sends: metrics.counter('modulo_l1_sends_total', 'L1 transactions broadcast, by kind and attempt type'),
    l1Reorgs: metrics.counter('modulo_l1_reorgs_total', 'L1 reorgs detected by the watcher'),
    httpErrors: metrics.counter('modulo_http_errors_total', 'HTTP error responses, by code'),
  };
}

export type SequencerMetrics = ReturnType<typeof sequencerMetrics>;
