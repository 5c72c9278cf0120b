import { AclOperations, AclPermissionTypes, ResourcePatternTypes, ResourceTypes, type Acl } from '@platformatic/kafka';

/** What an ACL may grant, in the words of `kafka-acls.sh` and the Kafka docs. */
export type AclOperation = 'all' | 'read' | 'write' | 'create' | 'delete' | 'alter' | 'describe' | 'describe-configs' | 'alter-configs' | 'idempotent-write';
export type AclResource = 'topic' | 'group' | 'cluster' | 'transactional-id';

/** One ACL: `principal` may (or may not) do `operation` on the resource(s) named or prefixed by `name`. */
export interface AclBinding {
  /** `User:logagent`: the SCRAM user name, or a certificate's name after the broker's mapping rules. */
  principal: string;
  resource: AclResource;
  /** The topic or group name (or its prefix); `kafka-cluster` for the cluster. */
  name: string;
  pattern: 'literal' | 'prefixed';
  operation: AclOperation;
  /** Allowed from any host unless given. */
  host?: string;
  permission?: 'allow' | 'deny';
}

const OPERATIONS: Record<AclOperation, number> = {
  all: AclOperations.ALL,
  read: AclOperations.READ,
  write: AclOperations.WRITE,
  create: AclOperations.CREATE,
  delete: AclOperations.DELETE,
  alter: AclOperations.ALTER,
  describe: AclOperations.DESCRIBE,
  'describe-configs': AclOperations.DESCRIBE_CONFIGS,
  'alter-configs': AclOperations.ALTER_CONFIGS,
  'idempotent-write': AclOperations.IDEMPOTENT_WRITE,
};
const RESOURCES: Record<AclResource, number> = {
  topic: ResourceTypes.TOPIC,
  group: ResourceTypes.GROUP,
  cluster: ResourceTypes.CLUSTER,
  'transactional-id': ResourceTypes.TRANSACTIONAL_ID,
};

/** The client's numeric form of a binding. */
export function toClientAcl(binding: AclBinding): Acl {
  return {
    principal: binding.principal,
    host: binding.host ?? '*',
    resourceType: RESOURCES[binding.resource] as Acl['resourceType'],
    resourceName: binding.name,
    resourcePatternType: binding.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    operation: OPERATIONS[binding.operation] as Acl['operation'],
    permissionType: binding.permission === 'deny' ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
  };
}

const byValue = <K extends string>(table: Record<K, number>, value: number): K | undefined => (Object.keys(table) as K[]).find((k) => table[k] === value);

/** Back from the client's numbers; undefined for a kind of ACL this module does not name (delegation tokens). */
export function fromClientAcl(acl: Acl): AclBinding | undefined {
  const resource = byValue(RESOURCES, acl.resourceType);
  const operation = byValue(OPERATIONS, acl.operation);
  if (resource === undefined || operation === undefined) return undefined;
  return {
    principal: acl.principal,
    resource,
    name: acl.resourceName,
    pattern: acl.resourcePatternType === ResourcePatternTypes.PREFIXED ? 'prefixed' : 'literal',
    operation,
    host: acl.host,
    permission: acl.permissionType === AclPermissionTypes.DENY ? 'deny' : 'allow',
  };
}
