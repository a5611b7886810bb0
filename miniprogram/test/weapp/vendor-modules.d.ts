// The few parts of WeChat's simulator and compiler packages these checks use (they ship no types).
declare module 'miniprogram-simulate' {
  interface SimulatedNode {
    dom: HTMLElement;
    querySelector(selector: string): SimulatedNode | undefined;
    querySelectorAll(selector: string): SimulatedNode[];
    dispatchEvent(eventName: string, options?: Record<string, unknown>): void;
    instance: Record<string, unknown>;
  }
  interface SimulatedComponent extends SimulatedNode {
    attach(parent: Element): void;
    detach(): void;
    triggerLifeTime(name: string): void;
    triggerPageLifeTime(name: string, args?: unknown): void;
  }
  export function load(componentPath: string, options?: { compiler?: 'official' | 'simulate'; rootPath?: string }): string;
  export function render(id: string, properties?: Record<string, unknown>): SimulatedComponent;
  export function sleep(ms?: number): Promise<void>;
}

declare module 'miniprogram-compiler' {
  export function wxmlToJs(rootPath: string, options?: { wxmlList?: string[]; wxsList?: string[] }): string;
  export function wxssToJs(rootPath: string, options?: { wxssList?: string[] }): string;
}
