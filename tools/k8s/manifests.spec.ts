import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

// Keeps the Kubernetes manifests honest against the code: every app is deployed, with the ports,
// probes and environment its config schema expects, secrets from Secrets, hardened containers, and
// network policies that keep gRPC inside the namespace. The overlays are rendered by a small
// kustomize model below (no kustomize binary needed); it knows only the kustomization features
// the overlays use and fails on any other, so it cannot silently render something else.

const ROOT = resolve(__dirname, '..', '..');
const K8S = join(ROOT, 'k8s');
const NAMESPACE = 'meridian';
const VARIANTS = ['base', 'overlays/local', 'overlays/production'] as const;
type Variant = (typeof VARIANTS)[number];
// Not applied by any kustomization on purpose (it would overwrite real credentials).
const SECRETS_TEMPLATE = join(K8S, 'base', 'secrets.template.yaml');
// Fictitious hospitals have no place in production.
const ABSENT_IN: Partial<Record<Variant, readonly string[]>> = {
  'overlays/production': ['hospital-simulator'],
};
// Autoscaled where the autoscalers are kept (the local overlay drops them).
const AUTOSCALED = ['api-gateway', 'consultation'];
// Not worth a disruption budget: one replica, state in memory, demos only.
const WITHOUT_PDB = ['hospital-simulator'];
// Read by the Node runtime itself, not by the services' config schemas.
const RUNTIME_ENV = new Set(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);

// ---------------------------------------------------------------------------------------------
// The shapes read from the manifests (only the fields this test looks at).

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}
interface EnvFromSource {
  configMapRef?: { name: string };
  secretRef?: { name: string };
}
interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: { port: number | string };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type: string };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: Metadata; spec: PodSpec };
  };
}
interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}
interface KubeService extends K8sObject {
  spec: {
    clusterIP?: string;
    type?: string;
    selector?: Record<string, string>;
    ports: ServicePort[];
  };
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: PolicyPeer[]; ports?: { port?: number | string }[] }[];
  };
}
interface Autoscaler extends K8sObject {
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
  };
}
interface DisruptionBudget extends K8sObject {
  spec: {
    selector: LabelSelector;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
}
interface Ingress extends K8sObject {
  spec: {
    rules?: {
      host?: string;
      http?: {
        paths: {
          backend: { service?: { name: string; port: { name?: string; number?: number } } };
        }[];
      };
    }[];
  };
}
interface DataObject extends K8sObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every YAML document of a file; throws on syntax errors. Empty documents are skipped. */
function readDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${relative(ROOT, file)}: not a YAML stream`);
  return docs.flatMap((doc) => {
    if (doc.errors.length > 0)
      throw new Error(`${relative(ROOT, file)}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

function readObjects(file: string): K8sObject[] {
  return readDocuments(file).map((doc) => {
    const meta = isRecord(doc) ? doc['metadata'] : undefined;
    if (
      !isRecord(doc) ||
      typeof doc['apiVersion'] !== 'string' ||
      typeof doc['kind'] !== 'string' ||
      !isRecord(meta) ||
      typeof meta['name'] !== 'string'
    ) {
      throw new Error(
        `${relative(ROOT, file)}: every document needs apiVersion, kind and metadata.name`,
      );
    }
    return doc as K8sObject;
  });
}

// ---------------------------------------------------------------------------------------------
// A small kustomize: resources, namespace, images, replicas, config map and secret generators,
// and strategic-merge patches by path (one document each, as kustomize's `patches` requires).

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  files?: string[];
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { path?: string }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
}
const MODELLED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'replicas',
  'patches',
  'configMapGenerator',
  'secretGenerator',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
]);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
// List fields that strategic merge patches merge by key instead of replacing.
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

function strategicMerge(target: unknown, patch: unknown, field = ''): unknown {
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(target)) return patch;
    const merged = [...(target as unknown[])];
    for (const item of patch) {
      const id = isRecord(item) ? item[key] : undefined;
      const index = merged.findIndex((existing) => isRecord(existing) && existing[key] === id);
      if (isRecord(item) && item['$patch'] === 'delete') {
        if (index >= 0) merged.splice(index, 1);
      } else if (index >= 0) {
        merged[index] = strategicMerge(merged[index], item);
      } else {
        merged.push(item);
      }
    }
    return merged;
  }
  if (!isRecord(patch) || !isRecord(target)) return patch;
  const merged = new Map(Object.entries(target));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) merged.delete(name);
    else merged.set(name, strategicMerge(merged.get(name), value, name));
  }
  return Object.fromEntries(merged);
}

function podSpecs(objects: readonly K8sObject[]): { owner: Workload; pod: PodSpec }[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((o) => ({ owner: o as Workload, pod: (o as Workload).spec.template.spec }));
}

