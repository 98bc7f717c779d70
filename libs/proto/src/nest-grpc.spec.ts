import 'reflect-metadata';
import * as net from 'node:net';
import { Metadata, status } from '@grpc/grpc-js';
import { Controller, type INestMicroservice } from '@nestjs/common';
import {
  ClientsModule,
  RpcException,
  Transport,
  type ClientGrpc,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { grpcLoadOptions, hospitalV1 } from './index';

const unimplemented = (): never => {
  throw new RpcException({ code: status.UNIMPLEMENTED, message: 'not in this test' });
};

// A NestJS gRPC controller exactly as services write them. The generated decorator binds every RPC
// of the service to a prototype method, so each must exist as a method (not an arrow property).
@Controller()
@hospitalV1.HospitalDirectoryControllerMethods()
class HospitalDirectoryGrpcController implements hospitalV1.HospitalDirectoryController {
  getHospital(request: hospitalV1.GetHospitalRequest, metadata?: Metadata): hospitalV1.Hospital {
    return {
      id: request.hospitalId,
      code: 'H001',
      name: String(metadata?.get('x-correlation-id')[0] ?? ''),
      nameEn: '',
      regionCode: '330106',
      city: '杭州市',
      level: hospitalV1.HospitalLevel.HOSPITAL_LEVEL_TERTIARY_A,
      address: '',
      latitude: 0,
      longitude: 0,
      departments: [],
      createdAt: null,
      updatedAt: null,
      version: '3',
      unmappedDepartmentNames: [],
    };
  }
  registerHospital(): never {
    return unimplemented();
  }
  searchHospitals(): never {
    return unimplemented();
  }
  updateHospital(): never {
    return unimplemented();
  }
  listDoctors(): never {
    return unimplemented();
  }
  getDoctor(): never {
    return unimplemented();
  }
  listScheduleSessions(): never {
    return unimplemented();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address) {
          resolve(address.port);
        } else {
          reject(new Error('no port'));
        }
      });
    });
  });
}

describe('generated NestJS bindings', () => {
  let server: INestMicroservice;
  let clientModule: TestingModule;
  let directory: hospitalV1.HospitalDirectoryClient;

  beforeAll(async () => {
    const url = `127.0.0.1:${await freePort()}`;
    const serverModule = await Test.createTestingModule({
      controllers: [HospitalDirectoryGrpcController],
    }).compile();
    const serverOptions: MicroserviceOptions = {
      transport: Transport.GRPC,
      options: { url, ...grpcLoadOptions('hospitalDirectory') },
    };
    // Nest declares these options as a class, yet documents and accepts plain objects.

    server = serverModule.createNestMicroservice<MicroserviceOptions>(serverOptions);
    server.useLogger(false);
    await server.listen();

    clientModule = await Test.createTestingModule({
      imports: [
        ClientsModule.register([
          {
            name: 'HOSPITAL_DIRECTORY',
            transport: Transport.GRPC,
            options: { url, ...grpcLoadOptions('hospitalDirectory') },
          },
        ]),
      ],
    }).compile();
    directory = clientModule
      .get<ClientGrpc>('HOSPITAL_DIRECTORY')
      .getService<hospitalV1.HospitalDirectoryClient>(hospitalV1.HOSPITAL_DIRECTORY_SERVICE_NAME);
  });

  afterAll(async () => {
    await clientModule.close();
    await server.close();
  });

  it('serves a generated controller and calls it through a generated client, with metadata', async () => {
    const metadata = new Metadata();
    metadata.set('x-correlation-id', 'corr-1');
    const hospital = await firstValueFrom(directory.getHospital({ hospitalId: 'h-1' }, metadata));
    expect(hospital).toMatchObject({
      id: 'h-1',
      name: 'corr-1',
      level: 'HOSPITAL_LEVEL_TERTIARY_A',
      createdAt: null,
      version: '3',
    });
  });

  it('binds every RPC of the service, so unimplemented ones answer UNIMPLEMENTED', async () => {
    const call: Observable<hospitalV1.Doctor> = directory.getDoctor({ doctorId: 'd-1' });
    await expect(firstValueFrom(call)).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });
});
