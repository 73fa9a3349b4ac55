// A device-code sign-in (IAM Identity Center, OIDC): the link, the code to check, time left,
// and esc to give up. The engine closes it when the browser approval arrives.
import { Box, Text, useInput } from 'ink';
import { formatRemaining } from '../auth/duration.js';
import { SPINNER } from '../components/Countdown.js';
import { KeyHints } from '../components/KeyHints.js';
import { fit } from '../components/theme.js';
import { useAppStore } from '../store/context.js';
import { actionFor, keyName } from '../input/keymap.js';

export function DeviceCode() {
  const deviceCode = useAppStore((s) => s.deviceCode);
  const width = useAppStore((s) => s.size.columns);
  const left = useAppStore((s) => (s.deviceCode ? formatRemaining(s.deviceCode.prompt.expiresAt - s.now) : ''));
  const spin = useAppStore((s) => SPINNER[s.spin % SPINNER.length]);
  useInput((input, key) => {
    if (actionFor('device-code', keyName(input, key)) === 'cancel') deviceCode?.cancel();
  });
  if (!deviceCode) return null;
  const { prompt } = deviceCode;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(` Sign in · ${prompt.title}`, width)}</Text>
      <Box flexDirection="column" marginTop={1}>
        <Text> Open this link in a browser and approve the request:</Text>
        <Text color="cyan"> {prompt.verificationUri}</Text>
        <Text> </Text>
        <Text>
          {' '}Check that the page shows the code <Text bold>{prompt.userCode}</Text>
        </Text>
        <Text dimColor> The code expires in {left}.</Text>
      </Box>
      <Box marginTop={1}>
        <Text>
          {' '}
          {spin} waiting for approval…
        </Text>
      </Box>
      <Box marginTop={1}>
        <KeyHints scope="device-code" width={width} />
      </Box>
    </Box>
  );
}
