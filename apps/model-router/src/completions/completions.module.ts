import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { RedactionSession } from '@meridian/clinical';

import { ModelCallsModule } from '../calls/model-calls.module';
import type { LoadedCatalog } from '../catalog/catalog.loader';
import { sessionPhiRedactor } from '../privacy/session-phi-redactor';
import { createProviders } from '../providers/provider-factory';
import { RoutingEngine } from '../routing/routing-engine';
import { CompletionsGrpcController } from './completions.grpc.controller';
import { CompletionsService } from './completions.service';
import { OpenAiHttpController } from './openai-http.controller';

/** Model calls: the routing engine over the catalog, behind gRPC and OpenAI-compatible HTTP. */
@Module({})
export class CompletionsModule {
  static forRoot(loaded: LoadedCatalog): DynamicModule {
    return {
      module: CompletionsModule,
      imports: [ModelCallsModule],
      controllers: [CompletionsGrpcController, OpenAiHttpController],
      providers: [
        {
          provide: RoutingEngine,
          useFactory: () =>
            new RoutingEngine(loaded.catalog, createProviders(loaded), {
              // One session per call: placeholders stay consistent across its messages and attempts.
              redactor: sessionPhiRedactor(() => new RedactionSession()),
            }),
        },
        CompletionsService,
      ],
      exports: [CompletionsService],
    };
  }
}
