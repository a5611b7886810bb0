import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ECharts } from 'echarts/core';
import { CanvasRoot, forwardTouch, type CanvasNode } from './canvas-adapter';
import type { ChartOption } from './chart-options';
import { echarts } from './echarts-build';

let charts = 0;

/** A length in design px in CSS px on this screen, as Taro converts the stylesheets (rpx in WeChat, rem in H5). */
export function designPx(design: number): number {
  if (process.env.TARO_ENV !== 'h5') return (design * Taro.getWindowInfo().windowWidth) / 750;
  return parseFloat(Taro.pxTransform(design)) * parseFloat(getComputedStyle(document.documentElement).fontSize);
}

/** A chart and the option it should show: the option may change before the canvas is ready to draw it. */
interface Drawing {
  chart?: ECharts;
  option: ChartOption;
  shown?: ChartOption;
}

function draw(drawing: Drawing) {
  if (!drawing.chart || drawing.shown === drawing.option) return;
  drawing.chart.setOption(drawing.option, { notMerge: true });
  drawing.shown = drawing.option;
}

/**
 * One ECharts chart in a box sized by CSS (`className`, `style`), so it follows the page's rpx/rem like everything
 * else: in H5 ECharts draws into the View's DOM node and keeps to its size; in WeChat it draws into a canvas of type 2d,
 * measured once it is on the page, and touches on the canvas are forwarded to it.
 */
export function EChart({ option, className, style }: { option: ChartOption; className: string; style?: CSSProperties }) {
  const [id] = useState(() => `echart-${++charts}`);
  const drawing = useRef<Drawing>({ option }).current;

  useEffect(() => {
    let gone = false;
    let release = () => {};
    if (process.env.TARO_ENV === 'h5') {
      const chart = echarts.init(document.getElementById(id));
      drawing.chart = chart;
      draw(drawing);
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      release = () => window.removeEventListener('resize', resize);
    } else {
      // The canvas node exists once Taro has passed this render on to the page.
      Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec(([found]: Array<{ node?: CanvasNode; width: number; height: number } | null>) => {
            if (gone || !found?.node) return;
            drawing.chart = echarts.init(new CanvasRoot(found.node) as unknown as HTMLElement, undefined, {
              width: found.width,
              height: found.height,
              devicePixelRatio: Taro.getWindowInfo().pixelRatio,
            });
            draw(drawing);
          });
      });
    }
    return () => {
      gone = true;
      release();
      drawing.chart?.dispose();
      drawing.chart = drawing.shown = undefined;
    };
  }, [id, drawing]);

  useEffect(() => {
    drawing.option = option;
    draw(drawing);
  });

  if (process.env.TARO_ENV === 'h5') return <View id={id} className={className} style={style} />;
  const touch = (phase: 'start' | 'move' | 'end') => (event: Parameters<typeof forwardTouch>[2]) => {
    if (drawing.chart) forwardTouch(drawing.chart.getZr().handler, phase, event);
  };
  return (
    <Canvas
      type='2d'
      id={id}
      className={className}
      style={style}
      onTouchStart={touch('start')}
      onTouchMove={touch('move')}
      onTouchEnd={touch('end')}
    />
  );
}