function allContainers(pod: PodSpec): Container[] {
  return [...pod.containers, ...(pod.initContainers ?? [])];
}

function imageRepository(image: string): string {
  const digest = image.split('@')[0] ?? image;
  const colon = digest.lastIndexOf(':');
  return colon > digest.lastIndexOf('/') ? digest.slice(0, colon) : digest;
}

function imageTag(image: string): string | undefined {
  const repository = imageRepository(image);
  return image.length > repository.length && image[repository.length] === ':'
    ? image.slice(repository.length + 1).split('@')[0]
    : undefined;
}

function applyGenerator(
  objects: K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  generator: Generator,
  dir: string,
  used: Set<string>,
): void {
  const data: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq <= 0)
      throw new Error(`${kind} generator ${generator.name}: literal "${literal}" is not KEY=value`);
    data[literal.slice(0, eq)] = literal.slice(eq + 1);
  }
  for (const entry of generator.files ?? []) {
    if (entry.includes('='))
      throw new Error(`${kind} generator ${generator.name}: key=path files are not modelled`);
    const file = resolve(dir, entry);
    if (relative(dir, file).startsWith('..'))
      throw new Error(
        `${kind} generator ${generator.name}: kustomize loads no file outside ${relative(ROOT, dir)}`,
      );
    used.add(file);
    data[basename(file)] = readFileSync(file, 'utf8');
  }
  const encoded =
    kind === 'Secret'
      ? Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        )
      : data;
  const existing = find<DataObject>(objects, kind, generator.name)[0];
  const behavior = generator.behavior ?? 'create';
  if (behavior === 'create') {
    if (existing)
      throw new Error(`${kind} ${generator.name} is generated twice (use behavior: merge)`);
    objects.push({
      apiVersion: 'v1',
      kind,
      metadata: { name: generator.name },
      data: encoded,
      ...(kind === 'Secret' ? { type: 'Opaque' } : {}),
    });
    return;
  }
  if (!existing)
    throw new Error(`${kind} ${generator.name}: behavior ${behavior} but nothing to ${behavior}`);
  existing.data = behavior === 'merge' ? { ...existing.data, ...encoded } : encoded;
}

