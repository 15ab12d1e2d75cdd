// The door of the States Language data half: pure functions the engine compiles definitions with.
export { StatesError, scopedCause, runtimeError, queryEvaluationError } from './errors.ts'
export { childVariables, rootVariables, hasVariable, readVariable, flattenVariables } from './context.ts'
export type { EvalContext, Variables } from './context.ts'

export { compilePath, evaluatePath, selectPath, pathSyntaxProblem, pathInfo } from './jsonpath/path.ts'
export type { CompiledPath, PathInfo } from './jsonpath/path.ts'

export { compilePayloadTemplate, evaluatePayloadTemplate } from './payload.ts'
export type { CompiledTemplate } from './payload.ts'
export { applyResultPath } from './result-path.ts'

export { compileIntrinsic, evaluateIntrinsic, intrinsicFunctions, intrinsicProblem } from './intrinsics/evaluate.ts'
export { isIntrinsic } from './intrinsics/parse.ts'
export { evaluatePathOrIntrinsic } from './path-or-intrinsic.ts'

export {
  evaluateJsonata,
  evaluateJsonataRaw,
  evaluateJsonataTemplate,
  expectJsonataType,
  hasJsonataTemplate,
  isJsonataTemplate,
  jsonataSyntaxProblem,
  jsonataTemplateExpression,
  jsonType,
} from './jsonata/evaluate.ts'
export type { JsonataBindings, StatesBinding, JsonType } from './jsonata/evaluate.ts'

export { compileChoiceRule, compileChoices } from './choice/rule.ts'
export type { ChoicePredicate, QueryLanguage } from './choice/rule.ts'
export { comparators, typeTests, CHOICE_OPERATORS } from './choice/comparators.ts'
export { parseTimestamp, timestampMillis } from './choice/timestamp.ts'

export { evaluateAssign, evaluateAssignJsonPath, applyAssignment } from './assign.ts'
export { checkPayloadSize, exceedsPayloadLimit, payloadBytes, PAYLOAD_LIMIT_BYTES } from './size.ts'

export { validateDefinition } from './validate/definition.ts'
export type { Problem } from './validate/definition.ts'
