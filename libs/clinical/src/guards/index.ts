export * from './answer-guards';
export * from './guard-cases';
