package io.csms.cluster;

import io.csms.testing.TestRedis;

/** Two nodes whose session registry is Redis. */
class ClusterWithRedisTest extends ClusterContract {
  @Override
  String redisUrl() {
    return TestRedis.url();
  }
}
