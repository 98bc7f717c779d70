export * from './departments/departments';
