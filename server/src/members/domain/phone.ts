/**
 * Mainland China mobile numbers: 11 digits starting with 1[3-9]. Stores and the shop send them in many
 * shapes (+86, spaces, dashes); we keep one normalised form.
 */
const MOBILE = /^1[3-9]\d{9}$/;

/** "+86 138-1234-1234" → "13812341234"; null when it is not a mainland mobile number. */
export function normalizeChineseMobile(input: string): string | null {
  const digits = input.replace(/[\s\-()]/g, '').replace(/^(\+?86|0086)(?=1\d{10}$)/, '');
  return MOBILE.test(digits) ? digits : null;
}

/** What staff see: "138****1234". */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
