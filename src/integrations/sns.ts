import type { Notify, PublishRequest } from '../notify/index.ts'
import { SnsError } from '../notify/index.ts'
import { TaskError, sdkCause, sdkMetadata } from './errors.ts'
import type { TaskInvocation } from './types.ts'

const EXCEPTION: Record<SnsError['code'], string> = { NotFound: 'NotFoundException', InvalidParameter: 'InvalidParameterException', AuthorizationError: 'AuthorizationErrorException' }

/** `arn:aws:states:::sns:publish` (and `.waitForTaskToken`): a JSON object Message is serialized, as Step Functions does. */
export function snsPublish(notify: Notify) {
  return async (task: TaskInvocation): Promise<unknown> => {
    const p = (task.parameters ?? {}) as PublishRequest
    const req: PublishRequest = { ...p, Message: typeof p.Message === 'string' ? p.Message : JSON.stringify(p.Message) }
    try {
      const { MessageId } = notify.publish(req)
      return { MessageId, ...sdkMetadata('text/xml') }
    } catch (e) {
      if (e instanceof SnsError) throw new TaskError(`SNS.${EXCEPTION[e.code]}`, sdkCause(e.message, 'AmazonSNS', e.status, e.code))
      throw e
    }
  }
}
