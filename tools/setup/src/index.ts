/**
 * @logpipe/setup: what the Docker Compose stack runs besides the two apps. `setup` (main.ts)
 * prepares the servers once per `docker compose up`; `demo-logs` writes realistic log files for
 * the agent to follow, so the dashboards have data at once.
 */
export { setupSchema } from './config/schema.js';
export { runSetup, type SetupConfig } from './run-setup.js';
export { formatResults, type StepResult } from './steps/step-result.js';
export { transferTemplateRequest } from './steps/index-template.js';
export { readSavedObjects, type SavedObjectsFile } from './steps/kibana-saved-objects.js';
export { DemoLines, type DemoLine } from './demo-logs/demo-lines.js';
export { DemoLogWriter, type DemoLogWriterOptions } from './demo-logs/demo-log-writer.js';
