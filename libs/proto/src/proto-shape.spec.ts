import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  GRPC_SERVICES,
  PROTO_FILES,
  PROTO_LOADER_OPTIONS,
  PROTO_ROOT,
  commonV1,
  grpcLoadOptions,
  grpcServiceName,
  hospitalV1,
  modelRouterV1,
  type LoadedAny,
} from './index';
import type { googleRpc } from './index';

// The contracts as every Meridian process loads them.
const allFiles = [...new Set(Object.values(PROTO_FILES).flat())];
const definition = protoLoader.loadSync(allFiles, PROTO_LOADER_OPTIONS);

// proto-loader cannot know the TypeScript types; the generated interfaces supply them, and
// tools/proto/verify-shapes.js proves them for every message.
function messageType<T extends object>(
  fullName: string,
): { serialize: (value: T) => Buffer; deserialize: (bytes: Buffer) => T } {
  // Index signatures hide that a name may be missing.
  const type = definition[fullName];
  if (type?.format !== 'Protocol Buffer 3 DescriptorProto') {
    throw new Error(`${fullName} is not a message type`);
  }
  return {
    serialize: (value) => type.serialize(value),
    deserialize: (bytes) => type.deserialize(bytes) as T,
  };
}

function serviceDefinition(fullName: string): grpc.ServiceDefinition {
  return definition[fullName] as grpc.ServiceDefinition;
}

const hospital: hospitalV1.Hospital = {
  id: '01936f4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f',
  code: 'ZJ-SRRSH',
  name: '浙江大学医学院附属邵逸夫医院',
  nameEn: 'Sir Run Run Shaw Hospital',
  regionCode: '330104',
  city: '杭州市',
  level: hospitalV1.HospitalLevel.HOSPITAL_LEVEL_TERTIARY_A,
  address: '庆春东路3号',
  latitude: 30.2595,
  longitude: 120.1936,
  departments: [
    {
      code: 'cardiology',
      localName: '心血管内科',
      nameZh: '心血管内科',
      nameEn: 'Cardiology',
      mapping: hospitalV1.DepartmentMapping.DEPARTMENT_MAPPING_DECLARED,
    },
  ],
  unmappedDepartmentNames: ['疑难病会诊中心'],
  createdAt: { seconds: '1735689600', nanos: 0 },
  updatedAt: null,
  // Above 2^53: survives only because int64 travels as a decimal string.
  version: '9007199254740993',
};

