/** The server's authenticated routes; `/healthz` and `/openapi.json` are answered before auth. */
export type Route =
  | { name: 'decisions' }
  | { name: 'decision'; id: string }
  | { name: 'export' }
  | { name: 'chains' }
  | { name: 'report'; rest: string };

export function matchRoute(path: string): Route | undefined {
  if (path === '/v1/decisions') return { name: 'decisions' };
  if (path === '/v1/export') return { name: 'export' };
  if (path === '/v1/chains') return { name: 'chains' };
  if (path === '/report' || path.startsWith('/report/')) return { name: 'report', rest: path.slice('/report'.length) };
  const one = /^\/v1\/decisions\/([^/]+)$/.exec(path);
  if (one) {
    try {
      return { name: 'decision', id: decodeURIComponent(one[1]!) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
