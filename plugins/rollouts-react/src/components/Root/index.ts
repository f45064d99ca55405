export { RollscopeRoot, useRollscopeStyles } from './Root';
