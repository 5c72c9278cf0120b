import type { ConfigProblem } from '@logpipe/config';
import { compileRouteIni, type CompiledRoute, type RouteRules } from './compile-route.js';

/**
 * `[routes]`: one key per topic, `nginx_log = index=logs-nginx-{yyyy.MM.dd}, format=nginx`.
 * Checked at startup (and by `--check`): a bad route is a config error, every one reported.
 */
export function compileIniRoutes(
  section: Readonly<Record<string, string>> | undefined,
  source: string,
  rules: RouteRules,
): { routes: Map<string, CompiledRoute>; problems: ConfigProblem[] } {
  const routes = new Map<string, CompiledRoute>();
  const problems: ConfigProblem[] = [];
  for (const [topic, value] of Object.entries(section ?? {})) {
    const result = compileRouteIni(value, rules);
    if (result.ok) routes.set(topic, result.route);
    else for (const message of result.errors) problems.push({ source, section: 'routes', key: topic, value, message });
  }
  return { routes, problems };
}
