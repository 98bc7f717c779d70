import type { ServiceError } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, commonV1, grpcServiceName, modelRouterV1 } from '@meridian/proto';

import type { EvalModelAnswer, EvalModelCall, EvalModelClient } from './evaluation-runner';

const { ChatRole, DataClass, ResponseFormat } = modelRouterV1;

const ROLES = {
  system: ChatRole.CHAT_ROLE_SYSTEM,
  user: ChatRole.CHAT_ROLE_USER,
  assistant: ChatRole.CHAT_ROLE_ASSISTANT,
} as const;

export const EVAL_DATA_CLASSES = {
  public: DataClass.DATA_CLASS_PUBLIC,
  deidentified: DataClass.DATA_CLASS_DEIDENTIFIED,
  phi: DataClass.DATA_CLASS_PHI,
} as const;
export type EvalDataClass = keyof typeof EVAL_DATA_CLASSES;

export interface RouterEvalClientOptions {
  /** `host:port` of the router's gRPC server. */
  readonly target: string;
  readonly deadlineMs: number;
  readonly dataClass: EvalDataClass;
  /** Recorded by the router as the calling service (audit, budgets). */
  readonly service: string;
  readonly partnerId: string;
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/** A router error as one line: status, stable reason and message. */
export function describeRouterError(error: unknown): string {
  if (!isServiceError(error)) return error instanceof Error ? error.message : String(error);
  const details = decodeStatusDetails(error.metadata);
  const name: string = GrpcStatus[error.code];
  const reason = details.reason === undefined ? '' : ` ${details.reason}`;
  const violations = details.violations.map((v) => `${v.field} ${v.description}`).join('; ');
  return `${name}${reason}: ${error.details}${violations === '' ? '' : ` (${violations})`}`;
}

/** The router's gRPC `ModelRouter`, as the evaluation harness uses it. */
export class RouterEvalClient implements EvalModelClient {
  private readonly grpc: GrpcClient<modelRouterV1.ModelRouterClient>;

  constructor(private readonly options: RouterEvalClientOptions) {
    this.grpc = createGrpcClient<modelRouterV1.ModelRouterClient>({
      target: options.target,
      protoFiles: PROTO_FILES.modelRouter,
      service: grpcServiceName('modelRouter'),
      deadlineMs: options.deadlineMs,
    });
  }

  /** Model ids serving a task; rejects when the router cannot be reached. */
  async modelsFor(task: string): Promise<string[]> {
    try {
      const response = await this.grpc.call.listModels(
        { task, pageSize: 100, pageToken: '' },
        { deadlineMs: Math.min(this.options.deadlineMs, 10_000) },
      );
      return response.models.map((m) => m.id);
    } catch (error) {
      throw new Error(describeRouterError(error));
    }
  }

  async complete(call: EvalModelCall): Promise<EvalModelAnswer> {
    let response: modelRouterV1.CompleteResponse;
    try {
      response = await this.grpc.call.complete({
        idempotencyKey: call.idempotencyKey,
        task: call.task,
        messages: call.messages.map((m) => ({ role: ROLES[m.role], content: m.content })),
        dataClass: EVAL_DATA_CLASSES[this.options.dataClass],
        maxOutputTokens: 0,
        responseFormat: call.json
          ? ResponseFormat.RESPONSE_FORMAT_JSON
          : ResponseFormat.RESPONSE_FORMAT_UNSPECIFIED,
        locale: commonV1.Locale.LOCALE_UNSPECIFIED,
        context: {
          service: this.options.service,
          partnerId: this.options.partnerId,
          patientId: '',
          subjectId: call.subjectId,
        },
        model: call.model ?? '',
      });
    } catch (error) {
      throw new Error(describeRouterError(error));
    }
    return {
      content: response.content,
      model: response.route?.model ?? '',
      callId: response.callId,
      inputTokens: response.usage?.inputTokens ?? 0,
      outputTokens: response.usage?.outputTokens ?? 0,
      costMicroFen: BigInt(response.usage?.costMicroFen ?? '0'),
    };
  }

  close(): void {
    this.grpc.close();
  }
}
