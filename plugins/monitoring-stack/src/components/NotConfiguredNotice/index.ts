export { NotConfiguredNotice } from './NotConfiguredNotice';
