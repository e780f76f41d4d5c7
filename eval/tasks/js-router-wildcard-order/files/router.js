// A minimal router: routes are tried in the order they were added; the first match wins.
export function createRouter() {
  const routes = [];
  return {
    add(method, pattern, handler) {
      routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    },
    match(method, path) {
      const segments = path.split('?')[0].split('/').filter(Boolean);
      for (const route of routes) {
        if (route.method !== method) continue;
        const params = matchParts(route.parts, segments);
        if (params) return { handler: route.handler, params };
      }
      return null;
    },
  };
}

function matchParts(parts, segments) {
  const params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '*') return params; // the rest of the path, whatever it is
    if (i >= segments.length) return null;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segments[i]);
    else if (part !== segments[i]) return null;
  }
  return parts.length === segments.length ? params : null;
}
