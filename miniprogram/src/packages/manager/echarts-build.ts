import Taro from '@tarojs/taro';
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/*
 * The one place that loads ECharts, with only what the dashboard draws (bars, rings, gauges on canvas): the full
 * library would not fit a subpackage. Only the manager's pages import it, so it stays out of the main package.
 */
echarts.use([BarChart, PieChart, GaugeChart, GridComponent, TooltipComponent, CanvasRenderer]);

if (process.env.TARO_ENV !== 'h5') {
  // zrender measures text on a canvas it creates with document.createElement, which gives no canvas in WeChat.
  echarts.setPlatformAPI({
    createCanvas: () => Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as HTMLCanvasElement,
  });
}

export { echarts };
