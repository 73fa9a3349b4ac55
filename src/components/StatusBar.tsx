// One line at the bottom: which credential backend is active and which config is loaded.
import { Text } from 'ink';
import { fit, useTheme } from './theme.js';

export interface StatusBarProps {
  backend: { name: string; location: string; fallbackReason?: string };
  configPath: string;
  width: number;
}

export function StatusBar({ backend, configPath, width }: StatusBarProps) {
  const theme = useTheme();
  const fallback = backend.fallbackReason !== undefined;
  const text = ` Credentials: ${backend.name}${fallback ? ' (fallback)' : ''} · ${backend.location} · config: ${configPath}`;
  return (
    <Text inverse color={fallback ? theme.warning : undefined}>
      {fit(text, width)}
    </Text>
  );
}
