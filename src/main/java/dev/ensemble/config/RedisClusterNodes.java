package dev.ensemble.config;

import java.util.List;

/**
 * A Redis Cluster: some of its nodes, from which the bus learns the rest and which shard serves
 * which slot, and the credentials of every node. Its text form never shows a password.
 *
 * @param nodes the nodes to ask first, in the order given; any one that answers is enough
 * @param credentials user and password of the nodes
 */
public record RedisClusterNodes(
    List<RedisSentinels.Address> nodes, RedisSentinels.Credentials credentials) {

  /** The setting that lists the nodes; its errors start with this name. */
  static final String SETTING = "REDIS_CLUSTER_NODES";

  static List<RedisSentinels.Address> parse(String list) {
    return RedisSentinels.parse(SETTING, list, "redis1:6379,redis2:6379");
  }
}
