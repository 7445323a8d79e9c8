export * from './contract';
export { annexCloudApiRequest, CREDENTIAL_TYPE, DEFAULT_TIMEOUT_MS, startNewRun } from './request';
export { asNodeError, toNodeApiError } from './errors';
export type { AnnexCloudFunctions, AnnexCloudRequest } from './request';
export { annexCloudApiRequestAllItems, MAX_PAGES } from './requestAllItems';
export type { AllItemsRequest } from './requestAllItems';
export { extractList, hasNextPage, readPageInfo, toCount } from './pagination';
export { DEFAULT_RETRY_POLICY } from './retryPolicy';
export type { RetryPolicy } from './retryPolicy';
