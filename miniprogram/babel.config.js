// Taro builds use babel-preset-taro; jest (NODE_ENV=test) compiles components for Node + jsdom instead.
module.exports =
  process.env.NODE_ENV === 'test'
    ? {
        presets: [
          ['@babel/preset-env', { targets: { node: 'current' } }],
          ['@babel/preset-react', { runtime: 'automatic' }],
          '@babel/preset-typescript',
        ],
      }
    : {
        presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
      };
