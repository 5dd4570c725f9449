package io.csms.cluster;

/** Two nodes whose session registry is the cluster's own shared map. */
class ClusterWithoutRedisTest extends ClusterContract {
  @Override
  String redisUrl() {
    return null;
  }
}