describe('proto contracts at run time', () => {
  const server = new grpc.Server();
  let client: grpc.Client;
  let directoryClient: grpc.Client;

  beforeAll(async () => {
    server.addService(serviceDefinition(grpcServiceName('hospitalDirectory')), {
      getHospital: (
        call: grpc.ServerUnaryCall<hospitalV1.GetHospitalRequest, hospitalV1.Hospital>,
        callback: grpc.sendUnaryData<hospitalV1.Hospital>,
      ) => {
        callback(null, { ...hospital, id: call.request.hospitalId });
      },
    });
    server.addService(serviceDefinition(grpcServiceName('modelRouter')), {
      streamComplete: (
        call: grpc.ServerWritableStream<
          modelRouterV1.StreamCompleteRequest,
          modelRouterV1.StreamCompleteResponse
        >,
      ) => {
        call.write({ delta: { text: call.request.task } });
        call.write({
          usage: {
            inputTokens: 12,
            outputTokens: 3,
            costMicroFen: '250',
            reasoningTokens: 0,
            cachedInputTokens: 0,
            estimated: false,
          },
        });
        call.write({
          final: {
            callId: 'call-1',
            finishReason: modelRouterV1.FinishReason.FINISH_REASON_STOP,
            route: null,
          },
        });
        call.end();
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) {
          reject(error);
        } else {
          resolve(bound);
        }
      });
    });
    const Directory = grpc.makeGenericClientConstructor(
      serviceDefinition(grpcServiceName('hospitalDirectory')),
      'HospitalDirectory',
    );
    const Router = grpc.makeGenericClientConstructor(
      serviceDefinition(grpcServiceName('modelRouter')),
      'ModelRouter',
    );
    directoryClient = new Directory(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    client = new Router(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  afterAll(() => {
    directoryClient.close();
    client.close();
    server.forceShutdown();
  });

  it('finds the proto root and every service, with google/protobuf/timestamp.proto resolved', () => {
    expect(fs.existsSync(path.join(PROTO_ROOT, 'meridian/hospital/v1/directory.proto'))).toBe(true);
    for (const key of Object.keys(GRPC_SERVICES) as (keyof typeof GRPC_SERVICES)[]) {
      expect(definition[grpcServiceName(key)]).toBeDefined();
    }
    expect(definition['google.protobuf.Timestamp']).toMatchObject({
      format: 'Protocol Buffer 3 DescriptorProto',
    });
  });

  it('loads a single service without warnings about unresolved imports', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const options = grpcLoadOptions('hospitalDirectory', 'appointments');
      const loaded = protoLoader.loadSync(options.protoPath, options.loader);
      expect(options.package).toEqual(['meridian.hospital.v1']);
      expect(loaded['meridian.hospital.v1.Appointments']).toBeDefined();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('decodes an empty Hospital into exactly the defaults the interface declares', () => {
    const expected: hospitalV1.Hospital = {
      id: '',
      code: '',
      name: '',
      nameEn: '',
      regionCode: '',
      city: '',
      level: hospitalV1.HospitalLevel.HOSPITAL_LEVEL_UNSPECIFIED,
      address: '',
      latitude: 0,
      longitude: 0,
      departments: [],
      createdAt: null,
      updatedAt: null,
      version: '0',
      unmappedDepartmentNames: [],
    };
    const decoded = messageType<hospitalV1.Hospital>('meridian.hospital.v1.Hospital').deserialize(
      Buffer.alloc(0),
    );
    expect(decoded).toStrictEqual(expected);
  });

  it('round-trips a Hospital over gRPC with camelCase fields, string enums and string int64', async () => {
    const request: hospitalV1.GetHospitalRequest = { hospitalId: 'h-42' };
    const response = await new Promise<hospitalV1.Hospital>((resolve, reject) => {
      directoryClient.makeUnaryRequest(
        `/${grpcServiceName('hospitalDirectory')}/GetHospital`,
        (value: hospitalV1.GetHospitalRequest) =>
          messageType<hospitalV1.GetHospitalRequest>(
            'meridian.hospital.v1.GetHospitalRequest',
          ).serialize(value),
        (bytes: Buffer) =>
          messageType<hospitalV1.Hospital>('meridian.hospital.v1.Hospital').deserialize(bytes),
        request,
        (error, value) => {
          if (error || !value) {
            reject(error ?? new Error('empty response'));
          } else {
            resolve(value);
          }
        },
      );
    });
    expect(response).toStrictEqual({ ...hospital, id: 'h-42' });
  });

  it('streams oneof chunks with only the set member and the virtual oneof key', async () => {
    const request: modelRouterV1.StreamCompleteRequest = {
      idempotencyKey: 'k-1',
      task: 'consult',
      messages: [{ role: modelRouterV1.ChatRole.CHAT_ROLE_USER, content: '头痛' }],
      dataClass: modelRouterV1.DataClass.DATA_CLASS_DEIDENTIFIED,
      maxOutputTokens: 0,
      responseFormat: modelRouterV1.ResponseFormat.RESPONSE_FORMAT_UNSPECIFIED,
      locale: commonV1.Locale.LOCALE_ZH_CN,
      context: null,
      model: '',
    };
    type Chunk = modelRouterV1.StreamCompleteResponse & { chunk?: string };
    const stream = client.makeServerStreamRequest(
      `/${grpcServiceName('modelRouter')}/StreamComplete`,
      (value: modelRouterV1.StreamCompleteRequest) =>
        messageType<modelRouterV1.StreamCompleteRequest>(
          'meridian.modelrouter.v1.StreamCompleteRequest',
        ).serialize(value),
      (bytes: Buffer) =>
        messageType<Chunk>('meridian.modelrouter.v1.StreamCompleteResponse').deserialize(bytes),
      request,
    );
    const chunks: Chunk[] = [];
    for await (const chunk of stream as AsyncIterable<Chunk>) {
      chunks.push(chunk);
    }
    expect(chunks).toStrictEqual([
      { chunk: 'delta', delta: { text: 'consult' } },
      {
        chunk: 'usage',
        usage: {
          inputTokens: 12,
          outputTokens: 3,
          costMicroFen: '250',
          reasoningTokens: 0,
          cachedInputTokens: 0,
          estimated: false,
        },
      },
      {
        chunk: 'final',
        final: { callId: 'call-1', finishReason: 'FINISH_REASON_STOP', route: null },
      },
    ]);
  });

  it('packs google.rpc error details as Any with a snake_case type_url (LoadedAny)', () => {
    const errorInfo: googleRpc.ErrorInfo = {
      reason: 'APPOINTMENT.SLOT_TAKEN',
      domain: 'hospital-integration.meridian',
      metadata: { slotId: 's-1' },
    };
    const detail: LoadedAny = {
      type_url: 'type.googleapis.com/google.rpc.ErrorInfo',
      value: messageType<googleRpc.ErrorInfo>('google.rpc.ErrorInfo').serialize(errorInfo),
    };
    type LoadedStatus = Omit<googleRpc.Status, 'details'> & { details: LoadedAny[] };
    const statusType = messageType<LoadedStatus>('google.rpc.Status');
    const status = statusType.deserialize(
      statusType.serialize({
        code: grpc.status.FAILED_PRECONDITION,
        message: 'taken',
        details: [detail],
      }),
    );
    expect(status.details).toHaveLength(1);
    const [packed] = status.details as [LoadedAny];
    expect(packed.type_url).toBe('type.googleapis.com/google.rpc.ErrorInfo');
    expect(
      messageType<googleRpc.ErrorInfo>('google.rpc.ErrorInfo').deserialize(packed.value),
    ).toStrictEqual(errorInfo);
  });
});
