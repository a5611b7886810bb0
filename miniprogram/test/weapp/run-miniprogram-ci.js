#!/usr/bin/env node
// Runs miniprogram-ci on a weapp build, offline, and prints one JSON line: what getCompiledResult refused
// (app.json, page files, subpackage roots, tabBar rules, icon sizes) and checkCodeQuality's size per package.
// A child process of its own because miniprogram-ci leaves file watchers and worker processes running.
const ci = require('miniprogram-ci');

async function check(buildDir) {
  const project = new ci.Project({
    appid: 'touristappid',
    type: 'miniProgram',
    projectPath: buildDir,
    // Read only by upload and preview, which these checks never call.
    privateKey: 'no-upload-key',
    // The attributes WeChat's server would send for the appid (limits, flags): the package's own defaults,
    // so that nothing asks a WeChat host.
    attr: async () => ci.DefaultProjectAttr,
  });
  let compileError = null;
  try {
    await ci.getCompiledResult({ project, setting: { es6: false, minify: false } });
  } catch (error) {
    compileError = String((error && error.message) || error);
  }
  const quality = await ci.checkCodeQuality(project);
  const sizes = quality.find((item) => item.name === 'PACKAGE_SIZE_LIMIT');
  return { compileError, packageBytes: sizes ? sizes.detail : null };
}

check(process.argv[2]).then(
  (result) => {
    process.stdout.write(`\nWECHAT_CI_RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`${(error && error.stack) || error}\n`);
    process.exit(1);
  },
);
