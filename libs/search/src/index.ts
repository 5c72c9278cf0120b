export { AnyFlavourTransport, createSearchClient } from './search-client.js';
export {
  SEARCH_FLAVOURS,
  SUPPORTED_SERVERS,
  TESTED_MAJORS,
  UnsupportedServerError,
  describeServer,
  detectSearchServer,
  untestedMajor,
  type FlavourSetting,
  type SearchFlavour,
  type SearchServer,
} from './search-server.js';
export { ensureComponentTemplate, templateFor } from './opensearch-template.js';
export {
  INI_SETTING_NAMES,
  SearchAccessError,
  apiKeyId,
  describeAccessFailure,
  describeIdentity,
  type AccessContext,
  type AccessFailure,
  type SearchCredentials,
  type SettingNames,
} from './access-failure.js';
