import type { CSSProperties, ReactNode } from 'react';
import { useTheme } from '@material-ui/core/styles';

/** Maps the Material UI (Backstage) theme onto Rollscope's CSS variables. */
export function ThemeBridge(props: { children?: ReactNode }) {
  const theme = useTheme();
  const p = theme.palette;
  const style = {
    '--rollscope-stable': p.success?.main ?? '#2e7d32',
    '--rollscope-canary': p.warning?.main ?? '#ef6c00',
    '--rollscope-preview': p.info?.main ?? p.primary.main,
    '--rollscope-experiment': p.secondary.main,
    '--rollscope-text': p.text.primary,
    '--rollscope-text-muted': p.text.secondary,
    '--rollscope-surface': p.background.paper,
    '--rollscope-surface-alt': p.background.default,
    '--rollscope-border': p.divider,
    '--rollscope-danger': p.error.main,
    '--rollscope-warning': p.warning?.dark ?? '#b26a00',
    '--rollscope-ok': p.success?.main ?? '#2e7d32',
    '--rollscope-font': theme.typography.fontFamily,
  } as CSSProperties;
  return <div style={style}>{props.children}</div>;
}
