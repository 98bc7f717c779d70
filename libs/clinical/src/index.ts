export * from './departments/departments';
export * from './phi/index';
export * from './labs/index';
export * from './triage/index';
export * from './guards/index';
