import { createElement, type ReactNode } from 'react';

type ShimProps = { children?: ReactNode; className?: string; style?: object; onClick?: () => void; [prop: string]: unknown };

/** Each Taro component rendered as the HTML element it becomes in H5, keeping className and click handlers. */
function shim(tag: string, displayName: string) {
  const Component = ({ children, className, style, onClick, ...rest }: ShimProps) => {
    const dataProps = Object.fromEntries(
      Object.entries(rest).filter(([key]) => key.startsWith('data-') || key.startsWith('aria-')),
    );
    return createElement(tag, { className, style, onClick, ...dataProps }, children);
  };
  Component.displayName = displayName;
  return Component;
}

export const View = shim('div', 'View');
export const Text = shim('span', 'Text');
export const Button = shim('button', 'Button');
export const Image = ({ src, className }: { src: string; className?: string }) => createElement('img', { src, className });
export const ScrollView = shim('div', 'ScrollView');
export const Swiper = shim('div', 'Swiper');
export const SwiperItem = shim('div', 'SwiperItem');
export const Input = shim('input', 'Input');
export const Form = shim('form', 'Form');
export const Label = shim('label', 'Label');
export const Navigator = shim('a', 'Navigator');
export const Canvas = shim('canvas', 'Canvas');
export const Progress = shim('progress', 'Progress');
