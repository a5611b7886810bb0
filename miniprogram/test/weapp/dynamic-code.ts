import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';

/**
 * WeChat refuses code built at run time: eval and the Function constructor throw in the mini-program. The one
 * form allowed is Taro's `new Function('return this')` (it finds the global object and is guarded there).
 */
function isReturnThis(args: Node[]): boolean {
  const [only] = args as Array<Node & { value?: unknown }>;
  return args.length === 1 && only.type === 'Literal' && typeof only.value === 'string' && only.value.trim() === 'return this';
}

/** Every eval or Function constructor call in the build's JS, as `file:line:column what`. */
export function findDynamicCode(buildDir: string): string[] {
  const found: string[] = [];
  const jsFiles = readdirSync(buildDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  for (const file of jsFiles) {
    const source = readFileSync(path.join(buildDir, file), 'utf8');
    const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
    const report = (node: Node, what: string) =>
      found.push(`${file.split(path.sep).join('/')}:${node.loc?.start.line}:${node.loc?.start.column} ${what}`);
    const visit = (node: Node & { callee: Node & { name?: string }; arguments: Node[] }, how: string) => {
      if (node.callee.type !== 'Identifier') return;
      if (node.callee.name === 'eval') report(node, 'eval(…)');
      if (node.callee.name === 'Function' && !isReturnThis(node.arguments)) report(node, `${how}Function(…)`);
    };
    simple(ast, {
      CallExpression: (node) => visit(node as never, ''),
      NewExpression: (node) => visit(node as never, 'new '),
    });
  }
  return found;
}
