export * from './Host';
