#!/usr/bin/env node
// Proves that the generated TypeScript in libs/proto describes exactly what @grpc/proto-loader
// delivers at run time with PROTO_LOADER_OPTIONS, for every message, enum and service:
//   1. type-checks libs/proto/src (generated code, index, specs) under the repo's strict config;
//   2. for each message, decodes an empty buffer and one buffer per field (that field set, by
//      field number) with proto-loader, and compares the observed keys, presence and value types
//      with the properties of the generated interface;
//   3. compares enum members and service methods (names as NestJS binds them, request/response
//      types) with the generated enums and Controller/Client interfaces;
//   4. checks that libs/proto's GRPC_SERVICES lists every service defined in proto/.
// Plain Node (no test runner) so that tools/proto/check.sh can run it in CI on a fresh clone.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const protoLoader = require('@grpc/proto-loader');

const ROOT = path.resolve(__dirname, '../..');
const LIB_SRC = path.join(ROOT, 'libs/proto/src');
const GENERATED = path.join(LIB_SRC, 'generated');
const PROTO_DIR = path.join(ROOT, 'proto');

// protobufjs as proto-loader uses it (reflection for field types, Writer to build test buffers).
const protobuf = require(
  require.resolve('protobufjs', { paths: [path.dirname(require.resolve('@grpc/proto-loader'))] }),
);

// Deviations that are understood and accepted, keyed by message. Anything else fails.
const KNOWN_KEY_RENAMES = {
  // protobufjs bundles Any with its original field name; keepCase: false does not rename it.
  // libs/proto exports LoadedAny for this shape.
  'google.protobuf.Any': { type_url: 'typeUrl' },
};

const problems = [];
const notes = [];
const fail = (message) => problems.push(message);

// --- Load libs/proto's index.ts (transpiled on the fly) to use its real loader options. ---------

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
    },
  });
  module._compile(outputText, filename);
};
const lib = require(path.join(LIB_SRC, 'index.ts'));

if (lib.PROTO_ROOT !== PROTO_DIR) {
  fail(`PROTO_ROOT is ${lib.PROTO_ROOT}, expected ${PROTO_DIR}`);
}

// --- 1. Type-check libs/proto/src with the repository's compiler options. ------------------------

function listFiles(dir, predicate) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(full, predicate);
      return predicate(full) ? [full] : [];
    })
    .sort();
}

const tsconfigPath = path.join(ROOT, 'tsconfig.json');
const tsconfig = ts.getParsedCommandLineOfConfigFile(
  tsconfigPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  },
);
const rootNames = listFiles(LIB_SRC, (f) => f.endsWith('.ts'));
const program = ts.createProgram({
  rootNames,
  options: { ...tsconfig.options, noEmit: true },
});
const diagnostics = ts.getPreEmitDiagnostics(program);
for (const d of diagnostics) {
  fail(
    `tsc: ${ts
      .formatDiagnostic(d, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => '\n',
      })
      .trim()}`,
  );
}
const checker = program.getTypeChecker();

// --- Index the generated declarations by proto package and TypeScript name. ----------------------

const packageOfFile = (file) =>
  path.dirname(path.relative(GENERATED, file)).split(path.sep).join('.');
const tsNameOf = (fullName) => {
  // "meridian.hospital.v1.Outer.Inner" -> package "meridian.hospital.v1", ts-proto name "Outer_Inner".
  // Package segments are lower case (buf lint), type names are PascalCase.
  const parts = fullName.replace(/^\./, '').split('.');
  const firstType = parts.findIndex((p) => /^[A-Z]/.test(p));
  return { pkg: parts.slice(0, firstType).join('.'), name: parts.slice(firstType).join('_') };
};
const keyOf = (pkg, name) => `${pkg}.${name}`;
// "<package>.<ts-proto name>" of a proto type, the key of its generated declaration.
const tsKeyOf = (fullName) => {
  const { pkg, name } = tsNameOf(fullName);
  return keyOf(pkg, name);
};

const interfaces = new Map();
const enums = new Map();
for (const file of listFiles(
  GENERATED,
  (f) => f.endsWith('.ts') && !path.basename(f).startsWith('index'),
)) {
  const sourceFile = program.getSourceFile(file);
  const pkg = packageOfFile(file);
  for (const statement of sourceFile.statements) {
    if (ts.isInterfaceDeclaration(statement))
      interfaces.set(keyOf(pkg, statement.name.text), statement);
    if (ts.isEnumDeclaration(statement)) enums.set(keyOf(pkg, statement.name.text), statement);
  }
}

