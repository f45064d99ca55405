export { ActionBar, actionBarActions, expectedFrom, noPermissionText } from './ActionBar';
export type { ActionBarProps } from './ActionBar';
