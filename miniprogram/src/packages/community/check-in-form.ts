import { checkInWithSiteCode } from '@memberloop/shared';
import { checkContract } from '../../services/contract-check';
import { CHECK_IN_TEXT } from './community-text';

/**
 * What is wrong with an on-site code the member scanned or pasted, the field named in Chinese, checked against the
 * contract the server checks it with (so a code cut off when pasted is never sent); undefined when it can be sent.
 */
export function siteCodeProblem(code: string): string | undefined {
  const checked = checkContract(
    // The endpoint's body is declared on it: the same schema the server validates the request with.
    checkInWithSiteCode.body!,
    { code: code.trim() },
    {
      code: () =>
        code.trim() === '' ? `请先${CHECK_IN_TEXT.paste}` : `${CHECK_IN_TEXT.codeField}不完整或有误，请重新扫描或粘贴`,
    },
  );
  return checked.ok ? undefined : checked.first;
}
