#!/usr/bin/env node
// Measures the weapp build's main package (everything outside the subpackages declared in app.json)
// and fails above our budget. WeChat refuses a main package over 2 MB; we keep well under it.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const BUDGET_BYTES = 600 * 1024;
const root = join(__dirname, '../dist/weapp');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let app;
try {
  app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
} catch {
  console.error('No weapp build at miniprogram/dist/weapp: run "npm run build" first.');
  process.exit(1);
}
const subpackageRoots = (app.subPackages || app.subpackages || []).map((p) => p.root.replace(/\/?$/, '/'));
// Source maps and license notices are not uploaded with the package.
const counted = files(root).filter(
  (f) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt') && !f.endsWith('project.config.json'),
);
const inSubpackage = (f) => subpackageRoots.some((r) => relative(root, f).split(sep).join('/').startsWith(r));
const size = (list) => list.reduce((sum, f) => sum + statSync(f).size, 0);
const main = size(counted.filter((f) => !inSubpackage(f)));
const total = size(counted);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`weapp main package: ${kb(main)} (budget ${kb(BUDGET_BYTES)}), total with subpackages: ${kb(total)}`);
if (main > BUDGET_BYTES) {
  console.error(`The weapp main package is over budget by ${kb(main - BUDGET_BYTES)}: move pages into a subpackage.`);
  process.exit(1);
}
