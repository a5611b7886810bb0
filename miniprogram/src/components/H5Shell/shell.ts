// In WeChat the navigation bar is native and there is no tab bar: nothing to load (the H5 build takes shell.h5.ts).
export {};
