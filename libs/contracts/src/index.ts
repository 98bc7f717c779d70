export * from './cloudevents';
export * from './event-definition';
export * from './topics';
export * from './events/hospital-directory.events';
export * from './events/model-call.events';