/** Renders a kustomization directory; `used` collects every file it reads. */
function render(dir: string, used: Set<string>): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  used.add(file);
  const [doc, ...more] = readDocuments(file);
  if (!isRecord(doc) || more.length > 0)
    throw new Error(`${relative(ROOT, file)}: one mapping expected`);
  const unmodelled = Object.keys(doc).filter((key) => !MODELLED.has(key));
  if (unmodelled.length > 0)
    throw new Error(
      `${relative(ROOT, file)}: ${unmodelled.join(', ')} not modelled by tools/k8s/manifests.spec.ts; extend it first`,
    );
  const k = doc as Kustomization;

  const objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path))
      throw new Error(`${relative(ROOT, file)}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) {
      objects.push(...render(path, used));
    } else {
      used.add(path);
      objects.push(...readObjects(path));
    }
  }
  for (const generator of k.configMapGenerator ?? [])
    applyGenerator(objects, 'ConfigMap', generator, dir, used);
  for (const generator of k.secretGenerator ?? [])
    applyGenerator(objects, 'Secret', generator, dir, used);

  for (const entry of k.patches ?? []) {
    const unsupported = Object.keys(entry).filter((key) => key !== 'path');
    if (!entry.path || unsupported.length > 0)
      throw new Error(`${relative(ROOT, file)}: only patches by path are modelled`);
    const patchFile = resolve(dir, entry.path);
    used.add(patchFile);
    const patches = readObjects(patchFile);
    if (patches.length !== 1)
      throw new Error(
        `${relative(ROOT, patchFile)}: kustomize's patches take one document per file`,
      );
    const patch = patches[0]!;
    const index = objects.findIndex(
      (o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name,
    );
    if (index < 0)
      throw new Error(
        `${relative(ROOT, patchFile)}: no ${patch.kind}/${patch.metadata.name} to patch`,
      );
    if (patch['$patch'] === 'delete') objects.splice(index, 1);
    else objects[index] = strategicMerge(objects[index], patch) as K8sObject;
  }

  for (const { name, count } of k.replicas ?? []) {
    const target = objects.find((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.name === name) as
      Workload | undefined;
    if (!target) throw new Error(`${relative(ROOT, file)}: replicas for unknown workload ${name}`);
    target.spec.replicas = count;
  }
  for (const image of k.images ?? []) {
    let matched = 0;
    for (const { pod } of podSpecs(objects)) {
      for (const container of allContainers(pod)) {
        if (imageRepository(container.image) !== image.name) continue;
        const tag = image.newTag ?? imageTag(container.image);
        container.image = `${image.newName ?? image.name}${tag ? `:${tag}` : ''}`;
        matched += 1;
      }
    }
    if (matched === 0)
      throw new Error(`${relative(ROOT, file)}: image ${image.name} is used by no container`);
  }
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// What the code says about each app.

interface App {
  readonly name: string;
  readonly shape: Record<string, z.ZodType>;
  /** Keys the schema rejects when absent: no default. */
  readonly required: ReadonlySet<string>;
  /** Keys marked `secret(...)` in the schema. */
  readonly secrets: ReadonlySet<string>;
  /** Ports and database of tools/lib/services.sh, the local run of the same services. */
  readonly local: { readonly http: number; readonly grpc?: number; readonly database?: string };
}

function isShape(value: unknown): value is Record<string, z.ZodType> {
  return (
    isRecord(value) &&
    Object.keys(value).length > 0 &&
    Object.values(value).every((field) => field instanceof z.ZodType)
  );
}

function localServices(): Map<string, App['local']> {
  const script = readFileSync(join(ROOT, 'tools', 'lib', 'services.sh'), 'utf8');
  const services = new Map<string, App['local']>();
  for (const match of script.matchAll(/^\s*"([a-z-]+) (\d+) (\d+|-) (\S+)"\s*$/gm)) {
    const [, name, http, grpc, database] = match;
    if (!name || !http || !grpc || !database) continue;
    services.set(name, {
      http: Number(http),
      ...(grpc === '-' ? {} : { grpc: Number(grpc) }),
      ...(database === '-' ? {} : { database }),
    });
  }
  return services;
}

async function loadApps(): Promise<App[]> {
  const local = localServices();
  const names = readdirSync(join(ROOT, 'apps')).filter((name) =>
    existsSync(join(ROOT, 'apps', name, 'src', 'config.ts')),
  );
  return Promise.all(
    names.map(async (name) => {
      const module = (await import(join(ROOT, 'apps', name, 'src', 'config.ts'))) as Record<
        string,
        unknown
      >;
      const shapes = Object.entries(module).filter(
        ([exported, value]) => exported.endsWith('Env') && isShape(value),
      );
      const shape = shapes[0]?.[1] as Record<string, z.ZodType> | undefined;
      if (!shape || shapes.length > 1)
        throw new Error(`apps/${name}/src/config.ts: exactly one exported *Env shape expected`);
      const parsed = z.object(shape).safeParse({});
      const required = new Set(
        parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])),
      );
      const secrets = new Set(
        Object.entries(shape)
          .filter(([, field]) => field.meta()?.['secret'] === true)
          .map(([key]) => key),
      );
      const ports = local.get(name);
      if (!ports) throw new Error(`tools/lib/services.sh does not list ${name}`);
      return { name, shape, required, secrets, local: ports };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers over a rendered variant.

function find<T extends K8sObject = K8sObject>(
  objects: readonly K8sObject[],
  kind: string,
  name?: string,
): T[] {
  return objects.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  ) as T[];
}

function selectorLabels(selector: LabelSelector): Record<string, string> {
  if ((selector.matchExpressions ?? []).length > 0)
    throw new Error('matchExpressions are not modelled by this test');
  return selector.matchLabels ?? {};
}

function matches(
  wanted: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** Container port a probe or Service targets, by name or number. */
function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number')
    return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

type EnvSource = 'literal' | 'configMap' | 'secret' | 'field';
interface ResolvedEnv {
  readonly sources: Map<string, EnvSource>;
  readonly values: Record<string, string>;
  readonly problems: string[];
}

function secretValue(
  objects: readonly K8sObject[],
  template: readonly K8sObject[],
  name: string,
  key: string,
): string | undefined {
  const rendered = find<DataObject>(objects, 'Secret', name)[0];
  if (rendered) {
    const raw = rendered.data?.[key];
    return raw === undefined
      ? rendered.stringData?.[key]
      : Buffer.from(raw, 'base64').toString('utf8');
  }
  return find<DataObject>(template, 'Secret', name)[0]?.stringData?.[key];
}

/** The environment a container starts with, and where each variable comes from. */
function resolveEnv(
  container: Container,
  objects: readonly K8sObject[],
  template: readonly K8sObject[],
): ResolvedEnv {
  const sources = new Map<string, EnvSource>();
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const set = (name: string, source: EnvSource, value: string | undefined): void => {
    sources.set(name, source);
    if (value !== undefined) values[name] = value;
  };
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) {
      problems.push(
        `envFrom secretRef ${from.secretRef.name}: name each secret variable with secretKeyRef`,
      );
      continue;
    }
    const name = from.configMapRef?.name ?? '';
    const configMap = find<DataObject>(objects, 'ConfigMap', name)[0];
    if (!configMap) problems.push(`envFrom ConfigMap ${name} does not exist`);
    for (const [key, value] of Object.entries(configMap?.data ?? {})) set(key, 'configMap', value);
  }
  const seen = new Set<string>();
  for (const variable of container.env ?? []) {
    if (seen.has(variable.name)) problems.push(`${variable.name} is set twice`);
    seen.add(variable.name);
    const ref = variable.valueFrom;
    if (ref?.secretKeyRef) {
      const { name, key } = ref.secretKeyRef;
      const value = secretValue(objects, template, name, key);
      if (value === undefined)
        problems.push(
          `${variable.name}: Secret ${name} key ${key} is neither generated nor in secrets.template.yaml`,
        );
      set(variable.name, 'secret', value);
    } else if (ref?.configMapKeyRef) {
      const value = find<DataObject>(objects, 'ConfigMap', ref.configMapKeyRef.name)[0]?.data?.[
        ref.configMapKeyRef.key
      ];
      if (value === undefined)
        problems.push(
          `${variable.name}: ConfigMap ${ref.configMapKeyRef.name} has no key ${ref.configMapKeyRef.key}`,
        );
      set(variable.name, 'configMap', value);
    } else if (ref?.fieldRef) {
      set(variable.name, 'field', undefined);
    } else {
      set(variable.name, 'literal', variable.value ?? '');
    }
  }
  return { sources, values, problems };
}

