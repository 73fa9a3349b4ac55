// A device-code sign-in (IAM Identity Center, OIDC): the link, the code to check, time left,
// and esc to give up. The engine closes it when the browser approval arrives.
import { Box, Text } from 'ink';
import { formatRemaining } from '../auth/duration.js';
import { SPINNER } from '../components/Countdown.js';
import { PromptFrame } from '../components/PromptFrame.js';
import { useTheme } from '../components/theme.js';
import { useKeymap } from '../input/use-keymap.js';
import { useAppStore } from '../store/context.js';

export function DeviceCode() {
  const deviceCode = useAppStore((s) => s.deviceCode);
  const width = useAppStore((s) => s.size.columns);
  const left = useAppStore((s) => (s.deviceCode ? formatRemaining(s.deviceCode.prompt.expiresAt - s.now) : ''));
  const spin = useAppStore((s) => SPINNER[s.spin % SPINNER.length]);
  const theme = useTheme();
  useKeymap('device-code', { cancel: () => deviceCode?.cancel() });
  if (!deviceCode) return null;
  const { prompt } = deviceCode;
  return (
    <PromptFrame title={`Sign in · ${prompt.title}`} width={width} keys="device-code">
      <Text> Open this link in a browser and approve the request:</Text>
      <Text color={theme.info}> {prompt.verificationUri}</Text>
      <Text> </Text>
      <Text>
        {' '}
        Check that the page shows the code <Text bold>{prompt.userCode}</Text>
      </Text>
      <Text dimColor> The code expires in {left}.</Text>
      <Box marginTop={1}>
        <Text> {spin} waiting for approval…</Text>
      </Box>
    </PromptFrame>
  );
}
