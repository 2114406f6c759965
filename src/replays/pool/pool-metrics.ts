import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The pool's figures, registered on the registry the caller gives. */
export interface PoolMetrics {
  workers: Gauge;
  busyWorkers: Gauge;
  queueLength: Gauge;
  parseSeconds: Histogram;
  failures: Counter<'code'>;
}

// Parse latency buckets in seconds: a 1v1 summary should land in the first three, a 4v4 with
// statistics in the middle, and the top ones catch files that run into the deadline.
const parseBucketsSeconds = [
  0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Creates and registers the pool metrics on `registry`. */
export function createPoolMetrics(registry: Registry): PoolMetrics {
  const registers = [registry];
  return {
    workers: new Gauge({
      name: 'ladder_replay_pool_workers',
      help: 'Worker threads in the replay parsing pool',
      registers,
    }),
    busyWorkers: new Gauge({
      name: 'ladder_replay_pool_busy_workers',
      help: 'Replay parsing workers running a job',
      registers,
    }),
    queueLength: new Gauge({
      name: 'ladder_replay_pool_queue_length',
      help: 'Replay parse jobs waiting for a worker',
      registers,
    }),
    parseSeconds: new Histogram({
      name: 'ladder_replay_parse_seconds',
      help: 'Time from handing a replay to a worker to its answer',
      buckets: parseBucketsSeconds,
      registers,
    }),
    failures: new Counter({
      name: 'ladder_replay_parse_failures_total',
      help: 'Replay parses that failed, by reason code',
      labelNames: ['code'],
      registers,
    }),
  };
}
