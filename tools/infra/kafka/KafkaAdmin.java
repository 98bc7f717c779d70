import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Small admin helper for tools/infra.sh, run with the broker's own jars so it
 * works before any Node dependency is installed.
 *
 *   KafkaAdmin <bootstrap> wait <timeoutSeconds>   metadata round trip until the broker answers
 *   KafkaAdmin <bootstrap> delete-prefix <prefix>  delete topics whose names start with prefix
 *
 * Exit codes: 0 ok, 1 failure/timeout, 2 usage.
 */
public final class KafkaAdmin {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: KafkaAdmin <bootstrap> wait <seconds> | delete-prefix <prefix>");
      System.exit(2);
    }
    String bootstrap = args[0];
    switch (args[1]) {
      case "wait" -> System.exit(waitReady(bootstrap, Integer.parseInt(args[2])));
      case "delete-prefix" -> System.exit(deletePrefix(bootstrap, args[2]));
      default -> {
        System.err.println("unknown command " + args[1]);
        System.exit(2);
      }
    }
  }

  private static Admin admin(String bootstrap, int timeoutMs) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "meridian-infra");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5000));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 200);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return Admin.create(p);
  }

  /** Retries describeCluster + listTopics (both metadata requests) until they succeed. */
  private static int waitReady(String bootstrap, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String last = "no answer";
    try (Admin admin = admin(bootstrap, 5000)) {
      while (System.nanoTime() < deadline) {
        try {
          DescribeClusterResult c = admin.describeCluster();
          String clusterId = c.clusterId().get(5, TimeUnit.SECONDS);
          int brokers = c.nodes().get(5, TimeUnit.SECONDS).size();
          int controllerId = c.controller().get(5, TimeUnit.SECONDS).id();
          admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(5, TimeUnit.SECONDS);
          if (brokers > 0 && controllerId >= 0) {
            // Asking for a group's offsets makes the broker create __consumer_offsets
            // now, so the first consumer group of a test does not wait for it.
            admin.listConsumerGroupOffsets("meridian-infra-warmup")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            System.out.println("cluster " + clusterId + ", brokers " + brokers + ", controller " + controllerId
                + ", group coordinator ready");
            return 0;
          }
          last = "cluster has no live broker yet";
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          last = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        Thread.sleep(250);
      }
    }
    System.err.println("broker at " + bootstrap + " did not answer within " + timeoutSeconds + "s (" + last + ")");
    return 1;
  }

  private static int deletePrefix(String bootstrap, String prefix) throws Exception {
    if (prefix.isEmpty()) {
      System.err.println("refusing an empty prefix");
      return 2;
    }
    try (Admin admin = admin(bootstrap, 15000)) {
      List<String> doomed = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(prefix))
          .sorted()
          .toList();
      if (!doomed.isEmpty()) {
        admin.deleteTopics(doomed).all().get(30, TimeUnit.SECONDS);
      }
      System.out.println("deleted " + doomed.size() + " topic(s)" + (doomed.isEmpty() ? "" : ": " + String.join(", ", doomed)));
      return 0;
    }
  }
}
