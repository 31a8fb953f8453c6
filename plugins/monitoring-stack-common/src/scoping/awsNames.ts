const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;

/** True for an AWS region name such as `eu-west-1`. @public */
export function isAwsRegion(value: string): boolean {
  return REGION.test(value);
}

/** True for a 12-digit AWS account id. @public */
export function isAwsAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}
