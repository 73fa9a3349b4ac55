// One line at the bottom: which credential backend is active and which config is loaded.
import { Text } from 'ink';
import { useAppStore } from '../store/context.js';
import { fit } from './theme.js';

export function StatusBar({ width }: { width: number }) {
  const backend = useAppStore((s) => s.backend);
  const configPath = useAppStore((s) => s.configPath);
  const color = useAppStore((s) => s.color);
  const warn = backend.fallbackReason !== undefined;
  const text = ` Credentials: ${backend.name}${warn ? ' (fallback)' : ''} · ${backend.location} · config: ${configPath}`;
  return (
    <Text inverse color={warn && color ? 'yellow' : undefined}>
      {fit(text, width)}
    </Text>
  );
}
