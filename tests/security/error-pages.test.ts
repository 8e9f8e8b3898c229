// The error pages (app/error.tsx, app/global-error.tsx and the workspace one)
// render ErrorNotice. Whatever was thrown, it shows the digest the server logs
// beside the error and nothing else of it: no message, no stack, so no PHI.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorNotice } from '@/components/ui/error-notice';

const render = (error: unknown) => renderToStaticMarkup(createElement(ErrorNotice, { error, retry: () => undefined }));

describe('error pages', () => {
  it('never show an error’s message or stack', () => {
    const e = Object.assign(new Error('patient jane.doe@example.com, MRN 12345'), { digest: '2893044711' });
    const html = render(e);
    expect(html).toContain('Something went wrong');
    expect(html).toContain('2893044711');
    expect(html).not.toContain('jane.doe');
    expect(html).not.toContain('MRN');
    expect(html).not.toContain(e.stack!.split('\n')[1].trim());
  });

  it('show no reference for a value thrown in the browser, whatever it carries', () => {
    const html = render({ message: 'jane.doe@example.com', digest: 42 });
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('jane.doe');
    expect(html).not.toContain('reference');
  });
});
