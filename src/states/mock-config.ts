// Step Functions Local's MockConfigFile: test cases map Task states to mocked responses, each
// response a list of attempts ("0", "1-2", …) that Return a result or Throw an error.

export type MockedAnswer = { Return: unknown } | { Throw: { Error?: string; Cause?: string } }
export type MockResolver = (stateName: string, call: number) => MockedAnswer | undefined

export interface MockConfigFile {
  StateMachines?: Record<string, { TestCases?: Record<string, Record<string, string>> }>
  MockedResponses?: Record<string, Record<string, MockedAnswer>>
}

/** A problem in a mock config, with where it is (`MockedResponses.Fail.0`). */
export class MockConfigError extends Error {
  readonly code = 'InvalidMockConfig'
  constructor(readonly location: string, message: string) {
    super(`${location}: ${message}`)
    this.name = 'MockConfigError'
  }
}

/**
 * The resolver for one state machine's test case (`stateMachineArn#TestCase` in Step Functions
 * Local). A Task state the test case does not name is not mocked (undefined).
 */
export function mockResolver(config: MockConfigFile, stateMachine: string, testCase: string): MockResolver {
  const cases = config.StateMachines?.[stateMachine]?.TestCases
  if (!cases) throw new MockConfigError(`StateMachines.${stateMachine}`, `no test cases for the state machine ${stateMachine}`)
  const mapping = cases[testCase]
  if (!mapping) throw new MockConfigError(`StateMachines.${stateMachine}.TestCases`, `no test case named ${testCase}`)
  const responses = new Map<string, Array<{ from: number; to: number; answer: MockedAnswer }>>()
  for (const [state, mockName] of Object.entries(mapping)) {
    const table = config.MockedResponses?.[mockName]
    if (!table) throw new MockConfigError(`StateMachines.${stateMachine}.TestCases.${testCase}.${state}`, `the mocked response ${mockName} does not exist`)
    responses.set(state, parseRanges(`MockedResponses.${mockName}`, table))
  }
  return (stateName, call) => {
    const ranges = responses.get(stateName)
    if (!ranges) return undefined
    const hit = ranges.find((r) => call >= r.from && call <= r.to)
    // past the last listed attempt Step Functions Local repeats the last answer
    return hit ? hit.answer : ranges[ranges.length - 1]?.answer
  }
}

function parseRanges(at: string, table: Record<string, MockedAnswer>) {
  const out: Array<{ from: number; to: number; answer: MockedAnswer }> = []
  for (const [key, answer] of Object.entries(table)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(key)
    if (!m) throw new MockConfigError(`${at}.${key}`, `an attempt key must be a number or a range like "1-2", found ${JSON.stringify(key)}`)
    if (typeof answer !== 'object' || answer === null || (!('Return' in answer) && !('Throw' in answer))) {
      throw new MockConfigError(`${at}.${key}`, 'a mocked response needs Return or Throw')
    }
    out.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]), answer })
  }
  return out.sort((a, b) => a.from - b.from)
}
