export * from './cloudevents';
export * from './event-definition';
export * from './topics';
export * from './events/hospital-directory.events';
export * from './events/model-call.events';
export * from './events/booking.events';
export * from './events/payment.events';
export * from './events/settlement.events';
