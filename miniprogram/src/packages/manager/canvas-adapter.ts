import type { CanvasTouchEvent } from '@tarojs/components';

/** A WeChat canvas of type 2d as a SelectorQuery returns its node: what ECharts draws with. */
export interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

/**
 * The element zrender draws in, over a WeChat canvas node. zrender sets the canvas's pixel size, draws through its 2d
 * context, and mounts DOM listeners on it; the node has no DOM events, so those hooks do nothing and the Canvas
 * component's touches reach the chart through forwardTouch instead.
 */
export class CanvasRoot {
  constructor(private readonly node: CanvasNode) {}

  get width(): number {
    return this.node.width;
  }
  set width(pixels: number) {
    this.node.width = pixels;
  }
  get height(): number {
    return this.node.height;
  }
  set height(pixels: number) {
    this.node.height = pixels;
  }

  getContext(type: '2d'): unknown {
    return this.node.getContext(type);
  }

  addEventListener(): void {}

  removeEventListener(): void {}
}

type PointerEventName = 'mousedown' | 'mousemove' | 'mouseup' | 'click';

/** What takes pointer events in a chart: zrender's handler (`chart.getZr().handler`). */
export interface PointerTarget {
  dispatch(name: PointerEventName, event: object): void;
}

const EVENTS_OF: Record<'start' | 'move' | 'end', PointerEventName[]> = {
  start: ['mousedown', 'mousemove'],
  move: ['mousemove'],
  end: ['mouseup', 'click'],
};

/**
 * A finger on the canvas as the mouse events ECharts reacts to, at the touch's position in the canvas: touching a bar
 * or a slice shows its tooltip, as hovering does in a browser.
 */
export function forwardTouch(target: PointerTarget, phase: 'start' | 'move' | 'end', event: CanvasTouchEvent): void {
  const touch = phase === 'end' ? event.changedTouches?.[0] : event.touches?.[0];
  if (!touch) return;
  const pointer = {
    zrX: touch.x,
    zrY: touch.y,
    preventDefault() {},
    stopPropagation() {},
    stopImmediatePropagation() {},
  };
  for (const name of EVENTS_OF[phase]) target.dispatch(name, pointer);
}
