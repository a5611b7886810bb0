import { MIN_CHECK_IN_TOKEN_LENGTH } from './manager-text';

/**
 * WeChat scans the member's QR code with the camera; the H5 build (a desktop, a till) has no scanner, so the six
 * digits under the member's code are typed instead (or the code pasted).
 */
const SHORT_CODE = /^\d{6}$/;

/**
 * What a typed or scanned code is: six digits (spaces allowed) under the member's QR code, else the code itself;
 * undefined when it is neither (a code cut short when pasted).
 */
export function checkInBodyOf(typedOrScanned: string): { shortCode: string } | { token: string } | undefined {
  const digits = typedOrScanned.replace(/\s/g, '');
  if (SHORT_CODE.test(digits)) return { shortCode: digits };
  const token = typedOrScanned.trim();
  return token.length >= MIN_CHECK_IN_TOKEN_LENGTH ? { token } : undefined;
}
