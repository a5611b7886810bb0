import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import postcss, { type Root } from 'postcss';

/*
 * The theme (theme.css) is the one place for colours: every other stylesheet names them through its variables, so a
 * brand's colours change in one file and no screen keeps an old brown. These tests read the stylesheets as text.
 */
const SOURCE = __dirname;
const THEME = join(SOURCE, 'theme.css');

const stylesheets = (readdirSync(SOURCE, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => file.endsWith('.css'))
  .map((file) => join(SOURCE, file))
  .filter((file) => file !== THEME)
  .sort();

const parse = (file: string): Root => postcss.parse(readFileSync(file, 'utf8'), { from: file });
const where = (file: string, line: number | undefined) => `${relative(SOURCE, file)}:${line ?? '?'}`;

/** Hex, rgb()/rgba(), hsl()/hsla() and the plain colour names someone might reach for. */
const COLOUR_LITERAL =
  /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|\b(?:white|black|red|green|blue|gr[ae]y|yellow|orange|purple|pink|brown|gold|silver)\b/i;
/** Whether a declaration's value writes a colour itself (the theme's variable names, like --color-gold, do not count). */
const writesColour = (value: string) => COLOUR_LITERAL.test(value.replace(/var\(\s*--[\w-]+/g, 'var('));

describe('the theme is the one place for colours', () => {
  test('the stylesheets are found', () => {
    expect(stylesheets.length).toBeGreaterThan(20);
  });

  test('no stylesheet but theme.css writes a colour literal', () => {
    const literals: string[] = [];
    for (const file of stylesheets) {
      parse(file).walkDecls((decl) => {
        if (writesColour(decl.value)) literals.push(`${where(file, decl.source?.start?.line)}  ${decl.toString()}`);
      });
    }
    // Name the colour in theme.css (or use one already there) and write var(--color-…) in its place.
    expect(literals).toEqual([]);
  });

  test('no stylesheet but theme.css declares a variable of its own', () => {
    const declarations: string[] = [];
    for (const file of stylesheets) {
      parse(file).walkDecls(/^--/, (decl) => {
        declarations.push(`${where(file, decl.source?.start?.line)}  ${decl.prop}`);
      });
    }
    expect(declarations).toEqual([]);
  });

  test('the checker sees the literals it is meant to stop', () => {
    const literals = ['#5a4632', '#FFF', 'rgba(43, 37, 34, 0.2)', 'hsl(30 20% 40%)', '1px solid white', 'Black'];
    for (const value of [...literals, 'var(--color-brand, #5a4632)']) {
      expect(writesColour(value)).toBe(true);
    }
    for (const value of ['var(--color-gold-pale)', '2px solid var(--color-white)', 'transparent', 'currentColor', 'nowrap']) {
      expect(writesColour(value)).toBe(false);
    }
  });
});

describe('theme.css', () => {
  const theme = parse(THEME);
  const declared = new Set<string>();
  theme.walkDecls(/^--/, (decl) => {
    declared.add(decl.prop);
  });

  test('declares its variables for both builds: on page in WeChat and on :root in H5', () => {
    const selectors: string[] = [];
    theme.walkRules((rule) => {
      selectors.push(...rule.selectors);
    });
    expect(selectors.sort()).toEqual([':root', 'page']);
  });

  test('declares every variable a stylesheet reads (a misspelt name silently drops the declaration)', () => {
    const unknown: string[] = [];
    for (const file of stylesheets) {
      parse(file).walkDecls((decl) => {
        for (const [, name] of decl.value.matchAll(/var\(\s*(--[\w-]+)/g)) {
          if (!declared.has(name)) unknown.push(`${where(file, decl.source?.start?.line)}  ${name}`);
        }
      });
    }
    expect(unknown).toEqual([]);
  });

  test('is imported by the app before any other stylesheet', () => {
    const imports = [...readFileSync(join(SOURCE, 'app.tsx'), 'utf8').matchAll(/^import '([^']+)';$/gm)].map(([, path]) => path);
    expect(imports[0]).toBe('./theme.css');
  });
});
