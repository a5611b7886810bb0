import type { CanvasTouchEvent } from '@tarojs/components';
import { CanvasRoot, forwardTouch } from './canvas-adapter';

const touchEvent = (touches: Array<{ x: number; y: number }>, changed = touches) =>
  ({
    touches: touches.map((t, identifier) => ({ identifier, ...t })),
    changedTouches: changed.map((t, identifier) => ({ identifier, ...t })),
  }) as unknown as CanvasTouchEvent;

describe('CanvasRoot', () => {
  it('sizes the canvas node and draws through its 2d context', () => {
    const context = { fillRect: jest.fn() };
    const node = { width: 300, height: 150, getContext: jest.fn(() => context) };
    const root = new CanvasRoot(node);
    root.width = 684;
    root.height = 332;
    expect([node.width, node.height, root.width, root.height]).toEqual([684, 332, 684, 332]);
    expect(root.getContext('2d')).toBe(context);
    expect(node.getContext).toHaveBeenCalledWith('2d');
    // zrender mounts DOM listeners on its root: they must be there, and do nothing.
    expect(() => root.addEventListener()).not.toThrow();
    expect(() => root.removeEventListener()).not.toThrow();
  });
});

describe('forwardTouch', () => {
  const dispatched = (phase: 'start' | 'move' | 'end', event: CanvasTouchEvent) => {
    const dispatch = jest.fn();
    forwardTouch({ dispatch }, phase, event);
    return dispatch.mock.calls.map(([name, pointer]) => [name, pointer.zrX, pointer.zrY]);
  };

  it('turns a tap into the pointer events that show a tooltip, where the finger is on the canvas', () => {
    expect(dispatched('start', touchEvent([{ x: 40, y: 12 }]))).toEqual([
      ['mousedown', 40, 12],
      ['mousemove', 40, 12],
    ]);
    expect(dispatched('move', touchEvent([{ x: 52, y: 14 }]))).toEqual([['mousemove', 52, 14]]);
    // A finger lifted is no longer in touches, only in changedTouches.
    expect(dispatched('end', touchEvent([], [{ x: 52, y: 15 }]))).toEqual([
      ['mouseup', 52, 15],
      ['click', 52, 15],
    ]);
  });

  it('ignores events without a touch, and gives zrender an event it can stop', () => {
    expect(dispatched('start', touchEvent([]))).toEqual([]);
    const dispatch = jest.fn();
    forwardTouch({ dispatch }, 'start', touchEvent([{ x: 1, y: 2 }]));
    const pointer = dispatch.mock.calls[0][1];
    expect(() => [pointer.preventDefault(), pointer.stopPropagation(), pointer.stopImmediatePropagation()]).not.toThrow();
  });
});
