/** The slice of @tarojs/taro the components use, as jest mocks tests can inspect and program. */
const Taro = {
  request: jest.fn(),
  login: jest.fn(async () => ({ code: 'test-code', errMsg: 'login:ok' })),
  getStorageSync: jest.fn(),
  setStorageSync: jest.fn(),
  removeStorageSync: jest.fn(),
  showToast: jest.fn(),
  showModal: jest.fn(),
  navigateTo: jest.fn(),
  redirectTo: jest.fn(),
  stopPullDownRefresh: jest.fn(),
  scanCode: jest.fn(),
  reLaunch: jest.fn(),
  setClipboardData: jest.fn(),
  previewImage: jest.fn(),
  chooseImage: jest.fn(),
  uploadFile: jest.fn(),
  getCurrentPages: jest.fn(() => []),
  navigateBack: jest.fn(),
  eventCenter: { on: jest.fn(), off: jest.fn(), trigger: jest.fn() },
  pxTransform: jest.fn((size: number) => `${size / 40}rem`),
};

export const usePullDownRefresh = jest.fn();
export const useDidShow = jest.fn();
export const useDidHide = jest.fn();
export const useLaunch = jest.fn();
export const useShareAppMessage = jest.fn();
export const useRouter = jest.fn(() => ({ params: {} }));
export default Taro;
