export { humanDuration, formatAge, parseDurationSeconds, formatSeconds } from './duration';
export { formatStepProgress, formatStepPosition, formatPauseCountdown, formatPercent, relativeWeight } from './steps';