// Normalises a type node of a generated property into a comparable string, resolving references to
// "<package>.<Name>" through the checker (so import aliases do not matter).
function describeTypeNode(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    case ts.SyntaxKind.UndefinedKeyword:
      return 'undefined';
    case ts.SyntaxKind.LiteralType:
      return node.literal.kind === ts.SyntaxKind.NullKeyword ? 'null' : node.getText();
    case ts.SyntaxKind.ParenthesizedType:
      return describeTypeNode(node.type);
    case ts.SyntaxKind.UnionType:
      return node.types.map(describeTypeNode).sort().join(' | ');
    case ts.SyntaxKind.ArrayType:
      return `${describeTypeNode(node.elementType)}[]`;
    case ts.SyntaxKind.TypeLiteral: {
      const [member] = node.members;
      if (node.members.length === 1 && ts.isIndexSignatureDeclaration(member)) {
        return `map<${describeTypeNode(member.parameters[0].type)}, ${describeTypeNode(member.type)}>`;
      }
      return node.getText();
    }
    case ts.SyntaxKind.TypeReference: {
      let symbol = checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol && symbol.declarations && symbol.declarations[0];
      if (declaration && declaration.getSourceFile().fileName.startsWith(GENERATED)) {
        return keyOf(packageOfFile(declaration.getSourceFile().fileName), symbol.name);
      }
      return node.typeName.getText();
    }
    default:
      return node.getText();
  }
}

// --- 2. Load all protos twice: proto-loader (the run-time truth) and protobufjs (reflection). ----

const protoFiles = listFiles(PROTO_DIR, (f) => f.endsWith('.proto')).map((f) =>
  path.relative(PROTO_DIR, f),
);
const definition = protoLoader.loadSync(protoFiles, lib.PROTO_LOADER_OPTIONS);

const reflection = new protobuf.Root();
reflection.resolvePath = (_origin, target) => {
  if (path.isAbsolute(target)) return target;
  for (const dir of lib.PROTO_LOADER_OPTIONS.includeDirs) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return target;
};
reflection.loadSync(protoFiles, { keepCase: false });
reflection.resolveAll();

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 };
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBER_TYPES = new Set([
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
  'float',
  'double',
]);

// Encodes a message in which only `field` is set, to a non-default value, addressed by number.
function encodeSingleField(field) {
  const writer = protobuf.Writer.create();
  const tag = (wire) => writer.uint32(((field.id << 3) | wire) >>> 0);
  if (field.map || field.resolvedType instanceof protobuf.Type) {
    tag(WIRE.bytes).bytes(new Uint8Array(0)); // an empty sub-message / map entry
  } else if (field.resolvedType instanceof protobuf.Enum) {
    const nonZero = Object.values(field.resolvedType.values).find((v) => v !== 0);
    tag(WIRE.varint).int32(nonZero === undefined ? 1 : nonZero);
  } else {
    switch (field.type) {
      case 'string':
        tag(WIRE.bytes).string('x');
        break;
      case 'bytes':
        tag(WIRE.bytes).bytes(new Uint8Array([1]));
        break;
      case 'bool':
      case 'int32':
      case 'uint32':
      case 'int64':
      case 'uint64':
        tag(WIRE.varint).uint32(1);
        break;
      case 'sint32':
      case 'sint64':
        tag(WIRE.varint).uint32(2);
        break;
      case 'fixed32':
      case 'sfixed32':
        tag(WIRE.fixed32).fixed32(1);
        break;
      case 'float':
        tag(WIRE.fixed32).float(1.5);
        break;
      case 'fixed64':
      case 'sfixed64':
        tag(WIRE.fixed64).fixed64(1);
        break;
      case 'double':
        tag(WIRE.fixed64).double(1.5);
        break;
      default:
        throw new Error(`unsupported field type ${field.type}`);
    }
  }
  return Buffer.from(writer.finish());
}

// The TypeScript type a single (non-repeated) value of `field` must have, checked against the
// value proto-loader actually produced.
function expectedScalarType(field, value, where) {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (value === null || typeof value !== 'object')
      fail(`${where}: expected an object, got ${String(value)}`);
    return tsKeyOf(resolved.fullName);
  }
  if (resolved instanceof protobuf.Enum) {
    if (typeof value !== 'string' || !(value in resolved.values)) {
      fail(`${where}: expected an enum name of ${resolved.fullName}, got ${JSON.stringify(value)}`);
    }
    return tsKeyOf(resolved.fullName);
  }
  const actual = Buffer.isBuffer(value) ? 'Buffer' : typeof value;
  const expected =
    LONG_TYPES.has(field.type) || field.type === 'string'
      ? 'string'
      : NUMBER_TYPES.has(field.type)
        ? 'number'
        : field.type === 'bool'
          ? 'boolean'
          : field.type === 'bytes'
            ? 'Buffer'
            : `unknown(${field.type})`;
  if (actual !== expected)
    fail(`${where}: proto type ${field.type} arrived as ${actual}, expected ${expected}`);
  return expected;
}

