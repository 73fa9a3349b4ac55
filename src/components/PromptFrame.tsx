// The frame every prompt screen shares (credential form, MFA, device code, Recovery): a bold
// title, an optional description, the body, and the screen's keys at the bottom.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { KeymapScope } from '../input/keymap.js';
import { KeyHints } from './KeyHints.js';
import { fit } from './look.js';

export interface PromptFrameProps {
  title: string;
  description?: string;
  width: number;
  /** Whose keys the footer lists. */
  keys: KeymapScope;
  children: ReactNode;
}

export function PromptFrame({ title, description, width, keys, children }: PromptFrameProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(` ${title}`, width)}</Text>
      {description ? <Text> {description}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <Box marginTop={1}>
        <KeyHints scope={keys} width={width} />
      </Box>
    </Box>
  );
}
