package io.csms.sessions;

import io.csms.testing.TestCluster;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

/** Two real Hazelcast members (in this JVM) sharing the cluster map: what nodes without Redis use. */
@ExtendWith(VertxExtension.class)
class ClusteredMapSessionRegistryTest extends SessionRegistryContract {
  private static Vertx memberA;
  private static Vertx memberB;
  private static SessionRegistry nodeA;
  private static SessionRegistry nodeB;

  @BeforeAll
  static void formCluster() throws Exception {
    List<Vertx> members = TestCluster.form(2);
    memberA = members.get(0);
    memberB = members.get(1);
    nodeA = new SharedMapSessionRegistry(memberA, Duration.ofSeconds(30));
    nodeB = new SharedMapSessionRegistry(memberB, Duration.ofSeconds(30));
  }

  @AfterAll
  static void leave() throws Exception {
    memberA.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    memberB.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  SessionRegistry registry() {
    return nodeA;
  }

  @Override
  SessionRegistry otherNode() {
    return nodeB;
  }
}
