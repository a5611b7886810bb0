#!/usr/bin/env node
// Every Taro.* API the mini-program calls must exist in WeChat: it is compared with the `Wx` interface of
// miniprogram-api-typings (WeChat's own API declarations). Taro's runtime helpers that are not WeChat APIs
// and Taro's hooks (use…) are allowed by name. Run by `npm run typecheck -w miniprogram`.
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** Provided by Taro's runtime itself on every platform, not by wx. */
const TARO_RUNTIME = new Set([
  'pxTransform',
  'initPxTransform',
  'eventCenter',
  'Events',
  'getCurrentInstance',
  'getCurrentPages',
  'getEnv',
  'ENV_TYPE',
  'getApp',
]);

function wechatApis() {
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const names = new Set();
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Wx') {
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) names.add(member.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (names.size < 100) throw new Error(`found only ${names.size} APIs in ${file}: has miniprogram-api-typings changed shape?`);
  return names;
}

/** `Taro.x` in expressions (not in types) and `{ x }` imported from @tarojs/taro, with where they are. */
function taroApisUsed(srcDir) {
  const used = [];
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && !/\.spec\.tsx?$/.test(f) && !f.endsWith('.d.ts'),
  );
  for (const file of files) {
    const full = path.join(srcDir, file);
    const source = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    let defaultName = null;
    const where = (node) => {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      return `${file.split(path.sep).join('/')}:${line + 1}:${character + 1}`;
    };
    const visit = (node) => {
      if (
        ts.isImportDeclaration(node) &&
        node.moduleSpecifier.text === '@tarojs/taro' &&
        node.importClause &&
        !node.importClause.isTypeOnly
      ) {
        if (node.importClause.name) defaultName = node.importClause.name.text;
        const bindings = node.importClause.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if (!element.isTypeOnly) used.push({ name: (element.propertyName || element.name).text, at: where(element) });
          }
        }
      }
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === defaultName) {
        used.push({ name: node.name.text, at: where(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return used;
}

const wx = wechatApis();
const used = taroApisUsed(path.resolve(process.argv[2] || path.join(__dirname, '../src')));
const missing = used.filter(({ name }) => !name.startsWith('use') && !TARO_RUNTIME.has(name) && !wx.has(name));
if (missing.length > 0) {
  console.error('Taro APIs the app calls that WeChat does not have (miniprogram-api-typings):');
  for (const { name, at } of missing) console.error(`  Taro.${name} at ${at}`);
  process.exit(1);
}
const distinct = new Set(used.map((u) => u.name));
console.log(`Taro APIs checked against WeChat's (miniprogram-api-typings, ${wx.size} APIs): ${distinct.size} used, all present`);