let messageCount = 0;
let fieldCount = 0;
const virtualKeys = [];

for (const [fullName, entry] of Object.entries(definition)) {
  if (entry.format !== 'Protocol Buffer 3 DescriptorProto') continue;
  const type = reflection.lookupType(fullName);
  if (type.options && type.options.map_entry) continue;
  const { pkg, name } = tsNameOf(fullName);
  const declaration = interfaces.get(keyOf(pkg, name));
  if (!declaration) {
    fail(`${fullName}: no generated interface ${name} in package ${pkg}`);
    continue;
  }
  messageCount += 1;
  const renames = KNOWN_KEY_RENAMES[fullName] || {};
  const tsProps = new Map();
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member)) continue;
    tsProps.set(member.name.getText(), {
      optional: Boolean(member.questionToken),
      type: describeTypeNode(member.type),
    });
  }

  const empty = entry.deserialize(Buffer.alloc(0));
  const seen = new Set();
  for (const field of type.fieldsArray) {
    fieldCount += 1;
    const where = `${fullName}.${field.name} (#${field.id})`;
    const decoded = entry.deserialize(encodeSingleField(field));
    const changed = Object.keys(decoded).filter(
      (k) => !(k in empty) || JSON.stringify(decoded[k]) !== JSON.stringify(empty[k]),
    );
    // A oneof member (or proto3 optional) brings a virtual key naming it; that key is not a field.
    const oneof = field.partOf;
    const runtimeKeys = changed.filter(
      (k) => !(oneof && k === oneof.name && decoded[k] === field.name),
    );
    if (oneof && decoded[oneof.name] === field.name) {
      virtualKeys.push(`${fullName}.${oneof.name}`);
    }
    if (runtimeKeys.length !== 1) {
      fail(`${where}: setting it changed keys ${JSON.stringify(changed)}`);
      continue;
    }
    const runtimeKey = runtimeKeys[0];
    const tsKey = renames[runtimeKey] || runtimeKey;
    if (renames[runtimeKey])
      notes.push(`${fullName}: run-time key "${runtimeKey}" is "${tsKey}" in TypeScript (known)`);
    seen.add(tsKey);
    const prop = tsProps.get(tsKey);
    if (!prop) {
      fail(
        `${where}: proto-loader delivers key "${runtimeKey}", the interface ${name} has no such property`,
      );
      continue;
    }

    // Presence: non-oneof fields are always present (defaults: true); oneof members only when set.
    const presentWhenUnset = runtimeKey in empty;
    if (presentWhenUnset === prop.optional) {
      fail(
        `${where}: ${presentWhenUnset ? 'always present' : 'absent when unset'} at run time, but the property is ${prop.optional ? 'optional' : 'required'}`,
      );
    }

    const value = decoded[runtimeKey];
    let expected;
    if (field.map) {
      const entries = Object.entries(value);
      if (entries.length !== 1)
        fail(`${where}: expected a one-entry map object, got ${JSON.stringify(value)}`);
      const keyType =
        LONG_TYPES.has(field.keyType) || field.keyType === 'string' ? 'string' : 'number';
      expected = `map<${keyType === 'string' ? 'string' : 'number'}, ${expectedScalarType(field, entries[0][1], where)}>`;
      if (!(value !== null && typeof value === 'object' && !Array.isArray(value)))
        fail(`${where}: map arrived as ${typeof value}`);
    } else if (field.repeated) {
      if (!Array.isArray(value) || value.length !== 1) {
        fail(`${where}: expected a one-element array, got ${JSON.stringify(value)}`);
        continue;
      }
      if (!Array.isArray(empty[runtimeKey]) || empty[runtimeKey].length !== 0)
        fail(`${where}: unset repeated field is not []`);
      expected = `${expectedScalarType(field, value[0], where)}[]`;
    } else {
      expected = expectedScalarType(field, value, where);
      const isMessage = field.resolvedType instanceof protobuf.Type;
      if (oneof) {
        // ts-proto types oneof members as `x?: T | null` and proto3 optionals as `x?: T | null | undefined`.
        expected = [expected, 'null', ...(prop.type.includes('undefined') ? ['undefined'] : [])]
          .sort()
          .join(' | ');
      } else if (isMessage) {
        if (empty[runtimeKey] !== null)
          fail(
            `${where}: unset message field is ${JSON.stringify(empty[runtimeKey])}, expected null`,
          );
        expected = [expected, 'null'].sort().join(' | ');
      }
    }
    if (prop.type !== expected) {
      fail(
        `${where}: interface ${name}.${tsKey} is "${prop.type}", run time delivers "${expected}"`,
      );
    }
  }
  for (const tsKey of tsProps.keys()) {
    if (!seen.has(tsKey))
      fail(`${fullName}: interface property "${tsKey}" is never delivered by proto-loader`);
  }
}

