export { ActionBar, actionBarActions, expectedFrom, isViewOnly, noPermissionText, viewOnlyText } from './ActionBar';
export type { ActionBarProps, ActionBarRequest } from './ActionBar';
export { ConfirmDialog } from './ConfirmDialog';
export { outcomeText, notOfferedReason } from './outcome';
