// The window's place, kept in the URL hash so reload, back and forward work in both hosts.

export type Route = { view: 'library' } | { view: 'lecture'; id: number; t: number | null };

export function parseRoute(hash: string): Route {
  const match = /^#\/lecture\/(\d+)(?:\?t=(\d+(?:\.\d+)?))?$/.exec(hash);
  if (!match) return { view: 'library' };
  return { view: 'lecture', id: Number(match[1]), t: match[2] === undefined ? null : Number(match[2]) };
}

export function routeHash(route: Route): string {
  if (route.view === 'library') return '#/';
  return route.t === null ? `#/lecture/${route.id}` : `#/lecture/${route.id}?t=${Math.round(route.t * 10) / 10}`;
}
