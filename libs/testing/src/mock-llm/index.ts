export { startMockLlm } from './mock-llm.server';
export { llmFaults } from './mock-llm.faults';
export {
  countPromptTokens,
  estimateTokens,
  mockAnswer,
  mockAnswerTokens,
  mockReasoningTokens,
} from './mock-llm.text';
export { collectSse, readSse } from './sse-reader';
export type { SseItem, SseTranscript } from './sse-reader';
export type { MockFinishReason, MockUsage } from './mock-llm.protocol';
export type {
  MockBehaviour,
  MockBehaviourInput,
  MockBehaviourScope,
  MockChatMessage,
  MockChatRequestBody,
  MockContentPart,
  MockFault,
  MockLlm,
  MockLlmOptions,
  MockLlmRequest,
  MockModels,
  MockRequestOutcome,
  OpenAiErrorObject,
} from './mock-llm.types';
