import { quantityText } from '@memberloop/shared';
import { ROLE_LABEL } from './hq-text';

type Role = keyof typeof ROLE_LABEL;

/** HQ's staff screen (hq/staff.tsx). */
export const STAFF_TEXT = {
  memberNoFault: '会员号是 M 加 8 位数字，如 M00000042',
  storesFault: '门店编号为 1–40 个字符，最多 200 个',
  noStores: '请填写至少一个负责的门店编号',
  granted: (role: Role) => `已设为${ROLE_LABEL[role]}`,
  revokeTitle: '收回权限',
  changeTitle: '调整权限',
  revokeConfirm: (name: string) => `收回「${name}」的全部员工权限？对方下一次操作起即失去权限。`,
  changeConfirm: (name: string, next: Role) =>
    `把「${name}」设为${ROLE_LABEL[next]}？${next === 'manager' ? '负责门店保持不变。' : '总部可管理全部门店与社群。'}`,
  revoked: '已收回',
  changed: '已调整',
  formTitle: '开通或调整员工',
  memberNo: '会员号',
  memberNoPlaceholder: '对方“我的”页面里的会员号',
  role: '角色',
  stores: '负责门店',
  storesPlaceholder: '门店编号，用逗号分隔',
  hint: '对方需先登录过一次小程序；权限在对方下次打开小程序时生效',
  submitting: '提交中…',
  save: '保存权限',
  accounts: (count: number) => `员工账号 · ${count}`,
  noAccounts: '还没有员工账号',
  noNickname: '未设置昵称',
  accountMeta: (account: { memberNo: string; role: Role; storeCodes: string[]; communities: number; since?: string }) =>
    [
      account.memberNo,
      ...(account.role === 'manager'
        ? [account.storeCodes.length > 0 ? `门店 ${account.storeCodes.join('、')}` : '未分配门店']
        : []),
      ...(account.communities > 0 ? [`运营 ${quantityText(account.communities, '个社群')}`] : []),
      ...(account.since ? [`${account.since}开通`] : []),
    ].join(' · '),
  toManager: '改为门店运营',
  toHq: '设为总部',
  revoke: '收回',
} as const;

/** Why the server refused a staff change, in words HQ acts on: by the reason it gave, else by its code. */
export const STAFF_REFUSALS = {
  reasons: {
    OWN_ROLE: '不能修改自己的权限，请另一位总部同事操作',
    LAST_HQ: '这是最后一个总部账号，请先设置另一位总部',
  },
  refusals: {
    NOT_FOUND: '找不到这个会员号：请对方先登录一次小程序',
    FORBIDDEN: '你的总部权限已被收回',
  },
} as const;
