// The theme from context: colour, or none under NO_COLOR (symbols carry the meaning). What it
// holds is components/look.ts.
import { createContext, useContext, type ReactNode } from 'react';
import { makeTheme, type Theme } from './look.js';

const ThemeContext = createContext<Theme>(makeTheme(true));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
