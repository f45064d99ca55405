export { StepProgress, PauseNotice, ProgressBar } from './StepProgress';
