// Checks the local Kafka broker with the client the services use (kafkajs):
// admin createTopics, produce with headers, consume through a classic consumer
// group, offset commit and fetch, describe/delete group, deleteTopics.
//
//   node tools/infra/verify-kafka.mjs [brokers]     (default $KAFKA_BROKERS or 127.0.0.1:9092)
//
// Exits 0 and prints "kafka verify: OK ..." when every step worked.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const kafkajsVersion = require('kafkajs/package.json').version;

const brokers = (process.argv[2] ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const runId = `${Date.now()}-${process.pid}`;
// "test." prefix: tools/infra.sh reset-test removes leftovers of a failed run.
const topic = `test.infra-verify.${runId}`;
const groupId = `test.infra-verify.${runId}`;
const deadlineMs = 60_000;

const step = (name) => console.log(`[verify] ${name}`);
const ms = (t0) => `${(performance.now() - t0).toFixed(1)} ms`;

function withTimeout(promise, what, timeout = 30_000) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeout} ms`)), timeout);
    }),
  ]).finally(() => clearTimeout(timer));
}

const kafka = new Kafka({
  clientId: 'meridian-infra-verify',
  brokers,
  logLevel: logLevel.WARN,
  retry: { retries: 5, initialRetryTime: 100 },
});
const admin = kafka.admin();
const producer = kafka.producer({
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
});
// maxWaitTimeInMs: kafkajs' default (5 s) also delays disconnect() by up to 5 s,
// because it waits for the fetch long-poll in flight. Tests should lower it too.
const consumer = kafka.consumer({
  groupId,
  sessionTimeout: 10_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 250,
});
const steadyRounds = 20;

async function main() {
  const started = performance.now();
  const hardStop = setTimeout(() => {
    console.error(`[verify] FAILED: no result within ${deadlineMs} ms`);
    process.exit(1);
  }, deadlineMs);

  let t0 = performance.now();
  await admin.connect();
  const cluster = await admin.describeCluster();
  step(
    `admin connected, cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s), controller ${cluster.controller} (${ms(t0)})`,
  );

  t0 = performance.now();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  if (!created) throw new Error(`createTopics returned false for ${topic}`);
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  step(`created topic ${topic} with ${meta.topics[0].partitions.length} partitions (${ms(t0)})`);

  await producer.connect();
  t0 = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });

  // Produce only once the group has assigned partitions, so the timing is a
  // real produce -> fetch round trip and not the join.
  const joined = withTimeout(
    new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, (e) => resolve(e))),
    'consumer group join',
  );
  const key = `patient-${runId}`;
  // Resolvers by message key: each produced message waits for its own arrival.
  const waiting = new Map();
  const arrival = (k) => new Promise((resolve) => waiting.set(k, resolve));
  const received = arrival(key);
  let runError;
  consumer
    .run({
      autoCommit: false,
      eachMessage: async ({ topic: t, partition, message }) => {
        const at = performance.now();
        await consumer.commitOffsets([
          { topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
        waiting.get(message.key?.toString())?.({ partition, message, at });
      },
    })
    .catch((err) => {
      runError = err;
    });
  const join = await joined;
  step(
    `consumer joined group ${groupId} as ${join.payload.isLeader ? 'leader' : 'member'}, ` +
      `assignment ${JSON.stringify(join.payload.memberAssignment)} (${ms(t0)})`,
  );

  const sentAt = performance.now();
  const value = JSON.stringify({ type: 'infra.verify', sentAt: new Date().toISOString() });
  const [record] = await producer.send({
    topic,
    acks: -1,
    messages: [
      { key, value, headers: { 'x-correlation-id': runId, 'content-type': 'application/json' } },
    ],
  });
  const ackMs = performance.now() - sentAt;
  step(
    `produced to partition ${record.partition} offset ${record.baseOffset}, ack after ${ackMs.toFixed(1)} ms`,
  );

  const got = await withTimeout(received, 'consume');
  if (runError) throw runError;
  const roundTrip = got.at - sentAt;
  const headers = Object.fromEntries(
    Object.entries(got.message.headers).map(([k, v]) => [k, v.toString()]),
  );
  if (got.message.value.toString() !== value)
    throw new Error('consumed value differs from produced value');
  if (headers['x-correlation-id'] !== runId || headers['content-type'] !== 'application/json') {
    throw new Error(`headers did not survive the round trip: ${JSON.stringify(headers)}`);
  }
  step(
    `consumed partition ${got.partition} offset ${got.message.offset} with headers ${JSON.stringify(headers)}`,
  );

  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.find((p) => p.partition === got.partition);
  const expected = (BigInt(got.message.offset) + 1n).toString();
  if (committed?.offset !== expected) {
    throw new Error(
      `committed offset ${committed?.offset} for partition ${got.partition}, expected ${expected}`,
    );
  }
  step(
    `offset commit + fetch ok (group ${groupId}, partition ${got.partition} -> ${committed.offset})`,
  );

  // Steady state: sequential produce -> consume round trips on warm connections.
  const samples = [];
  for (let i = 0; i < steadyRounds; i++) {
    const k = `${key}-${i}`;
    const arrived = arrival(k);
    const t = performance.now();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: k, value: String(i), headers: { n: String(i) } }],
    });
    const { at } = await withTimeout(arrived, `round trip ${i}`);
    samples.push(at - t);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length / 2)];
  const max = samples[samples.length - 1];
  step(`${steadyRounds} more round trips: p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`);

  const described = await admin.describeGroups([groupId]);
  const g = described.groups[0];
  // kafkajs speaks only the classic group protocol (JoinGroup/SyncGroup), not KIP-848.
  if (g.protocolType !== 'consumer' || g.state !== 'Stable') {
    throw new Error(
      `unexpected group description ${JSON.stringify({ state: g.state, protocolType: g.protocolType })}`,
    );
  }
  step(
    `classic consumer group: state ${g.state}, protocolType ${g.protocolType}, assignor ${g.protocol}, ${g.members.length} member(s)`,
  );

  t0 = performance.now();
  await consumer.disconnect();
  await producer.disconnect();
  step(`consumer left the group, clients disconnected (${ms(t0)})`);

  t0 = performance.now();
  await admin.deleteGroups([groupId]);
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  step(`deleted group and topic (${ms(t0)})`);
  await admin.disconnect();

  clearTimeout(hardStop);
  console.log(
    `kafka verify: OK (kafkajs ${kafkajsVersion}, brokers ${brokers.join(',')}): first produce->consume round trip ${roundTrip.toFixed(1)} ms (ack ${ackMs.toFixed(1)} ms), then p50 ${p50.toFixed(1)} ms over ${steadyRounds}; whole check ${ms(started)}`,
  );
}

main().catch(async (err) => {
  console.error(`[verify] FAILED: ${err?.stack ?? err}`);
  if (err?.type) console.error(`[verify] kafka error type ${err.type}, code ${err.code}`);
  await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  await admin.deleteTopics({ topics: [topic], timeout: 5_000 }).catch(() => {});
  await admin.disconnect().catch(() => {});
  process.exit(1);
});
