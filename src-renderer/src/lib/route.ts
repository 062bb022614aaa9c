// The window's place, kept in the URL hash so reload, back and forward work in both hosts.

export type Route =
  { view: 'library' } | { view: 'models' } | { view: 'settings' } | { view: 'lecture'; id: number; t: number | null };

export function parseRoute(hash: string): Route {
  if (hash === '#/models') return { view: 'models' };
  if (hash === '#/settings') return { view: 'settings' };
  const match = /^#\/lecture\/(\d+)(?:\?t=(\d+(?:\.\d+)?))?$/.exec(hash);
  if (!match) return { view: 'library' };
  return { view: 'lecture', id: Number(match[1]), t: match[2] === undefined ? null : Number(match[2]) };
}

export function routeHash(route: Route): string {
  if (route.view === 'library') return '#/';
  if (route.view === 'models' || route.view === 'settings') return `#/${route.view}`;
  return route.t === null ? `#/lecture/${route.id}` : `#/lecture/${route.id}?t=${Math.round(route.t * 10) / 10}`;
}
