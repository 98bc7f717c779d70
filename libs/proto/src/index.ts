import * as path from 'node:path';
import type { Options as ProtoLoaderOptions } from '@grpc/proto-loader';

// Generated contracts, one namespace per proto package. Within a namespace, ts-proto's names:
// message interfaces and string enums by their proto names, `<Service>Controller` and
// `<Service>Client` interfaces, the `<Service>ControllerMethods()` class decorator and the
// `<SERVICE>_SERVICE_NAME` constant for `ClientGrpc.getService`.
export * as commonV1 from './generated/index.meridian.common.v1';
export * as hospitalV1 from './generated/index.meridian.hospital.v1';
export * as consultationV1 from './generated/index.meridian.consultation.v1';
export * as modelRouterV1 from './generated/index.meridian.modelrouter.v1';
export * as insuranceV1 from './generated/index.meridian.insurance.v1';
export * as paymentsV1 from './generated/index.meridian.payments.v1';
export * as googleRpc from './generated/index.google.rpc';
export * as googleProtobuf from './generated/index.google.protobuf';

export { dateFromTimestamp, timestampFromDate } from './timestamps';

/**
 * Absolute path of the repository's `proto/` directory, the include root of every contract.
 * Valid from `libs/proto/src` (tests, ts sources) and from `libs/proto/dist` (built output), so
 * deployments ship `proto/` next to `libs/`.
 */
export const PROTO_ROOT: string = path.resolve(__dirname, '../../../proto');

// proto-loader parses .proto files with the protobufjs it depends on. That protobufjs answers
// imports of the common well-known types (timestamp, duration, any, empty, wrappers, struct,
// field_mask) from definitions bundled in its code, and ships descriptor.proto and a few others as
// files in its package directory, which is therefore an include dir.
const PROTOBUFJS_DIR = path.dirname(
  require.resolve('protobufjs/package.json', {
    paths: [path.dirname(require.resolve('@grpc/proto-loader'))],
  }),
);

/** Proto packages, by domain. */
export const PROTO_PACKAGES = {
  common: 'meridian.common.v1',
  hospital: 'meridian.hospital.v1',
  consultation: 'meridian.consultation.v1',
  modelRouter: 'meridian.modelrouter.v1',
  insurance: 'meridian.insurance.v1',
  payments: 'meridian.payments.v1',
  googleRpc: 'google.rpc',
} as const;

/** Every gRPC service of the platform, by a short key: its proto package and service name. */
export const GRPC_SERVICES = {
  hospitalDirectory: { package: PROTO_PACKAGES.hospital, name: 'HospitalDirectory' },
  appointments: { package: PROTO_PACKAGES.hospital, name: 'Appointments' },
  bookings: { package: PROTO_PACKAGES.hospital, name: 'Bookings' },
  hospitalInbound: { package: PROTO_PACKAGES.hospital, name: 'HospitalInbound' },
  hospitalLink: { package: PROTO_PACKAGES.hospital, name: 'HospitalLink' },
  consultation: { package: PROTO_PACKAGES.consultation, name: 'ConsultationService' },
  doctorDesk: { package: PROTO_PACKAGES.consultation, name: 'DoctorDeskService' },
  careDirectory: { package: PROTO_PACKAGES.consultation, name: 'CareDirectory' },
  modelRouter: { package: PROTO_PACKAGES.modelRouter, name: 'ModelRouter' },
  modelCallAudit: { package: PROTO_PACKAGES.modelRouter, name: 'ModelCallAudit' },
  certificates: { package: PROTO_PACKAGES.insurance, name: 'Certificates' },
  settlement: { package: PROTO_PACKAGES.insurance, name: 'Settlement' },
  payments: { package: PROTO_PACKAGES.payments, name: 'Payments' },
} as const;

export type GrpcServiceKey = keyof typeof GRPC_SERVICES;

/**
 * Proto files to load, per service, relative to PROTO_ROOT (proto-loader resolves them and their
 * imports through `includeDirs`). `errorDetails` holds google.rpc.Status and the error detail
 * messages carried in `grpc-status-details-bin`.
 */
export const PROTO_FILES = {
  hospitalDirectory: ['meridian/hospital/v1/directory.proto'],
  appointments: ['meridian/hospital/v1/appointments.proto'],
  bookings: ['meridian/hospital/v1/booking.proto'],
  hospitalInbound: ['meridian/hospital/v1/inbound.proto'],
  hospitalLink: ['meridian/hospital/v1/link.proto'],
  consultation: ['meridian/consultation/v1/consultation.proto'],
  doctorDesk: ['meridian/consultation/v1/doctor_desk.proto'],
  careDirectory: ['meridian/consultation/v1/care_directory.proto'],
  modelRouter: ['meridian/modelrouter/v1/model_router.proto'],
  modelCallAudit: ['meridian/modelrouter/v1/model_router.proto'],
  certificates: ['meridian/insurance/v1/certificates.proto'],
  settlement: ['meridian/insurance/v1/settlement.proto'],
  payments: ['meridian/payments/v1/payments.proto'],
  errorDetails: ['google/rpc/status.proto', 'google/rpc/error_details.proto'],
} as const satisfies { readonly [K in GrpcServiceKey | 'errorDetails']: readonly string[] };

/**
 * How every Meridian process loads the contracts at run time. The generated TypeScript types
 * describe exactly the objects these options produce: camelCase fields, enums as their string
 * names, 64-bit integers as decimal strings, unset scalars as defaults, unset messages as null.
 * A set oneof member also gets a virtual string property named after its oneof (e.g. `chunk`),
 * which the types leave out: test the members instead.
 */
export const PROTO_LOADER_OPTIONS: Readonly<ProtoLoaderOptions> = Object.freeze({
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT, PROTOBUFJS_DIR],
});

/** Fully qualified name of a service, e.g. "meridian.hospital.v1.HospitalDirectory". */
export function grpcServiceName(service: GrpcServiceKey): string {
  const { package: pkg, name } = GRPC_SERVICES[service];
  return `${pkg}.${name}`;
}

/** The proto-related part of NestJS gRPC server and client options. */
export interface GrpcLoadOptions {
  package: string[];
  protoPath: string[];
  loader: ProtoLoaderOptions;
}

/**
 * Package, proto files and loader options for serving or calling the given services, as fresh
 * objects that can be spread into `options` of a NestJS gRPC transport.
 */
export function grpcLoadOptions(...services: GrpcServiceKey[]): GrpcLoadOptions {
  const unique = (values: string[]): string[] => [...new Set(values)];
  return {
    package: unique(services.map((s) => GRPC_SERVICES[s].package)),
    protoPath: unique(services.flatMap((s) => PROTO_FILES[s])),
    loader: {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [...(PROTO_LOADER_OPTIONS.includeDirs ?? [])],
    },
  };
}

/**
 * google.protobuf.Any as proto-loader reads and writes it. protobufjs bundles Any with its original
 * field name `type_url`, which `keepCase: false` does not rename, so the generated `Any.typeUrl`
 * does not describe run-time objects. Use this type when packing google.rpc.Status details.
 */
export interface LoadedAny {
  type_url: string;
  value: Buffer;
}
