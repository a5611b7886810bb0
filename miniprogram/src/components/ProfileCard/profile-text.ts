/** The words of the avatar-and-nickname card. */
export const PROFILE_TEXT = {
  save: '保存',
  saving: '保存中…',
  saved: '已保存',
  skip: '以后再说',
  changeAvatar: '换头像',
  nickname: '昵称',
  nicknameInWechat: '点击使用微信昵称',
  nicknameInBrowser: '好友看到的名字',
  avatarTooLarge: '头像图片超过 1MB，请换一张',
  avatarWrongType: '头像请选择 JPG 或 PNG 图片',
  notSaved: '头像或昵称没有保存成功，请重新选择',
  promptTitle: '让好友认出你',
} as const;
