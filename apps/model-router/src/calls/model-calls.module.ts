import { Module } from '@nestjs/common';

import { CALL_RECORDER } from '../completions/call-recorder';
import { ModelCallRecorder } from './model-call-recorder';
import { ModelCallsRepository } from './model-calls.repository';

/** The account of model calls: audit rows and `model call completed` events. */
@Module({
  providers: [ModelCallsRepository, { provide: CALL_RECORDER, useClass: ModelCallRecorder }],
  exports: [CALL_RECORDER],
})
export class ModelCallsModule {}
