import { MAX_ACTIVITY_COVER_BYTES, quantityText } from '@memberloop/shared';
import type { FieldFaults } from '../../services/contract-check';

export const TITLE_MAX = 40;
export const DESCRIPTION_MAX = 2000;
export const PLACE_MAX = 200;
export const CAPACITY_MAX = 10_000;
export const POINTS_MAX = 100_000;
const COVER_MAX_MB = MAX_ACTIVITY_COVER_BYTES / 1024 / 1024;

/** Each field the contract (NewActivity) may refuse, named in the manager's words. */
export const ACTIVITY_FIELD_FAULTS: FieldFaults = {
  title: `请填写活动标题，${quantityText(TITLE_MAX, '字')}以内`,
  coverImageUrl: '请选择一张封面图片',
  description: `活动介绍最多 ${quantityText(DESCRIPTION_MAX, '字')}`,
  startsAt: '请选择开始、结束和报名截止时间',
  endsAt: '请选择开始、结束和报名截止时间',
  signUpDeadline: '请选择开始、结束和报名截止时间',
  place: `地点最多 ${quantityText(PLACE_MAX, '字')}`,
  liveUrl: '直播链接需以 https:// 开头',
  capacity: `名额请填 1 到 ${CAPACITY_MAX} 之间的整数`,
  minTierCode: '请重新选择报名等级',
  pointsReward: `签到积分请填 0 到 ${POINTS_MAX} 之间的整数`,
};

/** The activity form's words (manager/activity-form.tsx). */
export const ACTIVITY_FORM_TEXT = {
  editTitle: '编辑活动',
  sectionContent: '活动内容',
  sectionTime: '时间',
  sectionPlace: '地点与名额',
  title: '标题',
  titlePlaceholder: '如：冬季护肤沙龙',
  cover: '封面',
  coverChoose: '选择封面图片',
  coverChange: '更换',
  coverRemove: '移除',
  coverHint: `支持 JPG、PNG、WebP，${quantityText(COVER_MAX_MB, 'MB')}以内，建议横图`,
  coverTooLarge: `封面图片超过 ${quantityText(COVER_MAX_MB, 'MB')}，请换一张`,
  coverFallbackTitle: '活动',
  descriptionPlaceholder: '活动介绍：流程、嘉宾、适合谁、需要带什么（选填）',
  start: '开始',
  end: '结束',
  deadline: '报名截止',
  checkInWindow: `签到从开始前 ${quantityText(1, '小时')}开放，到结束为止`,
  place: '地点',
  placePlaceholder: '门店地址或场地',
  live: '直播链接',
  livePlaceholder: '线上直播填 https:// 链接',
  capacity: '名额',
  capacityPlaceholder: '人数',
  tier: '报名等级',
  everyMember: '所有会员',
  tierAndUp: (name: string) => `${name}及以上`,
  points: '签到积分',
  pointsPlaceholder: '到场签到奖励的积分',
  saveChanges: '保存修改',
  saveDraft: '存为草稿',
  publishNow: '直接发布',
  uploadingCover: '正在上传封面…',
  saving: '保存中…',
  noChanges: '没有修改',
  saved: '已保存',
  published: '已发布',
  draftSaved: '已存为草稿',
  publishFailed: '已存为草稿，发布未成功，请在活动页再点发布',
  endBeforeStart: '结束时间要晚于开始时间',
  tooLong: `一场活动最长 ${quantityText(31, '天')}`,
  alreadyOver: '结束时间已经过了，请重新选择',
  deadlineAfterEnd: '报名截止不能晚于活动结束',
  noPlace: '请填写活动地点或直播链接',
  activityLinkBroken: '活动链接不完整',
  communityLinkBroken: '社群链接不完整',
} as const;

/** The server's refusals of a save, in the manager's words. */
export const SAVE_REFUSALS = {
  CONFLICT: '与当前报名情况冲突：名额不能少于已报名人数，有人签到后不能再改积分',
  VALIDATION_FAILED: '填写的内容有误，请检查时间、封面、链接和地点',
  FORBIDDEN: '这个社群不在你的管理范围内',
} as const;

/** The server's refusals of a cover upload, in the manager's words. */
export const COVER_REFUSALS = {
  UNSUPPORTED_MEDIA_TYPE: '请选择 JPG、PNG 或 WebP 格式的图片',
  PAYLOAD_TOO_LARGE: `封面图片超过 ${quantityText(COVER_MAX_MB, 'MB')}，请换一张`,
  FORBIDDEN: '这个社群不在你的管理范围内',
} as const;
