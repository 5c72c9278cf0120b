import { hasDate, parseRouteIni, parseRouteJson, type RouteResult, type RouteSpec } from '@logpipe/schemas';
import { IndexPattern } from '../transform/index-name.js';

/** A route, checked and ready: its index pattern parsed, its format known to have a parser. */
export interface CompiledRoute {
  index?: IndexPattern;
  format?: string;
}

export interface RouteRules {
  /** `[elasticsearch] data_streams = on`: an index names a data stream and must not hold a date. */
  dataStreams: boolean;
}

export type CompileResult = { ok: true; route: CompiledRoute } | { ok: false; errors: string[] };

/** An etcd value, `{"index":"…","format":"…"}`. */
export function compileRouteJson(text: string, rules: RouteRules): CompileResult {
  return compile(parseRouteJson(text), rules);
}

/** An INI value, `index=…, format=…`. */
export function compileRouteIni(text: string, rules: RouteRules): CompileResult {
  return compile(parseRouteIni(text), rules);
}

function compile(result: RouteResult, rules: RouteRules): CompileResult {
  if (!result.ok) return result;
  const spec: RouteSpec = result.route;
  const route: CompiledRoute = {};
  if (spec.index !== undefined) {
    // parseRoute* already checked the syntax, so this does not throw.
    route.index = new IndexPattern(spec.index);
    const problem = dataStreamProblem(route.index, rules);
    if (problem) return { ok: false, errors: [`"index": ${problem}`] };
  }
  if (spec.format !== undefined) route.format = spec.format;
  return { ok: true, route };
}

/** Why a pattern cannot name a data stream, or undefined when it can (or data streams are off). */
export function dataStreamProblem(pattern: IndexPattern, rules: RouteRules): string | undefined {
  if (!rules.dataStreams || !hasDate(pattern.parts)) return undefined;
  return `index pattern ${JSON.stringify(pattern.pattern)} has a date, but with data_streams = on it names a data stream, which rolls over by itself; leave the date out, e.g. logs-{topic}-default`;
}
