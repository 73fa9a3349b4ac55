// A sign-in in the browser, both kinds: a device code (IAM Identity Center, OIDC device flow) with
// the code to check, or a browser sign-in (OIDC PKCE) whose answer returns to authui's loopback
// listener. The link, time left, and esc to give up; the engine closes it when the answer arrives.
import { Box, Text } from 'ink';
import { formatRemaining } from '../auth/duration.js';
import { SPINNER } from '../components/lines.js';
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
  useKeymap('device-code', { cancel: () => deviceCode?.cancel(), open: () => deviceCode?.open?.() });
  if (!deviceCode) return null;
  const { prompt } = deviceCode;
  return (
    <PromptFrame title={`Sign in · ${prompt.title}`} width={width} keys="device-code">
      <Text>
        {prompt.userCode
          ? ' Open this link in a browser and approve the request:'
          : ' Open this link in a browser and sign in; you are brought back here:'}
      </Text>
      <Text color={theme.info}> {prompt.verificationUri}</Text>
      <Text> </Text>
      {prompt.userCode ? (
        <Text>
          {' '}
          Check that the page shows the code <Text bold>{prompt.userCode}</Text>
        </Text>
      ) : null}
      <Text dimColor>
        {' '}
        {prompt.userCode ? 'The code expires' : 'The sign-in times out'} in {left}.
      </Text>
      <Box marginTop={1}>
        <Text>
          {' '}
          {spin} {prompt.userCode ? 'waiting for approval…' : 'waiting for the browser…'}
        </Text>
      </Box>
    </PromptFrame>
  );
}
