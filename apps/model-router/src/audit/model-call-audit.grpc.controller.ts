import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import {
  GRPC_SERVICES,
  dateFromTimestamp,
  modelRouterV1,
  timestampFromDate,
} from '@meridian/proto';
import { z } from 'zod';

import { TASKS } from '../catalog/catalog.schema';
import type { DataClass } from '../privacy/data-policy';
import { CALL_OUTCOMES } from './model-call-audit';
import type { AuditReader, AuditedCall, ModelCallFilters } from './model-call-audit';
import { AuditErrorCode, ModelCallAuditService } from './model-call-audit.service';

const { DataClass: ProtoDataClass } = modelRouterV1;

const DATA_CLASSES: Readonly<Record<modelRouterV1.DataClass, DataClass | undefined>> = {
  // Unspecified in a filter: any class.
  [ProtoDataClass.DATA_CLASS_UNSPECIFIED]: undefined,
  [ProtoDataClass.DATA_CLASS_PUBLIC]: 'PUBLIC',
  [ProtoDataClass.DATA_CLASS_DEIDENTIFIED]: 'DEIDENTIFIED',
  [ProtoDataClass.DATA_CLASS_PHI]: 'PHI',
};

const PROTO_DATA_CLASSES: Readonly<Record<string, modelRouterV1.DataClass>> = {
  PUBLIC: ProtoDataClass.DATA_CLASS_PUBLIC,
  DEIDENTIFIED: ProtoDataClass.DATA_CLASS_DEIDENTIFIED,
  PHI: ProtoDataClass.DATA_CLASS_PHI,
};

/** 0 means the default page size; larger ones are capped (the platform's paging convention). */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

const required = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required: every read of the audit is recorded with it')
    .max(max, `must be at most ${max} characters`);
const filter = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const reader = z
  .object(
    { service: required(100), principal: required(200), purpose: required(500) },
    { error: 'is required: every read of the audit is recorded with who reads it and why' },
  )
  .nullable()
  .refine((r) => r !== null, {
    error: 'is required: every read of the audit is recorded with who reads it and why',
  });

const timestamp = z
  .object({ seconds: z.string(), nanos: z.number().int() })
  .nullable()
  .transform((t, ctx) => {
    if (t === null) return undefined;
    try {
      return dateFromTimestamp(t) ?? undefined;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid timestamp' });
      return z.NEVER;
    }
  });

const listRequest = z
  .object({
    reader,
    partnerId: filter(100),
    callerService: filter(100),
    patientId: filter(100),
    task: z.union([z.literal(''), z.enum(TASKS)], {
      error: `must be empty or one of ${TASKS.join(', ')}`,
    }),
    model: filter(64),
    outcome: z.union([z.literal(''), z.enum(CALL_OUTCOMES)], {
      error: `must be empty or one of ${CALL_OUTCOMES.join(', ')}`,
    }),
    dataClass: z.enum(ProtoDataClass, { error: 'must be a data class' }),
    startedFrom: timestamp,
    startedBefore: timestamp,
    pageSize: z.number().int().min(0, 'must not be negative'),
    pageToken: z.string().max(512, 'must be at most 512 characters'),
  })
  .refine(
    (r) =>
      r.startedFrom === undefined ||
      r.startedBefore === undefined ||
      r.startedFrom < r.startedBefore,
    { error: 'must be after startedFrom', path: ['startedBefore'] },
  );

const getRequest = z.object({
  reader,
  callId: z.uuid({ error: 'must be a call id (a UUID)' }),
});

function toReader(input: { service: string; principal: string; purpose: string } | null) {
  // parseInput has refused a null reader.
  const r = input ?? { service: '', principal: '', purpose: '' };
  return { service: r.service, principal: r.principal, purpose: r.purpose } satisfies AuditReader;
}

function toFilters(input: z.infer<typeof listRequest>): ModelCallFilters {
  const dataClass = DATA_CLASSES[input.dataClass];
  return {
    ...(input.partnerId === '' ? {} : { partnerId: input.partnerId }),
    ...(input.callerService === '' ? {} : { callerService: input.callerService }),
    ...(input.patientId === '' ? {} : { patientId: input.patientId }),
    ...(input.task === '' ? {} : { task: input.task }),
    ...(input.model === '' ? {} : { model: input.model }),
    ...(input.outcome === '' ? {} : { outcome: input.outcome }),
    ...(dataClass === undefined ? {} : { dataClass }),
    ...(input.startedFrom === undefined ? {} : { startedFrom: input.startedFrom }),
    ...(input.startedBefore === undefined ? {} : { startedBefore: input.startedBefore }),
  };
}

