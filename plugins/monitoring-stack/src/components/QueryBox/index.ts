export { QueryBox } from './QueryBox';
