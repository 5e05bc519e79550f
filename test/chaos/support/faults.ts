import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsClusterNode } from '#libs/testing';

/** The node leading `stream` now (the one whose loss forces an election), or the first node when the stream has no leader. */
export async function leaderOf(nc: NatsConnection, stream: string, nodes: readonly NatsClusterNode[]): Promise<NatsClusterNode> {
  const info = await (await jetstreamManager(nc)).streams.info(stream).catch(() => undefined);
  return nodes.find((n) => n.name === info?.cluster?.leader) ?? nodes[0]!;
}