// --- 3. Enums and services. -------------------------------------------------------------------

let enumCount = 0;
for (const [fullName, entry] of Object.entries(definition)) {
  if (entry.format !== 'Protocol Buffer 3 EnumDescriptorProto') continue;
  enumCount += 1;
  const { pkg, name } = tsNameOf(fullName);
  const declaration = enums.get(keyOf(pkg, name));
  if (!declaration) {
    fail(`${fullName}: no generated enum ${name} in package ${pkg}`);
    continue;
  }
  const protoNames = entry.type.value.map((v) => v.name);
  const tsMembers = declaration.members.map((m) => [
    m.name.getText(),
    m.initializer && m.initializer.text,
  ]);
  const tsNames = tsMembers.map(([memberName]) => memberName);
  if (JSON.stringify(protoNames) !== JSON.stringify(tsNames)) {
    fail(
      `${fullName}: enum members ${JSON.stringify(tsNames)} differ from proto ${JSON.stringify(protoNames)}`,
    );
  }
  for (const [memberName, initializer] of tsMembers) {
    if (memberName !== initializer)
      fail(`${fullName}.${memberName}: string value is ${JSON.stringify(initializer)}`);
  }
}

const services = Object.entries(definition).filter(([, entry]) => entry.format === undefined);
const listedServices = new Set(
  Object.keys(lib.GRPC_SERVICES).map((key) => lib.grpcServiceName(key)),
);
let methodCount = 0;
for (const [fullName, service] of services) {
  if (!listedServices.delete(fullName))
    fail(`${fullName}: missing from GRPC_SERVICES in libs/proto/src/index.ts`);
  const { pkg, name } = tsNameOf(fullName);
  for (const role of ['Controller', 'Client']) {
    const declaration = interfaces.get(keyOf(pkg, `${name}${role}`));
    if (!declaration) {
      fail(`${fullName}: no generated ${name}${role}`);
      continue;
    }
    const methods = new Map(
      declaration.members.filter(ts.isMethodSignature).map((m) => [m.name.getText(), m]),
    );
    for (const [methodName, method] of Object.entries(service)) {
      if (role === 'Controller') methodCount += 1;
      // NestJS binds handlers by the lower-camel name proto-loader reports as originalName.
      const signature = methods.get(method.originalName);
      if (!signature) {
        fail(`${fullName}/${methodName}: ${name}${role} has no method ${method.originalName}`);
        continue;
      }
      methods.delete(method.originalName);
      const request = describeTypeNode(signature.parameters[0].type);
      const rpc = reflection.lookupService(fullName).methods[methodName];
      const expectedRequest = tsKeyOf(rpc.resolvedRequestType.fullName);
      if (request !== expectedRequest)
        fail(
          `${fullName}/${methodName}: ${role} request type ${request}, expected ${expectedRequest}`,
        );
      const expectedResponse = tsKeyOf(rpc.resolvedResponseType.fullName);
      const returned = signature.type.getText();
      const mentioned =
        describeTypeNode(signature.type)
          .split(' | ')
          .some((t) => t === expectedResponse) ||
        (ts.isTypeReferenceNode(signature.type) &&
          signature.type.typeArguments &&
          describeTypeNode(signature.type.typeArguments[0]) === expectedResponse);
      if (!mentioned)
        fail(
          `${fullName}/${methodName}: ${role} returns ${returned}, expected ${expectedResponse}`,
        );
      if (method.responseStream && role === 'Controller' && !/^Observable</.test(returned)) {
        fail(
          `${fullName}/${methodName}: server-streaming controller method must return an Observable`,
        );
      }
    }
    for (const extra of methods.keys()) fail(`${fullName}: ${name}${role}.${extra} has no RPC`);
  }
}
for (const stale of listedServices)
  fail(`GRPC_SERVICES lists ${stale}, which no proto file defines`);

// --- Report. ------------------------------------------------------------------------------------

const uniqueVirtual = [...new Set(virtualKeys)];
console.log(
  `proto shapes: ${rootNames.length} TypeScript files type-checked; ${messageCount} messages ` +
    `(${fieldCount} fields), ${enumCount} enums, ${services.length} services (${methodCount} RPCs) compared ` +
    'with @grpc/proto-loader',
);
for (const note of [...new Set(notes)]) console.log(`  note: ${note}`);
if (uniqueVirtual.length > 0) {
  console.log(
    `  note: oneof virtual keys at run time, not in the interfaces: ${uniqueVirtual.join(', ')}`,
  );
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log('proto shapes: OK');
