import Taro from '@tarojs/taro';
import { exportAnalyticsDashboard, type DashboardQuery } from '@memberloop/shared';
import { ApiCallError, urlOf } from '../../services/api-client';
import { withAccessToken } from '../../services/session';

type ExportQuery = Pick<DashboardQuery, 'from' | 'to' | 'granularity' | 'storeCode'>;

/**
 * The dashboard as a CSV file: a browser saves it as a download; in WeChat it is downloaded and sent to a chat
 * (the way a file leaves the mini-program). Resolves when the file is ready and handed over.
 */
export function saveDashboardCsv(query: ExportQuery, fileName: string): Promise<void> {
  return withAccessToken(async (token) => {
    const url = urlOf(exportAnalyticsDashboard, { query: { ...query } });
    if (process.env.TARO_ENV !== 'h5') {
      const file = await Taro.downloadFile({ url, header: { authorization: `Bearer ${token}` } });
      if (file.statusCode !== 200) throw new ApiCallError('INTERNAL_ERROR', '导出失败，请重试', file.statusCode);
      await Taro.shareFileMessage({ filePath: file.tempFilePath, fileName });
      return;
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new ApiCallError('INTERNAL_ERROR', '导出失败，请重试', response.status);
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  });
}
