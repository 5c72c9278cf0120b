import { ConfigError, type ConfigOf, type ConfigProblem } from '@logpipe/config';
import { parseTopicList, type transferSchema } from '@logpipe/schemas';
import { dataStreamProblem, type CompiledRoute, type RouteRules } from '../routes/compile-route.js';
import { compileIniRoutes } from '../routes/ini-routes.js';
import { TopicSelector } from '../source/topic-selector.js';
import { IndexPattern } from '../transform/index-name.js';
import { compileTransform } from '../transform/transform-config.js';
import type { Transform } from '../transform/transform.js';

export type TransferConfig = ConfigOf<typeof transferSchema>;

/** What the values of the config compile to, checked beyond what the schema can say. */
export interface CompiledConfig {
  defaultIndex: IndexPattern;
  topics: TopicSelector;
  transform: Transform;
  iniRoutes: Map<string, CompiledRoute>;
  routeRules: RouteRules;
}

/**
 * Compiles the parts of the config that have a syntax of their own: the index pattern, the
 * topic regexes, `[transform]`, `[routes]`. Runs at startup and for `--check`, never later.
 * @throws ConfigError with every problem, like the schema's own checks.
 */
export function compileConfig(config: TransferConfig, source: string): CompiledConfig {
  const problems: ConfigProblem[] = [];
  const routeRules: RouteRules = { dataStreams: config.elasticsearch.data_streams === 'on' };

  let defaultIndex: IndexPattern | undefined;
  try {
    defaultIndex = new IndexPattern(config.elasticsearch.index);
    const problem = dataStreamProblem(defaultIndex, routeRules);
    if (problem) problems.push({ source, section: 'elasticsearch', key: 'index', value: config.elasticsearch.index, message: problem });
  } catch (err) {
    problems.push({ source, section: 'elasticsearch', key: 'index', value: config.elasticsearch.index, message: (err as Error).message });
  }

  const topicList = parseTopicList(config.kafka.topics);
  for (const { value, message } of topicList.problems) problems.push({ source, section: 'kafka', key: 'topics', value, message });
  const targetTopics = config.kafka.target_topics && config.etcd.enabled;

  let transform: Transform | undefined;
  try {
    transform = compileTransform(config.transform, source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }

  const { routes: iniRoutes, problems: routeProblems } = compileIniRoutes(config.routes, source, routeRules);
  problems.push(...routeProblems);

  if (problems.length > 0 || !defaultIndex || !transform) throw new ConfigError(problems);
  const selector = new TopicSelector(topicList.topics, config.kafka.dlq_suffix, targetTopics ? config.etcd.agents_prefix : undefined);
  return { defaultIndex, topics: selector, transform, iniRoutes, routeRules };
}
