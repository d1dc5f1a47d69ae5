/** The API's routes as fastify declares them; clients fill the `:params` in with pathTo. */
export const PATHS = {
  txs: '/v1/txs',
  tx: '/v1/txs/:hash',
  accounts: '/v1/accounts',
  account: '/v1/accounts/:idx',
  batch: '/v1/batches/:n',
  state: '/v1/state',
  health: '/health',
  metrics: '/metrics',
  claim: '/v1/jobs/claim',
  heartbeat: '/v1/jobs/:id/heartbeat',
  proof: '/v1/jobs/:id/proof',
  fail: '/v1/jobs/:id/fail',
  artifact: '/v1/circuits/:name/:kind',
} as const;

type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamsOf<Rest> : P extends `${string}:${infer Name}` ? Name : never;

/** A route's path with its parameters filled in, each URI-encoded. */
export function pathTo<P extends string>(route: P, params: Record<ParamsOf<P>, string | number | bigint>): string {
  const values = params as Record<string, string | number | bigint>;
  return route.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(String(values[name])));
}
