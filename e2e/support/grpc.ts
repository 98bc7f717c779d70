import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, hospitalV1 } from '@meridian/proto';
import type { consultationV1, insuranceV1, paymentsV1 } from '@meridian/proto';
import { randomBytes } from 'node:crypto';

export function hospitalDirectory(target: string): GrpcClient<hospitalV1.HospitalDirectoryClient> {
  return createGrpcClient<hospitalV1.HospitalDirectoryClient>({
    target,
    protoFiles: PROTO_FILES.hospitalDirectory,
    service: grpcServiceName('hospitalDirectory'),
    deadlineMs: 5_000,
  });
}

export function hospitalLink(target: string): GrpcClient<hospitalV1.HospitalLinkClient> {
  return createGrpcClient<hospitalV1.HospitalLinkClient>({
    target,
    protoFiles: PROTO_FILES.hospitalLink,
    service: grpcServiceName('hospitalLink'),
    deadlineMs: 5_000,
  });
}

export function appointments(target: string): GrpcClient<hospitalV1.AppointmentsClient> {
  return createGrpcClient<hospitalV1.AppointmentsClient>({
    target,
    protoFiles: PROTO_FILES.appointments,
    service: grpcServiceName('appointments'),
    deadlineMs: 10_000,
  });
}

export function careDirectory(target: string): GrpcClient<consultationV1.CareDirectoryClient> {
  return createGrpcClient<consultationV1.CareDirectoryClient>({
    target,
    protoFiles: PROTO_FILES.careDirectory,
    service: grpcServiceName('careDirectory'),
    deadlineMs: 5_000,
  });
}

/** A valid registration with a unique code; override what the test cares about. */
export function registration(
  overrides: Partial<hospitalV1.RegisterHospitalRequest> = {},
): hospitalV1.RegisterHospitalRequest {
  const suffix = randomBytes(4).toString('hex');
  return {
    idempotencyKey: `e2e-${suffix}`,
    code: `E2E-${suffix}`,
    name: `测试医院 ${suffix}`,
    nameEn: `Test Hospital ${suffix}`,
    regionCode: '330100',
    city: 'Hangzhou',
    level: hospitalV1.HospitalLevel.HOSPITAL_LEVEL_TERTIARY_A,
    address: '浙江省杭州市测试路1号',
    latitude: 30.25,
    longitude: 120.17,
    departments: [
      { code: 'cardiology', localName: '心内科' },
      { code: 'pediatrics', localName: '儿科' },
    ],
    ...overrides,
  };
}

export function payments(target: string): GrpcClient<paymentsV1.PaymentsClient> {
  return createGrpcClient<paymentsV1.PaymentsClient>({
    target,
    protoFiles: PROTO_FILES.payments,
    service: grpcServiceName('payments'),
    deadlineMs: 5_000,
  });
}

export function settlement(target: string): GrpcClient<insuranceV1.SettlementClient> {
  return createGrpcClient<insuranceV1.SettlementClient>({
    target,
    protoFiles: PROTO_FILES.settlement,
    service: grpcServiceName('settlement'),
    deadlineMs: 5_000,
  });
}

export function consultationService(
  target: string,
): GrpcClient<consultationV1.ConsultationServiceClient> {
  return createGrpcClient<consultationV1.ConsultationServiceClient>({
    target,
    protoFiles: PROTO_FILES.consultation,
    service: grpcServiceName('consultation'),
    deadlineMs: 5_000,
  });
}

export function bookings(target: string): GrpcClient<hospitalV1.BookingsClient> {
  return createGrpcClient<hospitalV1.BookingsClient>({
    target,
    protoFiles: PROTO_FILES.bookings,
    service: grpcServiceName('bookings'),
    deadlineMs: 15_000,
  });
}