function toSummary(call: AuditedCall): modelRouterV1.ModelCallSummary {
  return {
    callId: call.id,
    task: call.task,
    dataClass: PROTO_DATA_CLASSES[call.dataClass] ?? ProtoDataClass.DATA_CLASS_UNSPECIFIED,
    caller: {
      service: call.callerService,
      partnerId: call.partnerId,
      patientId: call.patientId,
      subjectId: call.subjectId,
    },
    idempotencyKey: call.idempotencyKey ?? '',
    outcome: call.outcome,
    partial: call.partial,
    model:
      call.model === null
        ? null
        : {
            id: call.model,
            provider: call.provider ?? '',
            upstreamModel: call.upstreamModel ?? '',
            upstreamVersion: call.upstreamVersion ?? '',
          },
    routeReason: call.routeReason,
    redacted: call.redacted,
    usage:
      call.outcome === 'answered'
        ? {
            inputTokens: call.inputTokens,
            outputTokens: call.outputTokens,
            costMicroFen: String(call.costMicroFen),
            reasoningTokens: call.reasoningTokens,
            cachedInputTokens: call.cachedInputTokens,
            estimated: call.usageEstimated,
          }
        : null,
    timeToFirstTokenMs: call.timeToFirstTokenMs ?? 0,
    durationMs: call.durationMs,
    startedAt: timestampFromDate(call.startedAt),
    completedAt: timestampFromDate(call.completedAt),
    attemptCount: call.route.attempts.length,
  };
}

function toDetail(call: AuditedCall): modelRouterV1.ModelCallDetail {
  const reasoning = new Map((call.reasoning ?? []).map((r) => [r.attempt, r.text]));
  return {
    call: toSummary(call),
    candidates: [...call.route.candidates],
    excluded: call.route.excluded.map((e) => ({ model: e.model, reason: e.reason })),
    skipped: call.route.skipped.map((s) => ({ model: s.model, reason: s.reason })),
    attempts: call.route.attempts.map((a, index) => ({
      model: a.model,
      outcome: a.outcome,
      continuation: a.continuation,
      redacted: a.redacted,
      errorKind: a.errorKind ?? '',
      errorCode: a.errorCode ?? '',
      timeToFirstTokenMs: a.timeToFirstTokenMs ?? 0,
      durationMs: a.durationMs,
      reportedInputTokens: a.reportedUsage?.inputTokens ?? 0,
      reportedOutputTokens: a.reportedUsage?.outputTokens ?? 0,
      reasoning: reasoning.get(index) ?? '',
    })),
  };
}

const SERVICE = GRPC_SERVICES.modelCallAudit.name;

/** gRPC face of the model call audit: validates, calls the service, translates. */
@Controller()
export class ModelCallAuditGrpcController implements modelRouterV1.ModelCallAuditController {
  constructor(private readonly audit: ModelCallAuditService) {}

  @GrpcMethod(SERVICE, 'ListModelCalls')
  async listModelCalls(
    request: modelRouterV1.ListModelCallsRequest,
  ): Promise<modelRouterV1.ListModelCallsResponse> {
    const input = parseInput(listRequest, request, AuditErrorCode.invalidRequest);
    const size = input.pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(input.pageSize, MAX_PAGE_SIZE);
    const page = await this.audit.list(
      toReader(input.reader),
      toFilters(input),
      size,
      input.pageToken,
    );
    return { calls: page.items.map(toSummary), nextPageToken: page.nextCursor ?? '' };
  }

  @GrpcMethod(SERVICE, 'GetModelCall')
  async getModelCall(
    request: modelRouterV1.GetModelCallRequest,
  ): Promise<modelRouterV1.ModelCallDetail> {
    const input = parseInput(getRequest, request, AuditErrorCode.invalidRequest);
    return toDetail(await this.audit.get(toReader(input.reader), input.callId));
  }
}
