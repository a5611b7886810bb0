import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The words of member and manager screens live in text modules (pages/me/me-text.ts, services/points-text.ts …),
 * never inline in a screen: a .tsx of these screens holds no Chinese string or JSX text (comments may). Only HQ's
 * console (packages/hq, staff at a desk) still keeps some of its words inline.
 */
const SRC = join(__dirname, '..');
const SCREENS = ['pages', 'components', 'packages'];
const EXCEPT = new Set(['packages/hq']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (EXCEPT.has(relative(SRC, path))) return [];
    if (statSync(path).isDirectory()) return tsxFiles(path);
    return path.endsWith('.tsx') && !path.endsWith('.spec.tsx') ? [path] : [];
  });
}

/** The Chinese a file's code says (strings, templates, JSX text), with its line. */
function inlineChinese(path: string, code = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const text =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
        ? node.text
        : undefined;
    if (text && CJK.test(text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${relative(SRC, path)}:${line + 1} ${text.trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('screens without inline Chinese', () => {
  it('keeps every word of the member and manager screens in a text module', () => {
    const files = SCREENS.flatMap((dir) => tsxFiles(join(SRC, dir)));
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((file) => file.includes('/packages/manager/'))).toBe(true);
    expect(files.flatMap((file) => inlineChinese(file))).toEqual([]);
  });

  it('finds a Chinese string or JSX text, and passes a comment', () => {
    const code = [
      '/** 说明 */',
      "const a = <Text title='标题'>正文</Text>; // 注释",
      'const b = `共 ${n} 张`;',
      "const c = 'plain';",
    ].join('\n');
    expect(inlineChinese(join(SRC, 'x.tsx'), code)).toEqual(['x.tsx:2 标题', 'x.tsx:2 正文', 'x.tsx:3 共', 'x.tsx:3 张']);
  });
});