const QUANTITY_UNITS: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

function quantity(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(text ?? '');
  if (!match?.[1]) return undefined;
  return Number(match[1]) * (QUANTITY_UNITS[match[2] ?? ''] ?? NaN);
}

function appOf(workload: Workload, apps: readonly App[]): App | undefined {
  return apps.find(
    (app) => app.name === workload.spec.template.metadata.labels?.['app.kubernetes.io/name'],
  );
}

function isMeridian(workload: Workload): boolean {
  return workload.spec.template.metadata.labels?.['app.kubernetes.io/part-of'] === 'meridian';
}

function grpcTargetOf(value: string): { host: string; port: number } | undefined {
  const match = /^dns:\/\/\/([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)$/.exec(value);
  return match?.[1] && match[2] ? { host: match[1], port: Number(match[2]) } : undefined;
}

function listYamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listYamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

// ---------------------------------------------------------------------------------------------

describe('Kubernetes manifests', () => {
  let apps: App[] = [];
  const rendered = new Map<Variant, K8sObject[]>();
  const usedFiles = new Set<string>();
  let template: K8sObject[] = [];

  beforeAll(async () => {
    apps = await loadApps();
    for (const variant of VARIANTS) rendered.set(variant, render(join(K8S, variant), usedFiles));
    template = readObjects(SECRETS_TEMPLATE);
  }, 60_000);

  const objectsOf = (variant: Variant): K8sObject[] => rendered.get(variant) ?? [];
  const deployments = (variant: Variant): Workload[] =>
    find<Workload>(objectsOf(variant), 'Deployment').filter(isMeridian);
  const expectedApps = (variant: Variant): App[] =>
    apps.filter((app) => !(ABSENT_IN[variant] ?? []).includes(app.name));
  const mainContainer = (workload: Workload): Container | undefined =>
    workload.spec.template.spec.containers.find((c) => c.name === workload.metadata.name);

  it('finds the apps and their config schemas', () => {
    expect(apps.map((app) => app.name).sort()).toEqual(readdirSync(join(ROOT, 'apps')).sort());
    for (const app of apps) expect(app.required.has('HTTP_PORT')).toBe(true);
  });

  it('parses every YAML file under k8s/, and every one is used by a kustomization', () => {
    const files = listYamlFiles(K8S);
    for (const file of files) expect(() => readDocuments(file)).not.toThrow();
    const unused = files
      .filter((file) => !usedFiles.has(file) && file !== SECRETS_TEMPLATE)
      .map((file) => relative(ROOT, file));
    expect(unused).toEqual([]);
  });

  it('keeps the local PostgreSQL init script identical to tools/infra/postgres-init.sql', () => {
    const copy = readFileSync(join(K8S, 'overlays', 'local', 'postgres-init.sql'), 'utf8');
    expect(copy).toBe(readFileSync(join(ROOT, 'tools', 'infra', 'postgres-init.sql'), 'utf8'));
  });

  it('describes in the Secret template exactly the secret variables of each app', () => {
    const problems: string[] = [];
    for (const app of apps.filter((a) => a.secrets.size > 0)) {
      const secret = find<DataObject>(template, 'Secret', `${app.name}-secrets`)[0];
      if (!secret) {
        problems.push(`${app.name}: no ${app.name}-secrets in secrets.template.yaml`);
        continue;
      }
      const keys = Object.keys(secret.stringData ?? {})
        .sort()
        .join(', ');
      if (keys !== [...app.secrets].sort().join(', '))
        problems.push(
          `${app.name}-secrets holds ${keys}, the app's secrets are ${[...app.secrets].join(', ')}`,
        );
    }
    expect(problems).toEqual([]);
  });

  describe.each(VARIANTS)('%s', (variant) => {
    it('deploys every app, with a Deployment and a Service of its name', () => {
      const problems: string[] = [];
      for (const app of expectedApps(variant)) {
        if (find(objectsOf(variant), 'Deployment', app.name).length !== 1)
          problems.push(`no Deployment ${app.name}`);
        if (find(objectsOf(variant), 'Service', app.name).length !== 1)
          problems.push(`no Service ${app.name}`);
      }
      for (const deployment of deployments(variant)) {
        if (!appOf(deployment, expectedApps(variant)))
          problems.push(`Deployment ${deployment.metadata.name} runs no app expected here`);
      }
      expect(problems).toEqual([]);
    });

    it('declares the ports of each app and probes its health endpoints', () => {
      const problems: string[] = [];
      for (const deployment of deployments(variant)) {
        const app = appOf(deployment, apps);
        const container = mainContainer(deployment);
        const name = deployment.metadata.name;
        if (!app || !container) {
          problems.push(`${name}: no container named after its app`);
          continue;
        }
        if (
          imageRepository(container.image).split('/').slice(-2).join('/') !== `meridian/${app.name}`
        )
          problems.push(`${name}: image ${container.image}`);
        const { values } = resolveEnv(container, objectsOf(variant), template);
        const http = resolvePort(container, 'http');
        const grpc = resolvePort(container, 'grpc');
        if (http !== app.local.http)
          problems.push(`${name}: http port ${http} (services.sh: ${app.local.http})`);
        if (values['HTTP_PORT'] !== String(http))
          problems.push(`${name}: HTTP_PORT=${values['HTTP_PORT']} but the http port is ${http}`);
        if ('GRPC_PORT' in app.shape) {
          if (grpc !== app.local.grpc)
            problems.push(`${name}: grpc port ${grpc} (services.sh: ${app.local.grpc})`);
          if (values['GRPC_PORT'] !== String(grpc))
            problems.push(`${name}: GRPC_PORT=${values['GRPC_PORT']} but the grpc port is ${grpc}`);
        } else if (grpc !== undefined) {
          problems.push(`${name}: declares a grpc port but serves no gRPC`);
        }
        const probes = [
          ['startupProbe', container.startupProbe, '/health/live'],
          ['livenessProbe', container.livenessProbe, '/health/live'],
          ['readinessProbe', container.readinessProbe, '/health/ready'],
        ] as const;
        for (const [kind, probe, path] of probes) {
          if (probe?.httpGet?.path !== path) problems.push(`${name}: ${kind} must GET ${path}`);
          else if (resolvePort(container, probe.httpGet.port) !== http)
            problems.push(`${name}: ${kind} must use the http port`);
        }
        const annotations = deployment.spec.template.metadata.annotations ?? {};
        if (
          annotations['prometheus.io/scrape'] !== 'true' ||
          annotations['prometheus.io/port'] !== String(http) ||
          annotations['prometheus.io/path'] !== '/metrics'
        ) {
          problems.push(`${name}: prometheus.io annotations must point at /metrics on ${http}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("sets only variables the app's config knows, all it requires, with values it accepts", () => {
      const problems: string[] = [];
      for (const deployment of deployments(variant)) {
        const app = appOf(deployment, apps);
        const container = mainContainer(deployment);
        if (!app || !container) continue;
        const env = resolveEnv(container, objectsOf(variant), template);
        problems.push(...env.problems.map((p) => `${app.name}: ${p}`));
        for (const name of env.sources.keys()) {
          if (!(name in app.shape) && !RUNTIME_ENV.has(name))
            problems.push(`${app.name}: sets ${name}, which its config does not read`);
        }
        for (const name of app.required)
          if (!env.sources.has(name)) problems.push(`${app.name}: does not set required ${name}`);
        const parsed = z.object(app.shape).safeParse(env.values);
        if (!parsed.success)
          problems.push(
            ...parsed.error.issues.map(
              (issue) => `${app.name}: ${issue.path.join('.')} ${issue.message}`,
            ),
          );
      }
      expect(problems).toEqual([]);
    });

    it('takes secret variables from Secrets only, each service from its own, for its own database', () => {
      const problems: string[] = [];
      const secretKeys = new Set(apps.flatMap((app) => [...app.secrets]));
      for (const configMap of find<DataObject>(objectsOf(variant), 'ConfigMap')) {
        for (const key of Object.keys(configMap.data ?? {}))
          if (secretKeys.has(key))
            problems.push(`ConfigMap ${configMap.metadata.name} holds secret ${key}`);
      }
      for (const deployment of deployments(variant)) {
        const app = appOf(deployment, apps);
        const container = mainContainer(deployment);
        if (!app || !container) continue;
        const env = resolveEnv(container, objectsOf(variant), template);
        for (const key of app.secrets) {
          if (env.sources.has(key) && env.sources.get(key) !== 'secret')
            problems.push(`${app.name}: ${key} must come from a secretKeyRef`);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref && ref.name !== `${app.name}-secrets`)
            problems.push(`${app.name}: reads ${variable.name} from Secret ${ref.name}`);
          if (variable.value && /:\/\/[^/\s]*:[^@/\s]*@/.test(variable.value))
            problems.push(`${app.name}: ${variable.name} has credentials in a literal value`);
        }
        const database = /\/([A-Za-z0-9_]+)(\?.*)?$/.exec(env.values['DATABASE_URL'] ?? '')?.[1];
        if (database !== app.local.database)
          problems.push(
            `${app.name}: DATABASE_URL names database ${database} (services.sh: ${app.local.database})`,
          );
      }
      expect(problems).toEqual([]);
    });

    it('sets resources and a securityContext on every container, and holds Meridian pods to the restricted profile', () => {
      const problems: string[] = [];
      const accounts = new Set(
        find(objectsOf(variant), 'ServiceAccount').map((o) => o.metadata.name),
      );
      for (const { owner, pod } of podSpecs(objectsOf(variant))) {
        const meridian = isMeridian(owner);
        for (const container of allContainers(pod)) {
          const where = `${owner.kind} ${owner.metadata.name}/${container.name}`;
          for (const resource of ['cpu', 'memory']) {
            const request = quantity(container.resources?.requests?.[resource]);
            const limit = quantity(container.resources?.limits?.[resource]);
            if (request === undefined || limit === undefined)
              problems.push(`${where}: ${resource} request and limit required`);
            else if (request > limit)
              problems.push(`${where}: ${resource} request above its limit`);
          }
          const security = container.securityContext;
          if (security?.allowPrivilegeEscalation !== false)
            problems.push(`${where}: allowPrivilegeEscalation must be false`);
          if (!meridian) continue;
          if (security?.readOnlyRootFilesystem !== true)
            problems.push(`${where}: readOnlyRootFilesystem must be true`);
          if (!security?.capabilities?.drop?.includes('ALL'))
            problems.push(`${where}: must drop ALL capabilities`);
          const nonRoot = security?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
          const user = security?.runAsUser ?? pod.securityContext?.runAsUser;
          if (nonRoot !== true || !user) problems.push(`${where}: must run as a non-root user id`);
          if (
            (security?.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !==
            'RuntimeDefault'
          )
            problems.push(`${where}: seccomp RuntimeDefault required`);
          const heap = /--max-old-space-size=(\d+)/.exec(
            container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '',
          )?.[1];
          const memory = quantity(container.resources?.limits?.['memory']) ?? 0;
          if (!heap || Number(heap) * 1024 ** 2 > 0.8 * memory)
            problems.push(
              `${where}: NODE_OPTIONS --max-old-space-size must stay under 80% of the memory limit`,
            );
        }
        if (meridian && pod.automountServiceAccountToken !== false)
          problems.push(`${owner.metadata.name}: must not mount a service account token`);
        if (meridian && !accounts.has(pod.serviceAccountName ?? ''))
          problems.push(
            `${owner.metadata.name}: service account ${pod.serviceAccountName} does not exist`,
          );
      }
      expect(problems).toEqual([]);
    });

    it('lets endpoints drain before SIGTERM and the service finish before SIGKILL', () => {
      const problems: string[] = [];
      for (const deployment of deployments(variant)) {
        const app = appOf(deployment, apps);
        const container = mainContainer(deployment);
        if (!app || !container) continue;
        const preStop = container.lifecycle?.preStop;
        const command = preStop?.exec?.command ?? [];
        const sleep =
          preStop?.sleep?.seconds ?? (command[0] === 'sleep' ? Number(command[1]) : NaN);
        if (!(sleep > 0)) problems.push(`${app.name}: preStop must sleep`);
        const { values } = resolveEnv(container, objectsOf(variant), template);
        const graceMs = z.object(app.shape).safeParse(values).data?.['SHUTDOWN_GRACE_MS'];
        const termination = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
        if (typeof graceMs !== 'number' || termination <= sleep + graceMs / 1000) {
          problems.push(
            `${app.name}: terminationGracePeriodSeconds ${termination} must exceed preStop ${sleep} s + SHUTDOWN_GRACE_MS ${String(graceMs)} ms`,
          );
        }
      }
      expect(problems).toEqual([]);
    });

    it('exposes each app through a Service whose ports reach the container, gRPC headless and marked', () => {
      const problems: string[] = [];
      for (const deployment of deployments(variant)) {
        const container = mainContainer(deployment);
        const service = find<KubeService>(
          objectsOf(variant),
          'Service',
          deployment.metadata.name,
        )[0];
        if (!container || !service) continue;
        const name = service.metadata.name;
        if (!matches(service.spec.selector, deployment.spec.template.metadata.labels))
          problems.push(`Service ${name} does not select its pods`);
        const others = deployments(variant).filter(
          (d) =>
            d !== deployment && matches(service.spec.selector, d.spec.template.metadata.labels),
        );
        if (others.length > 0)
          problems.push(
            `Service ${name} also selects ${others.map((d) => d.metadata.name).join(', ')}`,
          );
        for (const port of service.spec.ports) {
          const target = resolvePort(container, port.targetPort ?? port.port);
          if (target === undefined)
            problems.push(`Service ${name} port ${port.port} reaches no container port`);
          if (port.name === 'grpc' && port.appProtocol !== 'grpc')
            problems.push(`Service ${name}: grpc port needs appProtocol grpc`);
        }
        const servesGrpc = service.spec.ports.some((p) => p.name === 'grpc');
        if (servesGrpc !== (resolvePort(container, 'grpc') !== undefined))
          problems.push(`Service ${name} must expose the grpc port exactly when the pod has one`);
        if (servesGrpc && service.spec.clusterIP !== 'None')
          problems.push(`Service ${name}: gRPC Services are headless (client-side balancing)`);
      }
      expect(problems).toEqual([]);
    });

    it('points every gRPC client at a headless Service port that serves gRPC', () => {
      const problems: string[] = [];
      for (const deployment of deployments(variant)) {
        const container = mainContainer(deployment);
        if (!container) continue;
        const { values } = resolveEnv(container, objectsOf(variant), template);
        for (const [key, value] of Object.entries(values).filter(([k]) =>
          k.endsWith('_GRPC_URL'),
        )) {
          const target = grpcTargetOf(value);
          const service =
            target && find<KubeService>(objectsOf(variant), 'Service', target.host)[0];
          const port = service?.spec.ports.find((p) => p.port === target?.port);
          if (!target)
            problems.push(
              `${deployment.metadata.name}: ${key}=${value} is not dns:///<service>:<port>`,
            );
          else if (port?.appProtocol !== 'grpc' || service?.spec.clusterIP !== 'None')
            problems.push(`${deployment.metadata.name}: ${key} reaches no headless gRPC port`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('denies ingress by default, opens the gateway to all and gRPC to the namespace only', () => {
      const problems: string[] = [];
      const policies = find<NetworkPolicy>(objectsOf(variant), 'NetworkPolicy');
      const isIngress = (p: NetworkPolicy): boolean =>
        p.spec.policyTypes?.includes('Ingress') ?? true;
      if (
        !policies.some(
          (p) =>
            isIngress(p) &&
            Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 &&
            (p.spec.ingress ?? []).length === 0,
        )
      ) {
        problems.push('no default-deny ingress policy');
      }
      for (const deployment of deployments(variant)) {
        const container = mainContainer(deployment);
        if (!container) continue;
        const labels = deployment.spec.template.metadata.labels;
        const rules = policies
          .filter((p) => isIngress(p) && matches(selectorLabels(p.spec.podSelector), labels))
          .flatMap((p) => p.spec.ingress ?? []);
        const admits = (portName: string) =>
          rules.filter((rule) => {
            const ports = rule.ports ?? [];
            return (
              ports.length === 0 ||
              ports.some((p) => p.port === portName || p.port === resolvePort(container, portName))
            );
          });
        if (resolvePort(container, 'grpc') !== undefined) {
          for (const rule of admits('grpc')) {
            const sameNamespace =
              (rule.from ?? []).length > 0 &&
              (rule.from ?? []).every(
                (peer) => peer.podSelector && !peer.namespaceSelector && !peer.ipBlock,
              );
            if (!sameNamespace)
              problems.push(
                `${deployment.metadata.name}: a policy opens gRPC beyond the namespace`,
              );
          }
          if (admits('grpc').length === 0)
            problems.push(`${deployment.metadata.name}: no policy admits gRPC from the namespace`);
        }
        if (
          deployment.metadata.name === 'api-gateway' &&
          !admits('http').some((rule) => (rule.from ?? []).length === 0)
        ) {
          problems.push('api-gateway: HTTP must be open to all');
        }
      }
      expect(problems).toEqual([]);
    });

    it('autoscales without fighting the Deployment, and disruption budgets never block a drain', () => {
      const problems: string[] = [];
      const autoscalers = find<Autoscaler>(objectsOf(variant), 'HorizontalPodAutoscaler');
      if (variant !== 'overlays/local') {
        const scaled = autoscalers.map((a) => a.spec.scaleTargetRef.name).sort();
        if (scaled.join() !== [...AUTOSCALED].sort().join())
          problems.push(`autoscaled: ${scaled.join(', ')}`);
      }
      for (const autoscaler of autoscalers) {
        const target = find<Workload>(
          objectsOf(variant),
          autoscaler.spec.scaleTargetRef.kind,
          autoscaler.spec.scaleTargetRef.name,
        )[0];
        if (!target) problems.push(`autoscaler ${autoscaler.metadata.name} targets nothing`);
        else if (target.spec.replicas !== undefined)
          problems.push(
            `${target.metadata.name}: replicas is set, and every apply would reset the autoscaler`,
          );
        if ((autoscaler.spec.minReplicas ?? 1) > autoscaler.spec.maxReplicas)
          problems.push(`autoscaler ${autoscaler.metadata.name}: min above max`);
      }
      const budgets = find<DisruptionBudget>(objectsOf(variant), 'PodDisruptionBudget');
      for (const deployment of deployments(variant)) {
        const name = deployment.metadata.name;
        const mine = budgets.filter((b) =>
          matches(selectorLabels(b.spec.selector), deployment.spec.template.metadata.labels),
        );
        if (WITHOUT_PDB.includes(name)) continue;
        if (mine.length !== 1)
          problems.push(`${name}: ${mine.length} disruption budgets (one expected)`);
        for (const budget of mine) {
          const replicas =
            deployment.spec.replicas ??
            autoscalers.find((a) => a.spec.scaleTargetRef.name === name)?.spec.minReplicas ??
            1;
          const { minAvailable, maxUnavailable } = budget.spec;
          if (
            maxUnavailable === 0 ||
            maxUnavailable === '0%' ||
            (typeof minAvailable === 'number' && minAvailable >= replicas) ||
            minAvailable === '100%'
          ) {
            problems.push(
              `${name}: disruption budget ${budget.metadata.name} would block node drains`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('routes the Ingress to the gateway at the host of its PUBLIC_BASE_URL', () => {
      const problems: string[] = [];
      const gateway = find<Workload>(objectsOf(variant), 'Deployment', 'api-gateway')[0];
      const container = gateway && mainContainer(gateway);
      const publicUrl = container
        ? resolveEnv(container, objectsOf(variant), template).values['PUBLIC_BASE_URL']
        : undefined;
      const ingresses = find<Ingress>(objectsOf(variant), 'Ingress');
      if (ingresses.length === 0) problems.push('no Ingress');
      for (const ingress of ingresses) {
        for (const rule of ingress.spec.rules ?? []) {
          if (!publicUrl || rule.host !== new URL(publicUrl).hostname)
            problems.push(
              `Ingress host ${rule.host} is not the host of PUBLIC_BASE_URL ${publicUrl}`,
            );
          for (const { backend } of rule.http?.paths ?? []) {
            const service = find<KubeService>(
              objectsOf(variant),
              'Service',
              backend.service?.name ?? '',
            )[0];
            if (
              !service?.spec.ports.some(
                (p) =>
                  p.name === backend.service?.port.name || p.port === backend.service?.port.number,
              )
            ) {
              problems.push(
                `Ingress ${ingress.metadata.name}: backend ${backend.service?.name} does not exist`,
              );
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it(`puts every namespaced object in ${NAMESPACE}`, () => {
      const stray = objectsOf(variant).filter(
        (o) => !CLUSTER_SCOPED.has(o.kind) && o.metadata.namespace !== NAMESPACE,
      );
      expect(stray.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    });
  });

  it('local: creates every database the services use', () => {
    const init = readFileSync(join(K8S, 'overlays', 'local', 'postgres-init.sql'), 'utf8');
    const created = [...init.matchAll(/\('([a-z_]+)'\)/g)].map((m) => `meridian_${m[1] ?? ''}`);
    const used = apps.flatMap((app) => (app.local.database ? [app.local.database] : []));
    expect(created.sort()).toEqual(expect.arrayContaining(used.sort()));
  });

  it('production: keeps credentials out of the repository and runs released images', () => {
    const objects = objectsOf('overlays/production');
    expect(find(objects, 'Secret').map((s) => s.metadata.name)).toEqual([]);
    const images = podSpecs(objects).flatMap(({ pod }) => allContainers(pod).map((c) => c.image));
    expect(
      images.filter((image) => ['dev', 'latest', undefined].includes(imageTag(image))),
    ).toEqual([]);
  });
});
