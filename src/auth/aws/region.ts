import type { Config, NodeConfig } from '../config/types.js';
import { nodeId } from '../config/types.js';
import { str } from '../kinds/settings.js';
import { DEFAULT_REGION } from './sts.js';

/** The region a node's AWS calls use: its own setting, else the nearest one up its chain. */
export function awsRegionOf(node: NodeConfig, config: Config): string {
  const byId = new Map(config.nodes.map((n) => [n.id, n]));
  let current: NodeConfig | undefined = node;
  while (current) {
    const region = str(current, 'principal', 'region') ?? str(current, 'credentials', 'region') ?? str(current, 'region');
    if (region) return region;
    current = current.via ? byId.get(nodeId(current.via.type, current.via.name)) : undefined;
  }
  return DEFAULT_REGION;
}
