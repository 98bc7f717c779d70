export * from './infra';
export * from './migrations';
export * from './schema-drift';
export * from './mock-llm';
