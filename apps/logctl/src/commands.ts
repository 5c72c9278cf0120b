import type { CommandSpec } from './cli/command.js';
import { agentsCommand } from './agents/agents-command.js';
import { checkCommand } from './check/check-command.js';
import { queryCommand } from './query/query-command.js';
import { routesLs, routesRm, routesSet } from './routes/routes-commands.js';
import { statusCommand } from './status/status-command.js';
import { targetsAdd } from './targets/targets-add.js';
import { targetsEdit } from './targets/targets-edit.js';
import { targetsLs } from './targets/targets-ls.js';
import { targetsRm } from './targets/targets-rm.js';
import { targetsShow } from './targets/targets-show.js';

/** Every command, in the order `logctl --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  targetsLs,
  targetsAdd,
  targetsRm,
  targetsShow,
  targetsEdit,
  agentsCommand,
  statusCommand,
  queryCommand,
  routesLs,
  routesSet,
  routesRm,
  checkCommand,
];
