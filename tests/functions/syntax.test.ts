// checkFunctionCode: QuickJS's own compiler, with positions an editor can point at.
import { describe, expect, it } from 'vitest';
import { checkFunctionCode } from '@/lib/server/functions/sandbox';

describe('checkFunctionCode', () => {
  it('locates a syntax error on line 7, column 12', async () => {
    const code = [
      '// a destination function',
      'async function onTrack(event, settings) {',
      '  const endpoint = settings.endpoint;',
      '  const body = JSON.stringify(event);',
      '  return fetch(endpoint, {',
      "    method: 'POST',",
      '    body: body,,',
      '  });',
      '}',
    ].join('\n');
    // Line 7 is "    body: body,," : the second comma, the unexpected token, is column 16.
    const line7 = code.split('\n')[6]!;
    expect(line7.indexOf(',,') + 2).toBe(16);
    const r = await checkFunctionCode(code);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 7, column: 16 });
    expect(r.errors[0]!.message).toMatch(/^SyntaxError: /);
  });

  it('points at the token for other syntax errors', async () => {
    const cases: [string, number, number][] = [
      ['\n\n\n\n\n\n  foo.bar( ;\nfunction onTrack() {}', 7, 12],
      ['function onTrack() {\n  let x = ;\n}', 2, 11],
      ['function onTrack() {\n  return "unterminated;\n}', 2, 10],
      ['function onIdentify(e) {\n  return e\n', 3, 1],
    ];
    for (const [code, line, column] of cases) {
      const r = await checkFunctionCode(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.errors[0], code).toMatchObject({ line, column });
    }
  });

  it('reports an error thrown by the top-level code where it happens', async () => {
    const r = await checkFunctionCode('const a = 1;\nconst b = 2;\n\nconst c = missing.value;\nfunction onTrack() {}');
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 4, column: 11, message: "ReferenceError: 'missing' is not defined" }],
    });
  });

  it('reports code that defines no handler', async () => {
    const r = await checkFunctionCode('function helper() { return 1 }\nconst onTrak = () => 1;');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^No handler defined: define at least one of onTrack, onIdentify/);
    expect((await checkFunctionCode('')).ok).toBe(false);
  });

  it('lists the handlers the code defines, in whatever form', async () => {
    const r = await checkFunctionCode(`
      async function onTrack(event, settings) {}
      function onIdentify() {}
      const onPage = async () => {};
      let onBatch = function (events) {};
      var onDelete = (e) => e;
      const notAHandler = 1;
    `);
    expect(r).toEqual({ ok: true, handlers: ['onTrack', 'onIdentify', 'onPage', 'onDelete', 'onBatch'] });
  });

  it('rejects module syntax (functions are scripts, as on Segment)', async () => {
    const r = await checkFunctionCode('export async function onTrack() {}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ line: 1, column: 1 });
  });
});
