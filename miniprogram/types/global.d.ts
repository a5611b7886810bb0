/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.jpg';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd';
  }
}

/** Base URL of the MemberLoop API, set at build time; empty for the H5 app served by the API server itself. */
declare const MEMBERLOOP_API_BASE: string;
