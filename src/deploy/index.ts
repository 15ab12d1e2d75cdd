// The door of the deploy room: the CDK app that puts a project on AWS, and its pure parts.
export { buildDeployApp, copyRoleName, jobWarehouseTarget, LOG_RETENTION, type DeployStacks } from './app.ts'
export { DeployError } from './errors.ts'
export { mapDefinition, RESOURCE_KINDS, type DeployedNames, type MappedDefinition, type IntegrationUse, type ResourceKind } from './map-definition.ts'
export { checkOptions, Naming, STAGE_PATTERN, type DeployOptions } from './names.ts'
export { SUPPORTED_INTEGRATIONS } from './policies.ts'
export { DOCKERFILE, IMAGE_CONTEXT_EXCLUDE, PACKAGE_ROOT } from './runtime.ts'
export { DATABASE, JOB_DB_USER } from './warehouse.ts'
