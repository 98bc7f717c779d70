/** A hospital in consultation's local directory: what recommendations are built from. */
export interface DirectoryHospital {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: string;
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly departments: readonly DirectoryDepartment[];
  readonly sourceVersion: number;
  readonly sourceUpdatedAt: Date;
  /** When this service stored the version it has. */
  readonly receivedAt: Date;
}

export interface DirectoryDepartment {
  readonly code: string;
  readonly localName: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

export interface DirectoryQuery {
  readonly city?: string;
  readonly departmentCode?: string;
  readonly limit: number;
  readonly after?: string;
}
