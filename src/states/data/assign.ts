// Assign: a state's new variable values. Every expression reads the variables as they were before
// the state (AWS evaluates all of Assign first, then assigns); the engine applies the result after
// Output/OutputPath, to the innermost scope only.
import type { EvalContext } from './context.ts'
import { evaluateJsonataTemplate, type JsonataBindings } from './jsonata/evaluate.ts'
import { compilePayloadTemplate } from './payload.ts'
import type { QueryLanguage } from './choice/rule.ts'

/**
 * JSONPath: `value` is what `$` means in Assign (the state's result for Task/Map/Parallel and Pass,
 * its input for Choice and Wait); JSONata: `bindings.states` carries input/result/errorOutput.
 */
export async function evaluateAssign(
  assign: unknown,
  value: unknown,
  ctx: EvalContext,
  queryLanguage: QueryLanguage,
  bindings?: JsonataBindings,
): Promise<Record<string, unknown>> {
  if (typeof assign !== 'object' || assign === null || Array.isArray(assign)) return {}
  if (queryLanguage === 'JSONata') {
    const b = bindings ?? { states: { input: value, context: ctx.context }, variables: ctx.variables }
    return (await evaluateJsonataTemplate(assign, b, 'Assign')) as Record<string, unknown>
  }
  return evaluateAssignJsonPath(assign, value, ctx)
}

/** The synchronous JSONPath form (payload-template rules: `name.$` keys take paths or intrinsics). */
export function evaluateAssignJsonPath(assign: object, value: unknown, ctx: EvalContext): Record<string, unknown> {
  return compilePayloadTemplate(assign)(value, ctx) as Record<string, unknown>
}

/** Applies assigned values to the innermost scope. */
export function applyAssignment(ctx: EvalContext, assigned: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(assigned)) ctx.variables[name] = v
}
