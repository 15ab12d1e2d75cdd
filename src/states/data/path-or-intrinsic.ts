// Fields that take either a path or an intrinsic call (Fail ErrorPath/CausePath, `.$` values).
import type { EvalContext } from './context.ts'
import { runtimeError } from './errors.ts'
import { compileIntrinsic, IntrinsicPathNotFound } from './intrinsics/evaluate.ts'
import { isIntrinsic } from './intrinsics/parse.ts'
import { compilePath } from './jsonpath/path.ts'

export function evaluatePathOrIntrinsic(expr: string, input: unknown, ctx?: EvalContext): unknown {
  if (!isIntrinsic(expr)) return compilePath(expr)(input, ctx)
  try {
    return compileIntrinsic(expr)(input, ctx)
  } catch (e) {
    if (e instanceof IntrinsicPathNotFound) throw runtimeError(`Invalid path '${e.path}' : ${e.detail}`)
    throw e
  }
}
